// The public lottery: near-ties at the budget line and micro-grant tracks are ordered by SHA-256 of a
// seed announced before the draw. Specified in docs/lottery.md so anyone can rerun it with sha256sum.
import { createHash } from "node:crypto";

export interface LotteryEntry {
  /** the proposal's public number, as printed in the notice */
  number: string;
}

export interface DrawnEntry<T extends LotteryEntry> {
  entry: T;
  /** hex SHA-256 of `${seed}:${number}` (UTF-8) */
  digest: string;
  /** 1-based place in the draw */
  place: number;
}

/** The digest the order is drawn by: `printf '%s' "SEED:NUMBER" | sha256sum`. */
export function lotteryDigest(seed: string, number: string): string {
  return createHash("sha256").update(`${seed}:${number}`, "utf8").digest("hex");
}

/** Orders entries by ascending digest (ties, impossible in practice, by number). The same seed, the same order. */
export function drawLottery<T extends LotteryEntry>(seed: string, entries: readonly T[]): DrawnEntry<T>[] {
  if (!seed.trim()) throw new RangeError("a lottery needs a published seed");
  const numbers = new Set(entries.map((e) => e.number));
  if (numbers.size !== entries.length) throw new RangeError("lottery entries need distinct numbers");
  return entries
    .map((entry) => ({ entry, digest: lotteryDigest(seed, entry.number) }))
    .sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : a.entry.number < b.entry.number ? -1 : 1))
    .map((d, i) => ({ ...d, place: i + 1 }));
}

export interface ScoredEntry extends LotteryEntry {
  finalCenti: number;
}

/**
 * The near-tie group at the budget line: every entry whose final score lies within `bandCenti` of the
 * marginal score (the last entry that strict score order still funds). Empty when the band is 0 or
 * fewer than two entries fall in it.
 */
export function nearTieGroup<T extends ScoredEntry>(ranked: readonly T[], lastFundedIndex: number, bandCenti: number): T[] {
  if (bandCenti <= 0 || lastFundedIndex < 0 || lastFundedIndex >= ranked.length) return [];
  const marginal = ranked[lastFundedIndex].finalCenti;
  const group = ranked.filter((e) => Math.abs(e.finalCenti - marginal) <= bandCenti);
  return group.length >= 2 ? group : [];
}

/**
 * An expert's own order of their proposals (to dilute order effects): ascending
 * SHA-256 of `order:COMPETITION:EXPERT:PROPOSAL`. Each expert gets a different order, the same one
 * on every visit, and anyone can recompute it; no one can choose it.
 */
export function reviewOrderKey(competitionId: number, expertId: number, proposalId: number): string {
  return lotteryDigest(`order:${competitionId}:${expertId}`, String(proposalId));
}
