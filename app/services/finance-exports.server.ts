// The tables finance offices receive (issue 14): 拨付明细, the ledger, contributions, agreements and the
// expert score sheets of one competition, built for the one export builder in exports.server.ts.
import type { DB } from "../../db/connection";
import { fenToYuanInput } from "../domain/money";
import { t, tMaybe } from "../i18n";
import type { SessionUser } from "./auth.server";
import { type Table, calendarDay, wallClock, withAuditHead } from "./exports.server";
import { accountLabels } from "./ledger.server";
import { paidByAgreement } from "./sponsors.server";

export const FINANCE_EXPORTS = ["payments", "ledger", "contributions", "agreements", "scores"] as const;
export type FinanceExport = (typeof FINANCE_EXPORTS)[number];

export function isFinanceExport(kind: string | undefined): kind is FinanceExport {
  return (FINANCE_EXPORTS as readonly string[]).includes(kind ?? "");
}

const yuan = (fen: number | string | null) => Number(fenToYuanInput(Number(fen ?? 0)));
type Body = Omit<Table, "sheet" | "title" | "heading">;

async function payments(db: DB, competitionId: number): Promise<Body> {
  const [milestones, entries] = await Promise.all([
    db
      .selectFrom("milestones")
      .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
      .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["milestones.id", "milestones.seq", "milestones.name", "milestones.amount_fen", "agreements.id as agreementId", "proposals.title", "organizations.name as org"])
      .where("agreements.competition_id", "=", competitionId)
      .where("milestones.status", "=", "paid")
      .execute(),
    db
      .selectFrom("ledger_entries")
      .leftJoin("users", "users.id", "ledger_entries.created_by")
      .select(["ledger_entries.id", "ledger_entries.idempotency_key", "ledger_entries.created_at", "users.display_name as by"])
      .where("ledger_entries.competition_id", "=", competitionId)
      .where("ledger_entries.kind", "=", "tranche")
      .execute(),
  ]);
  const entryOf = new Map(entries.map((e) => [e.idempotency_key, e]));
  const rows = milestones
    .map((m) => ({ m, e: entryOf.get(`tranche:${m.id}`) }))
    .sort((a, b) => String(a.e?.created_at ?? "").localeCompare(String(b.e?.created_at ?? "")) || a.m.id - b.m.id);
  return {
    headers: ["seq", "paidOn", "organization", "project", "agreementNo", "tranche", "trancheName", "paidAmount", "operator", "entryNo"].map((k) => t(`exports.col.${k}` as never)),
    rows: rows.map(({ m, e }, i) => [
      i + 1, wallClock(e?.created_at ?? null), m.org, m.title, m.agreementId, m.seq, m.name, yuan(m.amount_fen), e?.by ?? "", e ? e.id : null,
    ]),
    moneyColumns: [7], timeColumns: [1], totalColumns: [7],
  };
}

async function ledger(db: DB, competitionId: number): Promise<Body> {
  const lines = await db
    .selectFrom("ledger_lines")
    .innerJoin("ledger_entries", "ledger_entries.id", "ledger_lines.entry_id")
    .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
    .leftJoin("users", "users.id", "ledger_entries.created_by")
    .select([
      "ledger_entries.id as entryId", "ledger_entries.created_at", "ledger_entries.kind", "ledger_entries.memo",
      "ledger_accounts.code as account", "ledger_lines.side", "ledger_lines.amount_fen", "users.display_name as by",
    ])
    .where("ledger_entries.competition_id", "=", competitionId)
    .orderBy("ledger_entries.created_at")
    .orderBy("ledger_entries.id")
    .orderBy("ledger_lines.id")
    .execute();
  const names = await accountLabels(db, competitionId);
  return {
    headers: ["date", "entryNo", "memo", "entryKind", "account", "debit", "credit", "operator"].map((k) => t(`exports.col.${k}` as never)),
    rows: lines.map((l) => [
      wallClock(l.created_at), l.entryId, l.memo, tMaybe(`exports.entry.${l.kind}`), names.get(l.account) ?? l.account,
      l.side === "debit" ? yuan(l.amount_fen) : null, l.side === "credit" ? yuan(l.amount_fen) : null, l.by ?? "",
    ]),
    moneyColumns: [5, 6], timeColumns: [0], totalColumns: [5, 6],
  };
}

async function contributions(db: DB, competitionId: number): Promise<Body> {
  const rows = await db
    .selectFrom("contributions")
    .innerJoin("sponsors", "sponsors.id", "contributions.sponsor_id")
    .select(["contributions.id", "sponsors.name", "contributions.pledged_on", "contributions.pledged_fen", "contributions.received_on", "contributions.received_fen", "contributions.voucher_no", "contributions.status"])
    .where("contributions.competition_id", "=", competitionId)
    .orderBy("contributions.pledged_on")
    .orderBy("contributions.id")
    .execute();
  return {
    headers: ["seq", "sponsor", "pledgedOn", "pledged", "receivedOn", "received", "voucher", "status"].map((k) => t(`exports.col.${k}` as never)),
    rows: rows.map((c, i) => [
      i + 1, c.name, calendarDay(c.pledged_on), yuan(c.pledged_fen), calendarDay(c.received_on), yuan(c.received_fen), c.voucher_no ?? "", tMaybe(`exports.contribution.${c.status}`),
    ]),
    moneyColumns: [3, 5], dayColumns: [2, 4], totalColumns: [3, 5],
  };
}

async function agreements(db: DB, competitionId: number): Promise<Body> {
  const [rows, paidOf] = await Promise.all([
    db
      .selectFrom("agreements")
      .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["agreements.id", "agreements.status", "agreements.amount_fen", "agreements.org_signed_at", "agreements.organizer_signed_at", "proposals.title", "organizations.name as org"])
      .where("agreements.competition_id", "=", competitionId)
      .orderBy("agreements.id")
      .execute(),
    paidByAgreement(db, competitionId),
  ]);
  return {
    headers: ["agreementNo", "organization", "project", "amount", "status", "orgSignedAt", "organizerSignedAt", "paid", "unpaid"].map((k) => t(`exports.col.${k}` as never)),
    rows: rows.map((a) => {
      const paidFen = paidOf.get(a.id) ?? 0;
      const open = a.status === "signed" || a.status === "org_signed" || a.status === "draft";
      return [
        a.id, a.org, a.title, yuan(a.amount_fen), tMaybe(`agreement.status.${a.status}`), wallClock(a.org_signed_at), wallClock(a.organizer_signed_at),
        yuan(paidFen), open ? yuan(Number(a.amount_fen) - paidFen) : 0,
      ];
    }),
    moneyColumns: [3, 7, 8], timeColumns: [5, 6], totalColumns: [3, 7, 8],
  };
}

async function scores(db: DB, competitionId: number): Promise<Body> {
  const rows = await db
    .selectFrom("scores")
    .innerJoin("assignments", "assignments.id", "scores.assignment_id")
    .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
    .innerJoin("users", "users.id", "assignments.expert_id")
    .leftJoin("divisions", "divisions.id", "proposals.division_id")
    .select(["scores.id", "scores.total_centi", "scores.status", "scores.submitted_at", "proposals.title", "users.display_name as expert", "divisions.name as division", "assignments.round"])
    .where("assignments.competition_id", "=", competitionId)
    .where("assignments.active", "=", 1)
    .orderBy("divisions.sort_order")
    .orderBy("proposals.id")
    .orderBy("users.display_name")
    .execute();
  return {
    headers: ["seq", "division", "project", "expert", "score", "status", "submittedAt"].map((k) => t(`exports.col.${k}` as never)),
    rows: rows.map((s, i) => [i + 1, s.division ?? "", s.title, s.expert, s.total_centi / 100, tMaybe(`exports.score.${s.status}`), wallClock(s.submitted_at)]),
    moneyColumns: [], scoreColumns: [4], timeColumns: [6],
  };
}

const BUILDERS: Record<FinanceExport, (db: DB, competitionId: number) => Promise<Body>> = { payments, ledger, contributions, agreements, scores };

/** One finance export of one competition, with its title area and the audit chain's head. */
export async function financeExport(db: DB, actor: SessionUser, competition: { id: number; name: string }, kind: FinanceExport, now: Date): Promise<Table> {
  if (actor.role !== "organizer") throw new Response("Forbidden", { status: 403 });
  const what = t(`exports.kind.${kind}`);
  const body = await BUILDERS[kind](db, competition.id);
  return withAuditHead(db, { ...body, sheet: what, title: `${competition.name} ${what}`, heading: { competition: competition.name, what, asOf: now, by: actor.display_name } }, now);
}
