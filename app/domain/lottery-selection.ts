// Selection with the public lottery (issue 16, docs/lottery.md): a division either walks its ranking
// as usual with the near-ties at the budget line reordered by the draw, or — a micro-grant track —
// draws among every proposal that passed the qualification line and funds in draw order. Both reuse
// the ordinary budget walk (skip what no longer fits, partial grants and quotas as configured), so a
// draw changes only the order in which proposals are considered.
import { drawLottery, nearTieGroup } from "./lottery";
import type { Fen } from "./money";
import { type SelectionCandidate, type SelectionRules, type SelectionStep, selectFundedProposals } from "./selection";

export interface DrawCandidate extends SelectionCandidate {
  /** the proposal's public number (publicNumber), what the digest is computed from */
  number: string;
}

export interface DrawEntry {
  proposalId: number;
  number: string;
  finalCenti: number;
  /** hex SHA-256 of `SEED:NUMBER`; null until the seed is entered */
  digest: string | null;
  /** 1-based place in the draw; null until the seed is entered */
  place: number | null;
  grantFen: Fen;
}

export type DrawKind = "nearTie" | "track";

export interface DivisionDraw {
  kind: DrawKind;
  /** nearTie: the band around the marginal score; 0 for a track */
  bandCenti: number;
  /** nearTie: the final score of the last proposal strict score order funds */
  marginalCenti: number | null;
  /** the group is known but the seed is not entered yet: no notice may be published */
  pending: boolean;
  /** in draw order once drawn, in ranking order while pending */
  entries: DrawEntry[];
}

export interface LotteryRules {
  /** the division is a micro-grant lottery track */
  track: boolean;
  /** near-tie band in hundredths of a point; 0 = no near-tie lottery */
  bandCenti: number;
  /** the published seed, or null while none has been entered */
  seed: string | null;
}

/** A proposal's public number, as printed in the ranking and the notice: division code and id, e.g. `WQ-0007`. */
export function publicNumber(divisionCode: string, proposalId: number): string {
  return `${divisionCode}-${String(proposalId).padStart(4, "0")}`;
}

const byRank = (a: SelectionCandidate, b: SelectionCandidate) =>
  (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.proposalId - b.proposalId;

/** The budget walk over candidates in the given order (ranks renumbered to that order; unranked stay unranked). */
function walkInOrder<T extends SelectionCandidate>(order: readonly T[], budgetFen: Fen, rules: SelectionRules) {
  return selectFundedProposals(order.map((c, i) => ({ ...c, rank: c.rank === null ? null : i + 1 })), budgetFen, rules);
}

function entriesOf(candidates: readonly DrawCandidate[], steps: readonly SelectionStep[], drawn?: Map<number, { digest: string; place: number }>): DrawEntry[] {
  const grant = new Map(steps.map((s) => [s.proposalId, s.grantFen]));
  return candidates.map((c) => ({
    proposalId: c.proposalId,
    number: c.number,
    finalCenti: c.finalCenti!,
    digest: drawn?.get(c.proposalId)?.digest ?? null,
    place: drawn?.get(c.proposalId)?.place ?? null,
    grantFen: grant.get(c.proposalId) ?? 0,
  }));
}

/**
 * Selection of ONE division with its lottery, if any. Without a lottery (track off, band 0, or no
 * near-tie that changes anything) the result is exactly selectFundedProposals'. Steps are returned in
 * the order the budget was walked.
 */
export function selectWithLottery(candidates: readonly DrawCandidate[], budgetFen: Fen, rules: SelectionRules, lottery: LotteryRules): { steps: SelectionStep[]; draw: DivisionDraw | null } {
  const ordered = [...candidates].sort(byRank);
  const strict = selectFundedProposals(ordered, budgetFen, rules);
  const passes = (c: DrawCandidate) => c.rank !== null && c.finalCenti !== null && c.finalCenti >= rules.qualificationLineCenti;
  const pool = ordered.filter(passes);

  if (lottery.track) {
    if (pool.length === 0) return { steps: strict, draw: null };
    if (!lottery.seed) {
      // nothing is funded before the draw: every passing proposal waits for it
      const waiting = new Set(pool.map((c) => c.proposalId));
      const steps = strict.map((s) => ({
        ...s,
        ...(waiting.has(s.proposalId) ? { outcome: "awaitingDraw" as const } : {}),
        grantFen: 0,
        remainingBeforeFen: budgetFen,
        remainingAfterFen: budgetFen,
      }));
      return { steps, draw: { kind: "track", bandCenti: 0, marginalCenti: null, pending: true, entries: entriesOf(pool, steps) } };
    }
    const drawn = drawLottery(lottery.seed, pool);
    const inDraw = new Set(pool.map((c) => c.proposalId));
    const steps = walkInOrder([...drawn.map((d) => d.entry), ...ordered.filter((c) => !inDraw.has(c.proposalId))], budgetFen, rules);
    const places = new Map(drawn.map((d) => [d.entry.proposalId, { digest: d.digest, place: d.place }]));
    return { steps, draw: { kind: "track", bandCenti: 0, marginalCenti: null, pending: false, entries: entriesOf(drawn.map((d) => d.entry), steps, places) } };
  }

  if (lottery.bandCenti <= 0) return { steps: strict, draw: null };
  const stepOf = new Map(strict.map((s) => [s.proposalId, s]));
  let lastFunded = -1;
  pool.forEach((c, i) => {
    if (stepOf.get(c.proposalId)!.grantFen > 0) lastFunded = i;
  });
  const group = nearTieGroup(
    pool.map((c) => ({ ...c, finalCenti: c.finalCenti! })),
    lastFunded,
    lottery.bandCenti,
  ) as DrawCandidate[];
  // a draw only where it can change something: some member is not funded in full by score order
  if (group.length < 2 || group.every((c) => stepOf.get(c.proposalId)!.outcome === "funded")) return { steps: strict, draw: null };
  const marginalCenti = pool[lastFunded].finalCenti;
  if (!lottery.seed) {
    return { steps: strict, draw: { kind: "nearTie", bandCenti: lottery.bandCenti, marginalCenti, pending: true, entries: entriesOf(group, strict) } };
  }
  const drawn = drawLottery(lottery.seed, group);
  // the group's places in the ranking are kept; who stands in them is the draw's order
  const members = new Set(group.map((c) => c.proposalId));
  let next = 0;
  const order = ordered.map((c) => (members.has(c.proposalId) ? drawn[next++].entry : c));
  const steps = walkInOrder(order, budgetFen, rules);
  const places = new Map(drawn.map((d) => [d.entry.proposalId, { digest: d.digest, place: d.place }]));
  return {
    steps,
    draw: { kind: "nearTie", bandCenti: lottery.bandCenti, marginalCenti, pending: false, entries: entriesOf(drawn.map((d) => d.entry), steps, places) },
  };
}
