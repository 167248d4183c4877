// Expert scores and their aggregation: per-criterion points in 0.5 steps, kept as integer
// centipoints; round scores as exact fractions (mean, trimmed mean, median); rounds combined by
// weight; rounding half-up to 2 decimals happens once, at the very end.
import type { CompetitionRules, RubricCriterion } from "./competition-rules";

/** Scores are entered in half points: 0, 0.5, 1, ... up to the criterion's maximum. */
export const SCORE_STEP_CENTI = 50;

export type ReviewRoundName = "desk" | "live";
export type AggregationMethod = CompetitionRules["review"]["aggregation"];

/** An exact non-negative fraction num/den of centipoints. */
export interface Fraction {
  num: number;
  den: number;
}

export function fraction(num: number, den = 1): Fraction {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) throw new RangeError(`bad fraction ${num}/${den}`);
  const g = gcd(Math.abs(num), den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  while (b) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a || 1;
}

/** Half-up rounding of a non-negative fraction of centipoints to whole centipoints (2 decimals of a point). */
export function roundHalfUp(f: Fraction): number {
  return Math.floor((2 * f.num + f.den) / (2 * f.den));
}

export function compareFractions(a: Fraction, b: Fraction): number {
  return a.num * b.den - b.num * a.den;
}

/** 8688 → "86.88" */
export function formatCenti(centi: number): string {
  const sign = centi < 0 ? "-" : "";
  const abs = Math.abs(centi);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "86.5" → 8650; null unless it is a number with at most 2 decimals. */
export function parsePoints(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export type CriterionProblem = "missing" | "notHalfStep" | "aboveMax" | "negative";

/** Checks one expert's per-criterion centipoints against the rubric; returns problems by criterion key. */
export function checkCriteria(rubric: readonly RubricCriterion[], criteria: Record<string, number | null | undefined>) {
  const problems: Record<string, CriterionProblem> = {};
  for (const c of rubric) {
    const v = criteria[c.key];
    if (v === null || v === undefined || !Number.isInteger(v)) problems[c.key] = "missing";
    else if (v < 0) problems[c.key] = "negative";
    else if (v > c.maxPoints * 100) problems[c.key] = "aboveMax";
    else if (v % SCORE_STEP_CENTI !== 0) problems[c.key] = "notHalfStep";
  }
  return problems;
}

export function totalOfCriteria(rubric: readonly RubricCriterion[], criteria: Record<string, number | null | undefined>): number {
  return rubric.reduce((s, c) => s + (criteria[c.key] ?? 0), 0);
}

export interface ScoreEntry {
  /** who gave it (for the explanation) */
  expertId: number;
  totalCenti: number;
}

export interface RoundAggregate {
  method: AggregationMethod | "trimmed_mean_fallback_mean";
  /** every submitted total, in the order given */
  scores: ScoreEntry[];
  /** the entries dropped (trimmed mean: the k lowest, then the k highest) */
  dropped: ScoreEntry[];
  /** the entries that count */
  kept: ScoreEntry[];
  value: Fraction;
  roundedCenti: number;
  /** plain mean of all scores, used to flag outliers */
  panelMean: Fraction;
  /** entries further than outlierDistanceCenti from the panel mean */
  outliers: ScoreEntry[];
}

/** The fewest scores a trimmed mean dropping k highest and k lowest needs: at least `trimMinScores` and 2k+2. */
export function trimNeeds(trimMinScores: number, trimCount = 1): number {
  return Math.max(trimMinScores, 2 * trimCount + 2);
}

/**
 * Aggregates one round's totals. Trimmed mean drops the k (`trimCount`, default 1) highest and k
 * lowest only when there are at least trimNeeds(trimMinScores, k) scores; below that it is a plain
 * mean, marked trimmed_mean_fallback_mean so the page says so. Ties for highest/lowest drop the
 * entries with the lowest expert ids, so the explanation is stable (the value does not depend on it).
 */
export function aggregateRound(
  scores: readonly ScoreEntry[],
  options: { method: AggregationMethod; trimMinScores: number; outlierDistanceCenti: number; trimCount?: number },
): RoundAggregate | null {
  if (scores.length === 0) return null;
  const k = options.trimCount ?? 1;
  const sorted = [...scores].sort((a, b) => a.totalCenti - b.totalCenti || a.expertId - b.expertId);
  let kept = sorted;
  let dropped: ScoreEntry[] = [];
  let method: RoundAggregate["method"] = options.method;
  let value: Fraction;
  if (options.method === "median") {
    const n = sorted.length;
    value = n % 2 === 1 ? fraction(sorted[(n - 1) / 2].totalCenti) : fraction(sorted[n / 2 - 1].totalCenti + sorted[n / 2].totalCenti, 2);
  } else {
    if (options.method === "trimmed_mean") {
      if (sorted.length >= trimNeeds(options.trimMinScores, k)) {
        // the k lowest are the first k; the k highest are the top k of the rest, the lowest expert id
        // first among equal maxima (so exactly 2k entries are dropped even when every score is equal)
        const lows = sorted.slice(0, k);
        const rest = sorted.slice(k);
        const highs = [...rest].sort((a, b) => b.totalCenti - a.totalCenti || a.expertId - b.expertId).slice(0, k);
        dropped = [...lows, ...highs];
        kept = sorted.filter((s) => !dropped.includes(s));
      } else {
        method = "trimmed_mean_fallback_mean";
      }
    }
    value = fraction(kept.reduce((s, e) => s + e.totalCenti, 0), kept.length);
  }
  const sum = scores.reduce((s, e) => s + e.totalCenti, 0);
  const n = scores.length;
  const panelMean = fraction(sum, n);
  const outliers = scores.filter((s) => Math.abs(s.totalCenti * n - sum) > options.outlierDistanceCenti * n);
  return { method, scores: [...scores], dropped, kept: options.method === "median" ? [...sorted] : kept, value, roundedCenti: roundHalfUp(value), panelMean, outliers };
}

export interface CompositeScore {
  /** one weighted term per configured round */
  terms: { round: ReviewRoundName; weightPercent: number; value: Fraction }[];
  value: Fraction;
  roundedCenti: number;
}

/**
 * Combines round values by their integer percentage weights, exactly; null when a configured round
 * has no value yet (the proposal is not fully scored).
 */
export function compositeScore(
  rounds: readonly { round: ReviewRoundName; weightPercent: number }[],
  values: Partial<Record<ReviewRoundName, Fraction | null>>,
): CompositeScore | null {
  const terms: CompositeScore["terms"] = [];
  let acc = fraction(0);
  for (const r of rounds) {
    const v = values[r.round];
    if (!v) return null;
    terms.push({ round: r.round, weightPercent: r.weightPercent, value: v });
    // acc + weight * v / 100
    acc = fraction(acc.num * v.den * 100 + r.weightPercent * v.num * acc.den, acc.den * v.den * 100);
  }
  return { terms, value: acc, roundedCenti: roundHalfUp(acc) };
}
