// Which sponsor's money paid for what. Money in the pool is fungible, so each payment is attributed
// to the sponsors pro rata to what each has handed over (received, not pledged): a sponsor that gave
// 25% of the pool is shown as having funded 25% of every payment. Shares are split with the largest-
// remainder method so the parts of a payment always add up to the payment, to the fen.
import type { Fen } from "./money";

/** Splits `amount` in proportion to `weights` (non-negative integers); parts sum to `amount` exactly. */
export function allocateProRata(amount: Fen, weights: readonly Fen[]): Fen[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  // BigInt keeps amount × weight exact beyond 2^53.
  const big = weights.map((w) => (BigInt(amount) * BigInt(w)));
  const parts = big.map((p) => Number(p / BigInt(total)));
  const remainders = big.map((p, i) => ({ i, r: Number(p % BigInt(total)) }));
  let left = amount - parts.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of remainders) {
    if (left <= 0) break;
    if (weights[i] > 0) {
      parts[i] += 1;
      left -= 1;
    }
  }
  return parts;
}

/** One sponsor's attributed share of a payment. */
export function sponsorShare(amount: Fen, sponsorIndex: number, weights: readonly Fen[]): Fen {
  return allocateProRata(amount, weights)[sponsorIndex] ?? 0;
}

/** Share as a percentage with two decimals, for display. */
export function sharePercent(part: Fen, whole: Fen): string {
  if (whole <= 0) return "0.00";
  return ((part * 100) / whole).toFixed(2);
}
