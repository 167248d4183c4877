// The public money figures (公开透明) are computed once per change and reused: triggers on every table
// the transparency page reads append to money_changes, so any write — a contribution received, an
// agreement signed or terminated, a tranche paid, a ledger entry, a renamed project — shows up as a new
// (max id, count) of that table, in every process sharing the database.
import { type Kysely, sql } from "kysely";
import { isSqlite, withId } from "./helpers";

/** table → the UPDATE columns that matter (null: any column; [] no update: append-only). Inserts and deletes always count. */
const WATCHED: Record<string, string[] | null> = {
  contributions: null,
  agreements: null,
  milestones: ["status", "amount_fen", "agreement_id"],
  ledger_lines: [],
  ledger_accounts: null,
  sponsors: ["name"],
  competitions: ["name", "slug", "status", "is_rehearsal"],
  proposals: ["title", "division_id", "category_id", "organization_id"],
  organizations: ["name"],
  divisions: ["name"],
  categories: ["name"],
};

const operations = (columns: string[] | null) => ["INSERT", "DELETE", ...(columns === null ? ["UPDATE"] : columns.length ? [`UPDATE OF ${columns.join(", ")}`] : [])];

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("money_changes"))
    .addColumn("source", "text", (c) => c.notNull())
    .execute();
  if (isSqlite(db)) {
    for (const [table, columns] of Object.entries(WATCHED)) {
      for (const [i, op] of operations(columns).entries()) {
        await sql.raw(`CREATE TRIGGER money_inputs_${table}_${i} AFTER ${op} ON ${table} BEGIN INSERT INTO money_changes (source) VALUES ('${table}'); END`).execute(db);
      }
    }
  } else {
    await sql
      .raw("CREATE OR REPLACE FUNCTION money_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO money_changes (source) VALUES (TG_TABLE_NAME); RETURN NULL; END $$")
      .execute(db);
    for (const [table, columns] of Object.entries(WATCHED)) {
      await sql
        .raw(`CREATE TRIGGER money_inputs_${table} AFTER ${operations(columns).join(" OR ")} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION money_inputs_changed()`)
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const [table, columns] of Object.entries(WATCHED)) {
      for (let i = 0; i < operations(columns).length; i++) await sql.raw(`DROP TRIGGER IF EXISTS money_inputs_${table}_${i}`).execute(db);
    }
  } else {
    for (const table of Object.keys(WATCHED)) await sql.raw(`DROP TRIGGER IF EXISTS money_inputs_${table} ON ${table}`).execute(db);
    await sql.raw("DROP FUNCTION IF EXISTS money_inputs_changed()").execute(db);
  }
  await db.schema.dropTable("money_changes").execute();
}
