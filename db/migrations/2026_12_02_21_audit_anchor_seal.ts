// Seals the audit chain's anchor for the chain as it stands (every later append moves it). The key
// comes from AUDIT_ANCHOR_KEY or the generated key file in the data directory (see app/utils/audit-key.server.ts).
import type { Kysely } from "kysely";
import { GENESIS_HASH, anchorMac } from "../../app/domain/audit-chain";
import { auditAnchorKey } from "../../app/utils/audit-key.server";

export async function up(db: Kysely<any>): Promise<void> {
  const head = await db.selectFrom("audit_log").select(["id", "hash"]).orderBy("id", "desc").limit(1).executeTakeFirst();
  const count = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  const anchor = { row_count: Number(count.n), head_id: Number(head?.id ?? 0), head_hash: String(head?.hash ?? GENESIS_HASH) };
  await db
    .insertInto("audit_anchor")
    .values({ id: 1, ...anchor, mac: anchorMac(auditAnchorKey(), anchor), updated_at: new Date().toISOString() })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("audit_anchor").execute();
}
