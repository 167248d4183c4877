// Every change of a published competition's stage dates, with its reason, for the public timeline
// (issue 11). Append-only: history of the dates is itself never rewritten.
import type { Kysely } from "kysely";
import { makeAppendOnly, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("competition_date_changes"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("from_at", "text", (c) => c.notNull())
    .addColumn("to_at", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("changed_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("competition_date_changes_by_competition").on("competition_date_changes").columns(["competition_id", "changed_at"]).execute();
  await makeAppendOnly(db, "competition_date_changes");
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("competition_date_changes").execute();
}
