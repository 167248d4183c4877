// Ranking within a division: by the published (2-decimal) final score, then the tie-break chain
// higher live score → higher first-criterion score → lower requested amount → earlier first submission.

export interface RankCandidate {
  proposalId: number;
  /** final composite score, rounded to hundredths; null = not fully scored (not ranked) */
  finalCenti: number | null;
  /** the live-round score, rounded; null when there is no live round */
  liveCenti: number | null;
  /** the first rubric criterion's panel score, rounded */
  firstCriterionCenti: number | null;
  requestedFen: number;
  firstSubmittedAt: string | null;
}

export type TieBreak = "final" | "live" | "firstCriterion" | "requested" | "submittedAt" | "proposalId";

export interface RankedEntry<T extends RankCandidate> {
  candidate: T;
  rank: number | null;
  /** the rule that placed it below the previous entry (null for the first or unranked) */
  decidedBy: TieBreak | null;
}

const nullLow = (v: number | null) => (v === null ? -1 : v);

function compareBy(a: RankCandidate, b: RankCandidate): { order: number; by: TieBreak } {
  const steps: [TieBreak, number][] = [
    ["final", nullLow(b.finalCenti) - nullLow(a.finalCenti)],
    ["live", nullLow(b.liveCenti) - nullLow(a.liveCenti)],
    ["firstCriterion", nullLow(b.firstCriterionCenti) - nullLow(a.firstCriterionCenti)],
    ["requested", a.requestedFen - b.requestedFen],
    ["submittedAt", (a.firstSubmittedAt ?? "9999").localeCompare(b.firstSubmittedAt ?? "9999")],
    // last resort so the order is total and stable; never reached by distinct submissions
    ["proposalId", a.proposalId - b.proposalId],
  ];
  for (const [by, order] of steps) if (order !== 0) return { order, by };
  return { order: 0, by: "proposalId" };
}

/** Orders the candidates of ONE division; unscored ones follow, unranked, by proposal id. */
export function rankDivision<T extends RankCandidate>(candidates: readonly T[]): RankedEntry<T>[] {
  const scored = candidates.filter((c) => c.finalCenti !== null).sort((a, b) => compareBy(a, b).order);
  const unscored = candidates.filter((c) => c.finalCenti === null).sort((a, b) => a.proposalId - b.proposalId);
  const ranked: RankedEntry<T>[] = scored.map((c, i) => ({
    candidate: c,
    rank: i + 1,
    decidedBy: i === 0 ? null : compareBy(scored[i - 1], c).by,
  }));
  return [...ranked, ...unscored.map((c) => ({ candidate: c, rank: null, decidedBy: null }))];
}
