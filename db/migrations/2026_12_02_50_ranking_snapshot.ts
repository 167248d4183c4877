// The stored ranking (计算一次、保存备用): a snapshot per competition, one row per ranked proposal with
// its explanation, labelled with the change counter it was computed at. Triggers on every table the
// ranking reads append to ranking_changes, so any write (service, seed or hand-made fix) invalidates it.
import { type Kysely, sql } from "kysely";
import { isSqlite, withId } from "./helpers";

/** table → the UPDATE columns that matter (null: any column); inserts and deletes always count. */
const WATCHED: Record<string, string[] | null> = {
  scores: null,
  assignments: null,
  award_decisions: null,
  divisions: null,
  competitions: null,
  proposals: ["status", "title", "division_id", "category_id", "requested_fen", "organization_id", "first_submitted_at", "competition_id"],
  organizations: ["name"],
  users: ["display_name"],
};
const WITH_INSERT_DELETE = new Set(["scores", "assignments", "award_decisions", "divisions", "proposals"]);

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("ranking_changes"))
    .addColumn("source", "text", (c) => c.notNull())
    .execute();
  await withId(db, db.schema.createTable("ranking_snapshots"))
    .addColumn("competition_id", "integer", (c) => c.notNull().unique().references("competitions.id"))
    .addColumn("changes_max", "integer", (c) => c.notNull())
    .addColumn("changes_count", "integer", (c) => c.notNull())
    .addColumn("computed_at", "text", (c) => c.notNull())
    .addColumn("summary_json", "text", (c) => c.notNull())
    .execute();
  await withId(db, db.schema.createTable("ranking_rows"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("division_id", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("proposal_id", "integer", (c) => c.notNull())
    .addColumn("rank", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("organization_name", "text", (c) => c.notNull())
    .addColumn("final_centi", "integer")
    .addColumn("requested_fen", "bigint", (c) => c.notNull())
    .addColumn("approved_fen", "bigint", (c) => c.notNull())
    .addColumn("grant_fen", "bigint", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("outlier_count", "integer", (c) => c.notNull())
    .addColumn("explain_json", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ranking_rows_position").on("ranking_rows").columns(["competition_id", "division_id", "position"]).unique().execute();
  await db.schema.createIndex("ranking_rows_proposal").on("ranking_rows").columns(["competition_id", "proposal_id"]).execute();

  if (isSqlite(db)) {
    for (const [table, columns] of Object.entries(WATCHED)) {
      const ops = [...(WITH_INSERT_DELETE.has(table) ? ["INSERT", "DELETE"] : []), columns ? `UPDATE OF ${columns.join(", ")}` : "UPDATE"];
      for (const [i, op] of ops.entries()) {
        await sql
          .raw(`CREATE TRIGGER ranking_inputs_${table}_${i} AFTER ${op} ON ${table} BEGIN INSERT INTO ranking_changes (source) VALUES ('${table}'); END`)
          .execute(db);
      }
    }
  } else {
    await sql
      .raw(
        "CREATE OR REPLACE FUNCTION ranking_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$ " +
          "BEGIN INSERT INTO ranking_changes (source) VALUES (TG_TABLE_NAME); RETURN NULL; END $$",
      )
      .execute(db);
    for (const [table, columns] of Object.entries(WATCHED)) {
      const ops = [...(WITH_INSERT_DELETE.has(table) ? ["INSERT", "DELETE"] : []), columns ? `UPDATE OF ${columns.join(", ")}` : "UPDATE"];
      await sql
        .raw(`CREATE TRIGGER ranking_inputs_${table} AFTER ${ops.join(" OR ")} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ranking_inputs_changed()`)
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const table of Object.keys(WATCHED)) for (let i = 0; i < 3; i++) await sql.raw(`DROP TRIGGER IF EXISTS ranking_inputs_${table}_${i}`).execute(db);
  } else {
    for (const table of Object.keys(WATCHED)) await sql.raw(`DROP TRIGGER IF EXISTS ranking_inputs_${table} ON ${table}`).execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS ranking_inputs_changed()").execute(db);
  }
  await db.schema.dropTable("ranking_rows").execute();
  await db.schema.dropTable("ranking_snapshots").execute();
  await db.schema.dropTable("ranking_changes").execute();
}
