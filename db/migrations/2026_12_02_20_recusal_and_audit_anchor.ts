// Issue 10 (input half): a recusal remembers the assignment it came from, so the expert's own list can
// show the proposal instead of the applicant's name under blind review; and the audit chain gets an
// anchor row (row count, head hash, HMAC with a key kept outside the database) so that a truncated
// tail or a chain recomputed after an edit is detected.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("conflict_declarations")
    .addColumn("recused_assignment_id", "integer", (c) => c.references("assignments.id"))
    .execute();

  await db.schema
    .createTable("audit_anchor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("head_id", "integer", (c) => c.notNull())
    .addColumn("head_hash", "text", (c) => c.notNull())
    .addColumn("mac", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_anchor").execute();
  await db.schema.alterTable("conflict_declarations").dropColumn("recused_assignment_id").execute();
}
