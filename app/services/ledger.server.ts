// Posts balanced entries to the double-entry ledger and derives balances from its lines.
// Callers run inside writeTransaction (the write lock on either engine), so the balance read, the overdraft check
// and the insert happen under the write lock: two racing postings cannot both spend the same money.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import {
  type AccountKind, type AccountRef, type EntryDraft, LedgerError, NORMAL_SIDE, type Side, type Totals,
  assertCanPost, balanceOnNormalSide, draftFingerprint, entryFingerprint,
} from "../domain/ledger";
import { containsText } from "../utils/list-query.server";
import { endOfShanghaiDay, isCalendarDate, startOfShanghaiDay } from "../domain/time";

const ACCOUNT_NAMES: Record<AccountKind, string> = {
  sponsor: "赞助收入",
  pool: "资金池（未承诺）",
  commitment: "协议承诺",
  paid: "已拨付",
  recovered: "已追回",
};

async function ensureAccount(trx: DB, ref: AccountRef): Promise<number> {
  const existing = await trx.selectFrom("ledger_accounts").select("id").where("code", "=", ref.code).executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx
    .insertInto("ledger_accounts")
    .values({
      code: ref.code,
      name: `${ACCOUNT_NAMES[ref.kind]} ${ref.code}`,
      kind: ref.kind,
      normal_side: NORMAL_SIDE[ref.kind],
      competition_id: ref.competitionId,
      ref_id: ref.refId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Debit and credit totals per account code, summed from the lines (no stored balances). */
export async function totalsByCode(db: DB, codes: readonly string[]): Promise<Map<string, Totals>> {
  const totals = new Map<string, Totals>();
  if (codes.length === 0) return totals;
  const rows = await db
    .selectFrom("ledger_lines")
    .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
    .select(["ledger_accounts.code", "ledger_lines.side", (eb) => eb.fn.sum<number>("ledger_lines.amount_fen").as("total")])
    .where("ledger_accounts.code", "in", [...codes])
    .groupBy(["ledger_accounts.code", "ledger_lines.side"])
    .execute();
  for (const r of rows) {
    const t = totals.get(r.code) ?? { debit: 0, credit: 0 };
    t[r.side] += Number(r.total);
    totals.set(r.code, t);
  }
  return totals;
}

/** The balance of one account on its normal side (0 when the account has no lines yet). */
export async function balanceOf(db: DB, ref: AccountRef): Promise<number> {
  const totals = await totalsByCode(db, [ref.code]);
  return balanceOnNormalSide(NORMAL_SIDE[ref.kind], totals.get(ref.code) ?? { debit: 0, credit: 0 });
}

export interface AccountBalance {
  code: string;
  kind: AccountKind;
  refId: number | null;
  balanceFen: number;
  debitFen: number;
  creditFen: number;
}

/** Every account of a competition with its derived balance. */
export async function competitionBalances(db: DB, competitionId: number): Promise<AccountBalance[]> {
  const accounts = await db.selectFrom("ledger_accounts").selectAll().where("competition_id", "=", competitionId).orderBy("id").execute();
  const totals = await totalsByCode(db, accounts.map((a) => a.code));
  return accounts.map((a) => {
    const t = totals.get(a.code) ?? { debit: 0, credit: 0 };
    return {
      code: a.code, kind: a.kind, refId: a.ref_id,
      balanceFen: balanceOnNormalSide(a.normal_side, t), debitFen: t.debit, creditFen: t.credit,
    };
  });
}

export interface PostResult {
  entryId: number;
  /** true when the key was already posted with the same content: the original entry is returned */
  replayed: boolean;
}

/**
 * Posts a balanced entry once. A retry with the same idempotency key and the same content returns
 * the original entry; the same key with different content throws finance.error.idempotencyConflict.
 * Throws LedgerError when the entry is unbalanced or would take an account below zero.
 */
export async function postEntry(db: DB, draft: EntryDraft, actorId: number | null, now: Date): Promise<PostResult> {
  return writeTransaction(db, async (trx) => {
    const existing = await trx.selectFrom("ledger_entries").selectAll().where("idempotency_key", "=", draft.idempotencyKey).executeTakeFirst();
    if (existing) {
      const lines = await trx
        .selectFrom("ledger_lines")
        .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
        .select(["ledger_accounts.code", "ledger_lines.side", "ledger_lines.amount_fen"])
        .where("ledger_lines.entry_id", "=", existing.id)
        .execute();
      const stored = entryFingerprint({
        kind: existing.kind,
        competitionId: existing.competition_id,
        lines: lines.map((l) => ({ code: l.code, side: l.side as Side, amountFen: Number(l.amount_fen) })),
      });
      if (stored !== draftFingerprint(draft)) {
        throw new LedgerError("finance.error.idempotencyConflict", { key: draft.idempotencyKey });
      }
      return { entryId: existing.id, replayed: true };
    }
    const before = await totalsByCode(trx, draft.lines.map((l) => l.account.code));
    assertCanPost(before, draft);
    const entry = await trx
      .insertInto("ledger_entries")
      .values({
        idempotency_key: draft.idempotencyKey,
        kind: draft.kind,
        memo: draft.memo,
        competition_id: draft.competitionId,
        created_by: actorId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const line of draft.lines) {
      const accountId = await ensureAccount(trx, line.account);
      await trx.insertInto("ledger_lines").values({ entry_id: entry.id, account_id: accountId, side: line.side, amount_fen: line.amountFen }).execute();
    }
    return { entryId: entry.id, replayed: false };
  });
}

/** Ledger check: Σdebit = Σcredit overall and per entry; the whole ledger, or one competition's entries (the dashboard). */
export async function ledgerIntegrity(db: DB, competitionId?: number) {
  let q = db
    .selectFrom("ledger_lines")
    .select(["ledger_lines.entry_id", "ledger_lines.side", (eb) => eb.fn.sum<number>("ledger_lines.amount_fen").as("total")])
    .groupBy(["ledger_lines.entry_id", "ledger_lines.side"]);
  if (competitionId !== undefined) {
    q = q.innerJoin("ledger_entries", "ledger_entries.id", "ledger_lines.entry_id").where("ledger_entries.competition_id", "=", competitionId);
  }
  const perEntry = await q.execute();
  const byEntry = new Map<number, Totals>();
  for (const r of perEntry) {
    const t = byEntry.get(r.entry_id) ?? { debit: 0, credit: 0 };
    t[r.side] += Number(r.total);
    byEntry.set(r.entry_id, t);
  }
  const unbalancedEntries = [...byEntry].filter(([, t]) => t.debit !== t.credit).map(([id]) => id);
  const debit = [...byEntry.values()].reduce((s, t) => s + t.debit, 0);
  const credit = [...byEntry.values()].reduce((s, t) => s + t.credit, 0);
  return { debit, credit, unbalancedEntries, entries: byEntry.size };
}

/** A refused finance operation; `key` is an i18n message key, `status` the HTTP status a route answers. */
export class FinanceError extends Error {
  constructor(
    public readonly key: string,
    public readonly status: 400 | 403 | 404 | 409 = 409,
    public readonly params: Record<string, string | number> = {},
    public readonly field = "_form",
  ) {
    super(key);
    this.name = "FinanceError";
  }
}

export type Failure = { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: Record<string, string>; params?: Record<string, string | number> };

/** Turns a refused operation into the result a route shows next to the form; rethrows anything else. */
export function toFailure(error: unknown): Failure {
  if (error instanceof FinanceError) {
    return { ok: false, status: error.status, fieldErrors: { [error.field]: error.key }, params: error.params };
  }
  if (error instanceof LedgerError) {
    return { ok: false, status: 409, fieldErrors: { _form: error.key }, params: error.detail };
  }
  throw error;
}

export type Actor = { id: number; role: string };

/**
 * What people call each account of a competition (赞助收入 · 某爱心企业, 已拨付 · 某社工服务中心,
 * 协议承诺 · project title), by code; never the internal code itself.
 */
export async function accountLabels(db: DB, competitionId: number): Promise<Map<string, string>> {
  const accounts = await db.selectFrom("ledger_accounts").select(["code", "kind", "ref_id"]).where("competition_id", "=", competitionId).orderBy("id").execute();
  const refs = (kind: AccountKind) => [...new Set(accounts.filter((a) => a.kind === kind && a.ref_id !== null).map((a) => Number(a.ref_id)))];
  const sponsorIds = refs("sponsor");
  const agreementIds = refs("commitment");
  const orgIds = [...new Set([...refs("paid"), ...refs("recovered")])];
  const [sponsors, agreements, orgs] = await Promise.all([
    sponsorIds.length ? db.selectFrom("sponsors").select(["id", "name"]).where("id", "in", sponsorIds).execute() : [],
    agreementIds.length
      ? db.selectFrom("agreements").innerJoin("proposals", "proposals.id", "agreements.proposal_id").select(["agreements.id", "proposals.title as name"]).where("agreements.id", "in", agreementIds).execute()
      : [],
    orgIds.length ? db.selectFrom("organizations").select(["id", "name"]).where("id", "in", orgIds).execute() : [],
  ]);
  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [Number(r.id), r.name]));
  const of: Record<AccountKind, Map<number, string>> = { sponsor: byId(sponsors), commitment: byId(agreements), paid: byId(orgs), recovered: byId(orgs), pool: new Map() };
  return new Map(
    accounts.map((a) => {
      const who = a.ref_id === null ? undefined : of[a.kind].get(Number(a.ref_id));
      return [a.code, who ? `${ACCOUNT_NAMES[a.kind]} · ${who}` : ACCOUNT_NAMES[a.kind]];
    }),
  );
}

export { ENTRY_KINDS } from "../domain/ledger";

export interface JournalFilter {
  /** an account code of this competition */
  account?: string;
  kind?: string;
  /** Asia/Shanghai calendar days, inclusive */
  fromOn?: string;
  toOn?: string;
  /** part of the memo */
  q?: string;
  order?: "asc" | "desc";
  offset?: number;
  limit?: number;
}

/**
 * The journal in date order (oldest first unless `order: "desc"`): one page of entries with their lines,
 * filtered by account, kind and a Shanghai date range, and how many entries match in all.
 */
export async function listJournal(db: DB, competitionId: number, filter: JournalFilter = {}) {
  let query = db.selectFrom("ledger_entries").where("ledger_entries.competition_id", "=", competitionId);
  if (filter.q) query = query.where(containsText("ledger_entries.memo", filter.q));
  if (filter.kind) query = query.where("ledger_entries.kind", "=", filter.kind as EntryDraft["kind"]);
  if (filter.fromOn && isCalendarDate(filter.fromOn)) query = query.where("ledger_entries.created_at", ">=", startOfShanghaiDay(filter.fromOn).toISOString());
  if (filter.toOn && isCalendarDate(filter.toOn)) query = query.where("ledger_entries.created_at", "<=", endOfShanghaiDay(filter.toOn).toISOString());
  if (filter.account) {
    const account = filter.account;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("ledger_lines")
          .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
          .select("ledger_lines.id")
          .whereRef("ledger_lines.entry_id", "=", "ledger_entries.id")
          .where("ledger_accounts.code", "=", account),
      ),
    );
  }
  const order = filter.order ?? "asc";
  const [{ total }, entries] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .leftJoin("users", "users.id", "ledger_entries.created_by")
      .select(["ledger_entries.id", "ledger_entries.idempotency_key", "ledger_entries.kind", "ledger_entries.memo", "ledger_entries.created_at", "users.display_name as by"])
      .orderBy("ledger_entries.created_at", order)
      .orderBy("ledger_entries.id", order)
      .offset(filter.offset ?? 0)
      .limit(filter.limit ?? 200)
      .execute(),
  ]);
  const ids = entries.map((e) => e.id);
  const lines = ids.length
    ? await db
        .selectFrom("ledger_lines")
        .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
        .select(["ledger_lines.entry_id", "ledger_lines.side", "ledger_lines.amount_fen", "ledger_accounts.code"])
        .where("ledger_lines.entry_id", "in", ids)
        .orderBy("ledger_lines.id")
        .execute()
    : [];
  return {
    total: Number(total),
    entries: entries.map((e) => ({ ...e, lines: lines.filter((l) => l.entry_id === e.id).map((l) => ({ ...l, amount_fen: Number(l.amount_fen) })) })),
  };
}

/** The 403 result for an actor without one of `roles`, or null when allowed. */
export function forbidUnless(actor: Actor, ...roles: string[]): Failure | null {
  return roles.includes(actor.role) ? null : { ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } };
}
