// A year's official 放假安排 entered by the organizer, for years the built-in holiday data does not
// cover (issue 11). One row per year; replacing it is audited.
import type { Kysely } from "kysely";
import { sqlGe, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("holiday_schedules"))
    .addColumn("year", "integer", (c) => c.notNull().unique().check(sqlGe("year", 2000)))
    .addColumn("holidays_json", "text", (c) => c.notNull())
    .addColumn("workdays_json", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("entered_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("entered_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("holiday_schedules").execute();
}
