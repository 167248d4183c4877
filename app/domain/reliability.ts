// How far the panel agreed: intraclass correlations ICC(2,1) and ICC(2,k) (Shrout & Fleiss 1979, two-way
// random effects, absolute agreement) with 95 % intervals, and Krippendorff's alpha for interval data,
// which also takes the incomplete designs of a real panel (not every expert scores every proposal).
// jstat is CommonJS: a default import works both in Node's ESM loader (the built server) and in vitest.
import jStat from "jstat";

/** A rating matrix: rows are proposals (targets), columns experts (judges); every cell present. */
export type CompleteMatrix = readonly (readonly number[])[];

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface IccResult {
  /** proposals (targets) */
  n: number;
  /** experts (judges) */
  k: number;
  bms: number;
  jms: number;
  ems: number;
  single: Interval;
  average: Interval;
}

/** Mean squares of the two-way ANOVA behind the ICC: between targets, between judges, residual. */
function meanSquares(m: CompleteMatrix) {
  const n = m.length;
  const k = m[0].length;
  const grand = m.flat().reduce((s, v) => s + v, 0) / (n * k);
  const rowMeans = m.map((row) => row.reduce((s, v) => s + v, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => m.reduce((s, row) => s + row[j], 0) / n);
  const ssRows = k * rowMeans.reduce((s, v) => s + (v - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((s, v) => s + (v - grand) ** 2, 0);
  const ssTotal = m.flat().reduce((s, v) => s + (v - grand) ** 2, 0);
  const ssError = ssTotal - ssRows - ssCols;
  return { n, k, bms: ssRows / (n - 1), jms: ssCols / (k - 1), ems: ssError / ((n - 1) * (k - 1)) };
}

/**
 * ICC(2,1) and ICC(2,k) with (1 − alpha) intervals. The single-rater interval follows Shrout & Fleiss
 * (1979) with Satterthwaite's degrees of freedom; the average-rater interval applies Spearman–Brown to its
 * bounds. Null when there are fewer than 2 proposals or 2 experts, or no variance at all.
 */
export function icc2(matrix: CompleteMatrix, alpha = 0.05): IccResult | null {
  const n = matrix.length;
  const k = n ? matrix[0].length : 0;
  if (n < 2 || k < 2 || matrix.some((row) => row.length !== k || row.some((v) => !Number.isFinite(v)))) return null;
  const { bms, jms, ems } = meanSquares(matrix);
  const denomSingle = bms + (k - 1) * ems + (k * (jms - ems)) / n;
  const denomAverage = bms + (jms - ems) / n;
  if (denomSingle <= 0 || denomAverage <= 0) return null;
  const single = (bms - ems) / denomSingle;
  const average = (bms - ems) / denomAverage;

  let lower = Number.NaN;
  let upper = Number.NaN;
  if (ems > 0) {
    const fj = jms / ems;
    const a = (k * single) / (n * (1 - single));
    const b = 1 + (k * single * (n - 1)) / (n * (1 - single));
    const v = ((a * fj + b) ** 2) / ((a * fj) ** 2 / (k - 1) + b ** 2 / ((n - 1) * (k - 1)));
    const fUpper = jStat.centralF.inv(1 - alpha / 2, n - 1, v);
    const fLower = jStat.centralF.inv(1 - alpha / 2, v, n - 1);
    lower = (n * (bms - fUpper * ems)) / (fUpper * (k * jms + (k * n - k - n) * ems) + n * bms);
    upper = (n * (fLower * bms - ems)) / (k * jms + (k * n - k - n) * ems + n * fLower * bms);
  }
  const spearmanBrown = (r: number) => (k * r) / (1 + (k - 1) * r);
  return {
    n,
    k,
    bms,
    jms,
    ems,
    single: { estimate: single, lower, upper },
    average: { estimate: average, lower: spearmanBrown(lower), upper: spearmanBrown(upper) },
  };
}

/** One rating: which proposal, by which expert, what value. */
export interface Rating {
  unit: string | number;
  rater: string | number;
  value: number;
}

/**
 * Krippendorff's alpha with the interval metric (squared differences). Units rated by fewer than two
 * raters are not pairable and drop out, as in Krippendorff (2011). Null when nothing is pairable or the
 * pairable values do not vary.
 */
export function krippendorffAlphaInterval(ratings: readonly Rating[]): { alpha: number; pairableValues: number; units: number } | null {
  const byUnit = new Map<string | number, number[]>();
  for (const r of ratings) {
    if (!Number.isFinite(r.value)) continue;
    const list = byUnit.get(r.unit) ?? [];
    list.push(r.value);
    byUnit.set(r.unit, list);
  }
  const units = [...byUnit.values()].filter((values) => values.length >= 2);
  const all = units.flat();
  const n = all.length;
  if (n < 2) return null;

  let observed = 0;
  for (const values of units) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) sum += (values[i] - values[j]) ** 2;
    observed += sum / (values.length - 1);
  }
  observed /= n;

  // Σ over ordered pairs (v_i − v_j)² = 2n·Σv² − 2(Σv)², computed without the n² loop.
  const sum = all.reduce((s, v) => s + v, 0);
  const sumSq = all.reduce((s, v) => s + v * v, 0);
  const expected = (2 * n * sumSq - 2 * sum * sum) / (n * (n - 1));
  if (expected === 0) return null;
  return { alpha: 1 - observed / expected, pairableValues: n, units: units.length };
}

/**
 * The largest fully crossed block in an incomplete panel: the experts shared by the most proposals.
 * ICC(2,·) needs every expert of the block to have scored every proposal of it; greedy on the most
 * common expert set, so the figure says on how many proposals and experts it rests.
 */
export function largestCompleteBlock(ratings: readonly Rating[]): { matrix: number[][]; units: string[]; raters: string[] } {
  const byUnit = new Map<string, Map<string, number>>();
  for (const r of ratings) {
    const row = byUnit.get(String(r.unit)) ?? new Map<string, number>();
    row.set(String(r.rater), r.value);
    byUnit.set(String(r.unit), row);
  }
  const candidateSets = new Map<string, string[]>();
  for (const row of byUnit.values()) {
    if (row.size < 2) continue;
    const raters = [...row.keys()].sort();
    candidateSets.set(raters.join("\u0000"), raters);
  }
  let best = { units: [] as string[], raters: [] as string[] };
  for (const raters of candidateSets.values()) {
    // Every proposal scored by at least these experts belongs to the block.
    const units = [...byUnit].filter(([, row]) => raters.every((r) => row.has(r))).map(([unit]) => unit);
    if (units.length >= 2 && units.length * raters.length > best.units.length * best.raters.length) best = { units, raters };
  }
  const matrix = best.units.map((u) => best.raters.map((r) => byUnit.get(u)!.get(r)!));
  return { matrix, units: best.units, raters: best.raters };
}

export type ReliabilityReading = "poor" | "moderate" | "good" | "excellent" | "unknown";

/** Koo & Li (2016) bands for an ICC or alpha: < 0.5 poor, < 0.75 moderate, < 0.9 good, else excellent. */
export function readReliability(value: number | null | undefined): ReliabilityReading {
  if (value === null || value === undefined || !Number.isFinite(value)) return "unknown";
  if (value < 0.5) return "poor";
  if (value < 0.75) return "moderate";
  if (value < 0.9) return "good";
  return "excellent";
}
