// Panel reliability page strings (English).
import type { fair as zh } from "../zh-CN/fair";

export const fair: Record<keyof typeof zh, string> = {
  "nav.organizerReliability": "Panel reliability",
  "fair.reliability.title": "Panel reliability",
  "fair.reliability.intro": "Do the experts agree? ICC(2,1) is the reliability of one expert's score, ICC(2,k) of the mean of k experts, Krippendorff's alpha uses every submitted score (experts may differ per proposal). 95 % intervals in brackets.",
  "fair.reliability.none": "No desk-round score has been submitted in this competition yet.",
  "fair.reliability.scope": "Scope",
  "fair.reliability.overall": "Total score (all divisions)",
  "fair.reliability.criterion": "Criterion: {name}",
  "fair.reliability.division": "Division: {name}",
  "fair.reliability.iccSingle": "ICC(2,1)",
  "fair.reliability.iccAverage": "ICC(2,k)",
  "fair.reliability.alpha": "alpha (interval)",
  "fair.reliability.basis": "Based on",
  "fair.reliability.reading": "Reading",
  "fair.reliability.basisText": "{ratings} scores · {proposals} proposals · {experts} experts; ICC on the fully crossed {blockProposals} proposals × {blockExperts} experts",
  "fair.reliability.noBlock": "no fully crossed block, so no ICC",
  "fair.reliability.howTitle": "How it is computed",
  "fair.reliability.how": "ICC follows Shrout & Fleiss (1979), two-way random effects, absolute agreement; intervals from the F distribution with Satterthwaite's degrees of freedom; ICC(2,k) bounds via Spearman–Brown. Alpha follows Krippendorff (2011) with the interval metric; proposals with one score drop out. Bands (Koo & Li, 2016): below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent.",
  "fair.reading.poor": "Low agreement: add experts per proposal, or align on the rubric and review again",
  "fair.reading.moderate": "Moderate agreement: close ranks may be due to chance in the panel",
  "fair.reading.good": "Good agreement",
  "fair.reading.excellent": "Excellent agreement",
  "fair.reading.unknown": "Not enough data to judge",
};
