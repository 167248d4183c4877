// Per-expert score normalisation: a lenient and a harsh expert put on one scale before aggregation.
// Scores are centipoints; results are mapped back onto the competition's point scale so raw and
// normalised read side by side. Experts with too few scored proposals stay raw and are flagged.
export type NormalisationMethod = "none" | "zscore" | "percentile";

export interface RawScore {
  expertId: number;
  proposalId: number;
  totalCenti: number;
}

export interface NormalisedScore extends RawScore {
  /** the score used for aggregation, on the same scale (centipoints, rounded half-up) */
  normalisedCenti: number;
  /** why it was left raw, if it was */
  rawBecause?: "method-none" | "too-few-scores" | "no-spread";
}

export interface ExpertProfile {
  expertId: number;
  count: number;
  mean: number;
  sd: number;
}

function meanSd(values: readonly number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/** Each expert's count, mean and (sample) standard deviation, in expert id order. */
export function expertProfiles(scores: readonly RawScore[]): ExpertProfile[] {
  const byExpert = new Map<number, number[]>();
  for (const s of scores) byExpert.set(s.expertId, [...(byExpert.get(s.expertId) ?? []), s.totalCenti]);
  return [...byExpert]
    .sort(([a], [b]) => a - b)
    .map(([expertId, values]) => ({ expertId, count: values.length, ...meanSd(values) }));
}

/** The value at quantile q (0..1) of sorted values, linear between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Mid-rank percentile (0..1) of value among values: ties share the middle of their ranks. */
function midRankPercentile(values: readonly number[], value: number): number {
  if (values.length === 1) return 0.5;
  const below = values.filter((v) => v < value).length;
  const equal = values.filter((v) => v === value).length;
  return (below + (equal - 1) / 2) / (values.length - 1);
}

/**
 * z-score: x' = μ + σ·(x − μₑ)/σₑ with μ, σ over every score of the competition and μₑ, σₑ the expert's own.
 * percentile: the expert's mid-rank percentile of x mapped onto the panel's distribution of all scores.
 * Deterministic: the output depends only on the scores given, not their order.
 */
export function normaliseScores(scores: readonly RawScore[], method: NormalisationMethod, minScoresPerExpert: number): NormalisedScore[] {
  if (method === "none" || scores.length === 0) return scores.map((s) => ({ ...s, normalisedCenti: s.totalCenti, rawBecause: "method-none" as const }));
  const all = scores.map((s) => s.totalCenti);
  const panel = meanSd(all);
  const sortedAll = [...all].sort((a, b) => a - b);
  const byExpert = new Map<number, number[]>();
  for (const s of scores) byExpert.set(s.expertId, [...(byExpert.get(s.expertId) ?? []), s.totalCenti]);

  return scores.map((s) => {
    const own = byExpert.get(s.expertId)!;
    if (own.length < minScoresPerExpert) return { ...s, normalisedCenti: s.totalCenti, rawBecause: "too-few-scores" as const };
    if (method === "zscore") {
      const { mean, sd } = meanSd(own);
      if (sd === 0 || panel.sd === 0) return { ...s, normalisedCenti: s.totalCenti, rawBecause: "no-spread" as const };
      return { ...s, normalisedCenti: Math.round(panel.mean + (panel.sd * (s.totalCenti - mean)) / sd) };
    }
    return { ...s, normalisedCenti: Math.round(quantile(sortedAll, midRankPercentile(own, s.totalCenti))) };
  });
}

/** A proposal whose scores spread (max − min) beyond the threshold needs a panel note before publication. */
export function isDiscordant(totalsCenti: readonly number[], thresholdCenti: number): boolean {
  if (totalsCenti.length < 2) return false;
  return Math.max(...totalsCenti) - Math.min(...totalsCenti) > thresholdCenti;
}
