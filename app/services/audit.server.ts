// Appends to the hash-chained audit log. Call it inside the write transaction of the change it records.
// Every append also moves the chain's anchor (row count + head hash, sealed with an HMAC whose key lives
// outside the database), so cutting the tail or recomputing the chain after an edit is detected by
// `npm run audit:verify`; the head is also published on /transparency and in every export.
import { type DB, engineOf, lockChainHead } from "../../db/connection";
import { GENESIS_HASH, anchorMac, auditRowHash, verifyAnchor, verifyAuditChain } from "../domain/audit-chain";
import { auditAnchorKey } from "../utils/audit-key.server";

export { auditAnchorKey };

export interface AuditInput {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number | string;
  before?: unknown;
  after?: unknown;
  now: Date;
}

export async function recordAudit(trx: DB, input: AuditInput): Promise<void> {
  // Outside a transaction on PostgreSQL the head lock would end with its own statement: take one.
  if (engineOf(trx) === "postgres" && !trx.isTransaction) return trx.transaction().execute((t) => recordAudit(t, input));
  // Two processes must never both append after the same head (a forked chain): lock, then read the head.
  await lockChainHead(trx);
  const last = await trx.selectFrom("audit_log").select(["id", "hash"]).orderBy("id", "desc").limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    at: input.now.toISOString(),
    actor_id: input.actorId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: String(input.entityId),
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
  };
  const hash = auditRowHash(prevHash, row);
  const inserted = await trx.insertInto("audit_log").values({ ...row, prev_hash: prevHash, hash }).returning("id").executeTakeFirstOrThrow();
  await moveAnchor(trx, { id: last?.id ?? 0, hash: prevHash }, { id: inserted.id, hash }, input.now);
}

/**
 * Moves the sealed anchor from the previous head to the new one, but only when it sits, intact, on the
 * previous head: an anchor that does not match (the chain was cut or rewritten, the anchor deleted or
 * forged) is left as it is, so the tampering stays visible to verify instead of being sealed over.
 */
async function moveAnchor(trx: DB, previous: { id: number; hash: string }, head: { id: number; hash: string }, now: Date) {
  const key = auditAnchorKey();
  const anchor = await trx.selectFrom("audit_anchor").selectAll().where("id", "=", 1).executeTakeFirst();
  if (!anchor || anchor.mac !== anchorMac(key, anchor) || anchor.head_id !== previous.id || anchor.head_hash !== previous.hash) return;
  const next = { row_count: anchor.row_count + 1, head_id: head.id, head_hash: head.hash };
  await trx.updateTable("audit_anchor").set({ ...next, mac: anchorMac(key, next), updated_at: now.toISOString() }).where("id", "=", 1).execute();
}

/** The published head: what /transparency and every export show, for anyone to keep and compare later. */
export async function auditHead(db: DB): Promise<{ rows: number; hash: string; at: string | null }> {
  const anchor = await db.selectFrom("audit_anchor").select(["row_count", "head_hash", "updated_at"]).where("id", "=", 1).executeTakeFirst();
  return anchor ? { rows: anchor.row_count, hash: anchor.head_hash, at: anchor.updated_at } : { rows: 0, hash: GENESIS_HASH, at: null };
}

export async function verifyAuditLog(db: DB, published?: { hash: string; rows?: number }) {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("id", "asc").execute();
  const anchor = await db.selectFrom("audit_anchor").selectAll().where("id", "=", 1).executeTakeFirst();
  return {
    rows: rows.length,
    problems: verifyAuditChain(rows),
    anchorProblems: verifyAnchor(rows, anchor, auditAnchorKey(), published),
  };
}
