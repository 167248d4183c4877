// The double-entry rules of the sponsor pool: which accounts exist, their normal sides, how each
// business event becomes a balanced entry, and the no-overdraft check. Pure: no I/O, no clock.
//
// Accounts (one set per competition) and where money sits:
//   sponsor:<c>:<s>     credit-normal  what sponsor s has handed over (its contributions received)
//   pool:<c>            debit-normal   received money not yet committed to any agreement
//   commitment:<a>      debit-normal   money reserved for agreement a and not yet paid
//   paid:<c>:<o>        debit-normal   money paid to organization o (gross)
//   recovered:<c>:<o>   credit-normal  money organization o paid back (it returns to the pool)
// Identity that always holds: pool + Σcommitment + Σpaid − Σrecovered = Σsponsor.
import type { Fen } from "./money";

export type Side = "debit" | "credit";
export type AccountKind = "sponsor" | "pool" | "commitment" | "paid" | "recovered";

export const NORMAL_SIDE: Record<AccountKind, Side> = {
  sponsor: "credit",
  pool: "debit",
  commitment: "debit",
  paid: "debit",
  recovered: "credit",
};

export interface AccountRef {
  code: string;
  kind: AccountKind;
  competitionId: number;
  refId: number | null;
}

export const accounts = {
  sponsor: (competitionId: number, sponsorId: number): AccountRef => ({
    code: `sponsor:${competitionId}:${sponsorId}`, kind: "sponsor", competitionId, refId: sponsorId,
  }),
  pool: (competitionId: number): AccountRef => ({ code: `pool:${competitionId}`, kind: "pool", competitionId, refId: null }),
  commitment: (competitionId: number, agreementId: number): AccountRef => ({
    code: `commitment:${agreementId}`, kind: "commitment", competitionId, refId: agreementId,
  }),
  paid: (competitionId: number, organizationId: number): AccountRef => ({
    code: `paid:${competitionId}:${organizationId}`, kind: "paid", competitionId, refId: organizationId,
  }),
  recovered: (competitionId: number, organizationId: number): AccountRef => ({
    code: `recovered:${competitionId}:${organizationId}`, kind: "recovered", competitionId, refId: organizationId,
  }),
};

export interface EntryLine {
  account: AccountRef;
  side: Side;
  amountFen: Fen;
}

export type EntryKind = "contribution" | "commitment" | "tranche" | "release" | "recovery";
/** Every kind of entry, in the order a competition's money moves (the journal's kind filter). */
export const ENTRY_KINDS: readonly EntryKind[] = ["contribution", "commitment", "tranche", "release", "recovery"];

export interface EntryDraft {
  idempotencyKey: string;
  kind: EntryKind;
  memo: string;
  competitionId: number;
  lines: EntryLine[];
}

/** A ledger rule was broken; `key` is an i18n message key. */
export class LedgerError extends Error {
  constructor(
    public readonly key:
      | "finance.error.unbalanced"
      | "finance.error.badAmount"
      | "finance.error.overdraw"
      | "finance.error.poolInsufficient"
      | "finance.error.idempotencyConflict"
      | "finance.error.recoveryExceedsPaid",
    public readonly detail: Record<string, string | number> = {},
  ) {
    super(`${key} ${JSON.stringify(detail)}`);
    this.name = "LedgerError";
  }
}

function transfer(
  key: string, kind: EntryKind, memo: string, competitionId: number,
  debit: AccountRef, credit: AccountRef, amountFen: Fen,
): EntryDraft {
  const draft: EntryDraft = {
    idempotencyKey: key, kind, memo, competitionId,
    lines: [
      { account: debit, side: "debit", amountFen },
      { account: credit, side: "credit", amountFen },
    ],
  };
  assertBalanced(draft);
  return draft;
}

/** A sponsor's contribution is received into the competition's pool. */
export function contributionEntry(p: { competitionId: number; sponsorId: number; contributionId: number; amountFen: Fen; memo: string }) {
  return transfer(`contribution:${p.contributionId}`, "contribution", p.memo, p.competitionId,
    accounts.pool(p.competitionId), accounts.sponsor(p.competitionId, p.sponsorId), p.amountFen);
}

/** Signing an agreement reserves its whole amount out of the uncommitted pool. */
export function commitmentEntry(p: { competitionId: number; agreementId: number; amountFen: Fen; memo: string }) {
  return transfer(`commit:${p.agreementId}`, "commitment", p.memo, p.competitionId,
    accounts.commitment(p.competitionId, p.agreementId), accounts.pool(p.competitionId), p.amountFen);
}

/** A released tranche moves from the agreement's commitment to what the organization was paid. */
export function trancheEntry(p: { competitionId: number; agreementId: number; organizationId: number; milestoneId: number; amountFen: Fen; memo: string }) {
  return transfer(`tranche:${p.milestoneId}`, "tranche", p.memo, p.competitionId,
    accounts.paid(p.competitionId, p.organizationId), accounts.commitment(p.competitionId, p.agreementId), p.amountFen);
}

/** A terminated agreement gives its unpaid commitment back to the pool. */
export function releaseEntry(p: { competitionId: number; agreementId: number; amountFen: Fen; memo: string }) {
  return transfer(`release:${p.agreementId}`, "release", p.memo, p.competitionId,
    accounts.pool(p.competitionId), accounts.commitment(p.competitionId, p.agreementId), p.amountFen);
}

/** Money an organization paid back returns to the pool; `recovered` keeps the record beside `paid`. */
export function recoveryEntry(p: { competitionId: number; organizationId: number; key: string; amountFen: Fen; memo: string }) {
  return transfer(`recovery:${p.key}`, "recovery", p.memo, p.competitionId,
    accounts.pool(p.competitionId), accounts.recovered(p.competitionId, p.organizationId), p.amountFen);
}

export function isPositiveFen(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/** Every line is a positive whole number of fen and Σdebit = Σcredit. */
export function assertBalanced(draft: Pick<EntryDraft, "lines">): void {
  if (draft.lines.length < 2) throw new LedgerError("finance.error.unbalanced");
  let debit = 0;
  let credit = 0;
  for (const line of draft.lines) {
    if (!isPositiveFen(line.amountFen)) throw new LedgerError("finance.error.badAmount", { amount: line.amountFen });
    if (line.side === "debit") debit += line.amountFen;
    else credit += line.amountFen;
  }
  if (debit !== credit) throw new LedgerError("finance.error.unbalanced", { debit, credit });
}

export interface Totals {
  debit: Fen;
  credit: Fen;
}

/** The balance on the account's normal side (positive = the account holds money). */
export function balanceOnNormalSide(normalSide: Side, totals: Totals): Fen {
  return normalSide === "debit" ? totals.debit - totals.credit : totals.credit - totals.debit;
}

/** Totals per account code after adding the entry's lines. */
export function applyLines(before: ReadonlyMap<string, Totals>, lines: readonly EntryLine[]): Map<string, Totals> {
  const after = new Map(before);
  for (const line of lines) {
    const t = after.get(line.account.code) ?? { debit: 0, credit: 0 };
    after.set(line.account.code, line.side === "debit"
      ? { debit: t.debit + line.amountFen, credit: t.credit }
      : { debit: t.debit, credit: t.credit + line.amountFen });
  }
  return after;
}

/** The accounts an entry would take below zero on their normal side, given the totals before it. */
export function overdrawnAccounts(before: ReadonlyMap<string, Totals>, lines: readonly EntryLine[]): string[] {
  const after = applyLines(before, lines);
  const touched = new Map(lines.map((l) => [l.account.code, l.account] as const));
  const bad: string[] = [];
  for (const [code, account] of touched) {
    const totals = after.get(code) ?? { debit: 0, credit: 0 };
    if (balanceOnNormalSide(NORMAL_SIDE[account.kind], totals) < 0) bad.push(code);
  }
  return bad;
}

/** Checks an entry against the balances before it; throws the rule it breaks. */
export function assertCanPost(before: ReadonlyMap<string, Totals>, draft: EntryDraft): void {
  assertBalanced(draft);
  const bad = overdrawnAccounts(before, draft.lines);
  if (bad.length === 0) return;
  if (draft.kind === "commitment" && bad.some((c) => c.startsWith("pool:"))) {
    const pool = before.get(bad[0]) ?? { debit: 0, credit: 0 };
    throw new LedgerError("finance.error.poolInsufficient", { available: balanceOnNormalSide("debit", pool) });
  }
  throw new LedgerError("finance.error.overdraw", { account: bad.join(",") });
}

/** Recovered money can never exceed what the organization was paid. */
export function assertRecoveryWithinPaid(paidFen: Fen, alreadyRecoveredFen: Fen, amountFen: Fen): void {
  if (alreadyRecoveredFen + amountFen > paidFen) {
    throw new LedgerError("finance.error.recoveryExceedsPaid", { max: paidFen - alreadyRecoveredFen });
  }
}

/** A canonical form of an entry's content, to tell a faithful retry from a conflicting reuse of a key. */
export function entryFingerprint(e: { kind: string; competitionId: number; lines: readonly { code: string; side: Side; amountFen: Fen }[] }): string {
  const lines = e.lines
    .map((l) => `${l.side}:${l.code}:${l.amountFen}`)
    .sort();
  return JSON.stringify([e.kind, e.competitionId, lines]);
}

export function draftFingerprint(draft: EntryDraft): string {
  return entryFingerprint({
    kind: draft.kind,
    competitionId: draft.competitionId,
    lines: draft.lines.map((l) => ({ code: l.account.code, side: l.side, amountFen: l.amountFen })),
  });
}

/** Σdebit − Σcredit over a set of lines: zero for any set of balanced entries. */
export function netOfLines(lines: readonly { side: Side; amountFen: Fen }[]): Fen {
  return lines.reduce((s, l) => s + (l.side === "debit" ? l.amountFen : -l.amountFen), 0);
}
