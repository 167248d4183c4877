// The objector's way to learn the outcome without an account: receipt number (the objection's id) plus the
// mobile number given when filing. Both must match; lookups are rate-limited per client so numbers cannot
// be tried in bulk.
import type { DB } from "../../../db/connection";
import { parseMobile } from "../../domain/mobile";
import { addressKey, resetLimit, withinLimit } from "../../utils/rate-limit.server";

/** Lookups per client address per hour (kept in the database, so every app process counts together). */
export const LOOKUPS_PER_HOUR = 20;
const lookupKey = (clientKey: string) => `objection-lookup:addr:${addressKey(clientKey)}`;

export type LookupResult =
  | { ok: true; objection: { receipt: number; status: "pending" | "upheld" | "dismissed"; finding: string | null; title: string; filedAt: string; decidedAt: string | null } }
  | { ok: false; status: 400 | 404 | 429; key: "notify.lookup.invalid" | "notify.lookup.notFound" | "error.tooManyRequests" };

export async function lookupObjection(db: DB, input: { receipt: unknown; mobile: unknown }, clientKey: string, now: Date): Promise<LookupResult> {
  if (!(await withinLimit(db, lookupKey(clientKey), LOOKUPS_PER_HOUR, 60 * 60 * 1000, now))) return { ok: false, status: 429, key: "error.tooManyRequests" };
  const receiptText = typeof input.receipt === "string" ? input.receipt.normalize("NFKC").trim() : "";
  const mobile = typeof input.mobile === "string" ? parseMobile(input.mobile) : null;
  if (!/^\d{1,12}$/.test(receiptText) || !mobile) return { ok: false, status: 400, key: "notify.lookup.invalid" };
  const row = await db
    .selectFrom("objections")
    .innerJoin("proposals", "proposals.id", "objections.proposal_id")
    .select(["objections.id", "objections.mobile", "objections.status", "objections.finding", "objections.filed_at", "objections.decided_at", "proposals.title"])
    .where("objections.id", "=", Number(receiptText))
    .executeTakeFirst();
  // a wrong mobile looks exactly like a wrong receipt number
  if (!row || parseMobile(row.mobile) !== mobile) return { ok: false, status: 404, key: "notify.lookup.notFound" };
  return {
    ok: true,
    objection: { receipt: row.id, status: row.status, finding: row.status === "pending" ? null : row.finding, title: row.title, filedAt: row.filed_at, decidedAt: row.decided_at },
  };
}

export async function resetObjectionLookupLimit(db: DB, clientKey: string): Promise<void> {
  await resetLimit(db, lookupKey(clientKey));
}
