// The public lottery's seed (issue 16, docs/lottery.md): first the organizer announces how the seed
// will be fixed and when (kind 'announcement', with draw_at), then, at or after that time, enters the
// seed itself (kind 'seed'). One of each per competition (unique), append-only, and entering the seed
// invalidates the stored ranking like any other input of it.
import { type Kysely, sql } from "kysely";
import { isSqlite, makeAppendOnly, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("lottery_seeds"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('announcement', 'seed')`))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("draw_at", "text")
    .addColumn("recorded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("lottery_seeds_once").on("lottery_seeds").columns(["competition_id", "kind"]).unique().execute();
  await makeAppendOnly(db, "lottery_seeds");
  if (isSqlite(db)) {
    await sql.raw("CREATE TRIGGER ranking_inputs_lottery_seeds_0 AFTER INSERT ON lottery_seeds BEGIN INSERT INTO ranking_changes (source) VALUES ('lottery_seeds'); END").execute(db);
  } else {
    await sql.raw("CREATE TRIGGER ranking_inputs_lottery_seeds AFTER INSERT ON lottery_seeds FOR EACH STATEMENT EXECUTE FUNCTION ranking_inputs_changed()").execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("lottery_seeds").execute();
}
