// Indexes for staff pages at a city's scale (issue 15): the assignment board's adjustment history
// reads only assignments with a reason, instead of scanning every assignment of the competition.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("assignments_with_reason").on("assignments").columns(["competition_id", "reason"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("assignments_with_reason").execute();
}
