// Budget-constrained selection within a division: fund down the ranking until the budget is used,
// never below the qualification line, skipping a proposal that no longer fits and trying the next,
// and never funding more projects of a category than its quota allows.
import type { Fen } from "./money";

export interface SelectionCandidate {
  proposalId: number;
  rank: number | null;
  finalCenti: number | null;
  /** what the proposal asks for: the organizer's approved amount when set, else the requested amount */
  amountFen: Fen;
  /** the proposal's category, for quotas (null: no category, never limited) */
  categoryId?: number | null;
}

/** awaitingDraw: a micro-grant lottery track before its seed is entered (set by lottery-selection.ts) */
export type SelectionOutcome = "funded" | "partial" | "belowLine" | "doesNotFit" | "quotaFull" | "unscored" | "awaitingDraw";

export interface SelectionStep {
  proposalId: number;
  outcome: SelectionOutcome;
  grantFen: Fen;
  remainingBeforeFen: Fen;
  remainingAfterFen: Fen;
  /** for quotaFull: the category's quota in this division */
  quota?: number;
}

export interface SelectionRules {
  qualificationLineCenti: number;
  allowPartialGrant: boolean;
  minGrantFen: Fen;
  /** category id → the most projects of that category this division may fund (absent: no limit) */
  maxFundedPerCategory?: ReadonlyMap<number, number>;
}

/**
 * Walks the candidates of ONE division in rank order (unranked last). A proposal under the line
 * or unscored gets nothing. One whose category has already used its quota is skipped (quotaFull).
 * One that fits is funded in full; one that does not is funded with the remainder only when
 * partial grants are allowed and the remainder is at least minGrantFen, otherwise it is skipped
 * and the next one is tried.
 */
export function selectFundedProposals(candidates: readonly SelectionCandidate[], budgetFen: Fen, rules: SelectionRules): SelectionStep[] {
  const ordered = [...candidates].sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.proposalId - b.proposalId,
  );
  const fundedIn = new Map<number, number>();
  let remaining = budgetFen;
  return ordered.map((c) => {
    const before = remaining;
    const step = (outcome: SelectionOutcome, grantFen: Fen): SelectionStep => {
      remaining -= grantFen;
      if (grantFen > 0 && c.categoryId != null) fundedIn.set(c.categoryId, (fundedIn.get(c.categoryId) ?? 0) + 1);
      return { proposalId: c.proposalId, outcome, grantFen, remainingBeforeFen: before, remainingAfterFen: remaining };
    };
    if (c.finalCenti === null || c.rank === null) return step("unscored", 0);
    if (c.finalCenti < rules.qualificationLineCenti) return step("belowLine", 0);
    const quota = c.categoryId != null ? rules.maxFundedPerCategory?.get(c.categoryId) : undefined;
    if (quota !== undefined && (fundedIn.get(c.categoryId!) ?? 0) >= quota) return { ...step("quotaFull", 0), quota };
    if (c.amountFen <= remaining) return step("funded", c.amountFen);
    if (rules.allowPartialGrant && remaining >= rules.minGrantFen && remaining > 0) return step("partial", remaining);
    return step("doesNotFit", 0);
  });
}
