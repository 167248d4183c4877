// Appends to the hash-chained audit log. Call it inside the write transaction of the change it records.
import { type DB, engineOf, lockChainHead } from "../../db/connection";
import { GENESIS_HASH, auditRowHash, verifyAuditChain } from "../domain/audit-chain";

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
  const last = await trx.selectFrom("audit_log").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
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
  await trx.insertInto("audit_log").values({ ...row, prev_hash: prevHash, hash: auditRowHash(prevHash, row) }).execute();
}

export async function verifyAuditLog(db: DB) {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("id", "asc").execute();
  return { rows: rows.length, problems: verifyAuditChain(rows) };
}
