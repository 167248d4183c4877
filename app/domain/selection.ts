// Budget-constrained selection within a division: fund down the ranking until the budget is used,
// never below the qualification line, skipping a proposal that no longer fits and trying the next.
import type { Fen } from "./money";

export interface SelectionCandidate {
  proposalId: number;
  rank: number | null;
  finalCenti: number | null;
  /** what the proposal asks for: the organizer's approved amount when set, else the requested amount */
  amountFen: Fen;
}

export type SelectionOutcome = "funded" | "partial" | "belowLine" | "doesNotFit" | "unscored";

export interface SelectionStep {
  proposalId: number;
  outcome: SelectionOutcome;
  grantFen: Fen;
  remainingBeforeFen: Fen;
  remainingAfterFen: Fen;
}

export interface SelectionRules {
  qualificationLineCenti: number;
  allowPartialGrant: boolean;
  minGrantFen: Fen;
}

/**
 * Walks the candidates of ONE division in rank order (unranked last). A proposal under the line
 * or unscored gets nothing. One that fits is funded in full; one that does not is funded with the
 * remainder only when partial grants are allowed and the remainder is at least minGrantFen,
 * otherwise it is skipped and the next one is tried.
 */
export function selectFundedProposals(candidates: readonly SelectionCandidate[], budgetFen: Fen, rules: SelectionRules): SelectionStep[] {
  const ordered = [...candidates].sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.proposalId - b.proposalId,
  );
  let remaining = budgetFen;
  return ordered.map((c) => {
    const before = remaining;
    const step = (outcome: SelectionOutcome, grantFen: Fen): SelectionStep => {
      remaining -= grantFen;
      return { proposalId: c.proposalId, outcome, grantFen, remainingBeforeFen: before, remainingAfterFen: remaining };
    };
    if (c.finalCenti === null || c.rank === null) return step("unscored", 0);
    if (c.finalCenti < rules.qualificationLineCenti) return step("belowLine", 0);
    if (c.amountFen <= remaining) return step("funded", c.amountFen);
    if (rules.allowPartialGrant && remaining >= rules.minGrantFen && remaining > 0) return step("partial", remaining);
    return step("doesNotFit", 0);
  });
}
