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

/** Mean and sample standard deviation (0 for one value). */
export function meanSd(values: readonly number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/** Each expert's count, mean and (sample) standard deviation, in expert id order. */
export function expertProfiles(scores: readonly RawScore[]): ExpertProfile[] {
  const byExpert = totalsByExpert(scores);
  return [...byExpert]
    .sort(([a], [b]) => a - b)
    .map(([expertId, values]) => ({ expertId, count: values.length, ...meanSd(values) }));
}

function totalsByExpert(scores: readonly RawScore[]): Map<number, number[]> {
  const byExpert = new Map<number, number[]>();
  for (const s of scores) {
    const list = byExpert.get(s.expertId);
    if (list) list.push(s.totalCenti);
    else byExpert.set(s.expertId, [s.totalCenti]);
  }
  return byExpert;
}

/** How many of the ascending `sorted` values are below `value` (binary search). */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The value at quantile q (0..1) of sorted values, linear between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Mid-rank percentile (0..1) of value among the ascending `sorted` values: ties share the middle of their ranks. */
function midRankPercentile(sorted: readonly number[], value: number): number {
  if (sorted.length === 1) return 0.5;
  const below = countBelow(sorted, value);
  const equal = countBelow(sorted, value + 1) - below; // centipoints are integers
  return (below + (equal - 1) / 2) / (sorted.length - 1);
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
  const byExpert = totalsByExpert(scores);
  const stats = new Map([...byExpert].map(([id, own]) => [id, { ...meanSd(own), sorted: [...own].sort((a, b) => a - b) }]));

  return scores.map((s) => {
    const own = stats.get(s.expertId)!;
    if (own.sorted.length < minScoresPerExpert) return { ...s, normalisedCenti: s.totalCenti, rawBecause: "too-few-scores" as const };
    if (method === "zscore") {
      const { mean, sd } = own;
      if (sd === 0 || panel.sd === 0) return { ...s, normalisedCenti: s.totalCenti, rawBecause: "no-spread" as const };
      return { ...s, normalisedCenti: Math.round(panel.mean + (panel.sd * (s.totalCenti - mean)) / sd) };
    }
    return { ...s, normalisedCenti: Math.round(quantile(sortedAll, midRankPercentile(own.sorted, s.totalCenti))) };
  });
}

export interface RoundScore extends RawScore {
  round: string;
}

/**
 * Normalises each round separately (a desk panel and a live panel are different scales), over every
 * submitted score of that round in the competition. Returns a lookup by round, proposal and expert.
 */
export function normaliseByRound(scores: readonly RoundScore[], method: NormalisationMethod, minScoresPerExpert: number) {
  const byRound = new Map<string, RoundScore[]>();
  for (const s of scores) {
    const list = byRound.get(s.round);
    if (list) list.push(s);
    else byRound.set(s.round, [s]);
  }
  const out = new Map<string, NormalisedScore>();
  for (const [round, list] of byRound) {
    for (const n of normaliseScores(list, method, minScoresPerExpert)) out.set(`${round}:${n.proposalId}:${n.expertId}`, n);
  }
  return (round: string, proposalId: number, expertId: number) => out.get(`${round}:${proposalId}:${expertId}`);
}

/** The spread (max − min) of a set of totals; 0 for fewer than two. */
export function spreadOf(totalsCenti: readonly number[]): number {
  return totalsCenti.length < 2 ? 0 : Math.max(...totalsCenti) - Math.min(...totalsCenti);
}

/** A proposal whose scores spread (max − min) beyond the threshold needs a panel note before publication. */
export function isDiscordant(totalsCenti: readonly number[], thresholdCenti: number): boolean {
  return thresholdCenti > 0 && spreadOf(totalsCenti) > thresholdCenti;
}
