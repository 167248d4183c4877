// One-time forms (issue 14): every rendered create-form carries a random key; the first successful
// post of that key stores its result here, and a second post of the same form (a double click, the
// back button, a resent request) gets that stored result instead of creating a second record.
// The primary key is the unique constraint that makes this hold even outside the write lock.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("form_submissions")
    .addColumn("user_id", "integer", (c) => c.notNull()) // 0 = a visitor without an account
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("form_key", "text", (c) => c.notNull())
    .addColumn("result_json", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("form_submissions_pk", ["user_id", "action", "form_key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("form_submissions").execute();
}
