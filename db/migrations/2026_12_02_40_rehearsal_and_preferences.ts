// Many competitions side by side and rehearsal mode (演练), decision 011.
// competitions.is_rehearsal: 1 = a training competition, kept out of every public list and total.
// competitions.clock_offset_seconds: how far the organizer has advanced a rehearsal's clock (0 for real ones).
// user_preferences: small per-user settings shared by every process (e.g. the competition a staff member last picked).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("competitions").addColumn("is_rehearsal", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("competitions").addColumn("clock_offset_seconds", "bigint", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("user_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_preferences_pk", ["user_id", "name"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("user_preferences").execute();
  await db.schema.alterTable("competitions").dropColumn("clock_offset_seconds").execute();
  await db.schema.alterTable("competitions").dropColumn("is_rehearsal").execute();
}
