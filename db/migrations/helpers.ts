// Shared column builders so migrations read the same and stay portable to PostgreSQL.
import { type CreateTableBuilder, type Kysely, sql } from "kysely";

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === "SqliteAdapter";
}

/** An auto-increment integer primary key: INTEGER AUTOINCREMENT on SQLite, identity on PostgreSQL. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isSqlite(db)
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity());
}

/**
 * Refuse UPDATE and DELETE on a table (append-only). SQLite: BEFORE triggers that RAISE(ABORT).
 * PostgreSQL: one shared plpgsql function raising "<table> is append-only" (TG_TABLE_NAME), fired BEFORE
 * UPDATE OR DELETE for each row and BEFORE TRUNCATE for the statement (SQLite has no TRUNCATE).
 */
export async function makeAppendOnly(db: Kysely<any>, table: string): Promise<void> {
  if (!isSqlite(db)) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION cw_refuse_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION cw_refuse_append_only()`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_append_only()`)
      .execute(db);
    return;
  }
  for (const op of ["UPDATE", "DELETE"]) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
          `BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      )
      .execute(db);
  }
}

/**
 * A PostgreSQL row trigger that raises `message` when `condition` (over OLD/NEW) holds: the equivalent of
 * SQLite's `CREATE TRIGGER ... WHEN condition BEGIN SELECT RAISE(ABORT, message); END`.
 * `name` names both the trigger and its function; `timing` is e.g. "BEFORE UPDATE".
 */
export async function pgRefuseWhen(
  db: Kysely<any>,
  spec: { name: string; table: string; timing: "BEFORE UPDATE" | "BEFORE DELETE"; condition: string; message: string },
): Promise<void> {
  const message = spec.message.replace(/'/g, "''");
  await sql
    .raw(
      `CREATE FUNCTION ${spec.name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF ${spec.condition} THEN RAISE EXCEPTION '${message}' USING ERRCODE = 'restrict_violation'; END IF;
         RETURN ${spec.timing === "BEFORE DELETE" ? "OLD" : "NEW"};
       END $$`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER ${spec.name} ${spec.timing} ON ${spec.table} FOR EACH ROW EXECUTE FUNCTION ${spec.name}()`).execute(db);
}

/** CHECK (column IN (...)) for enumerated text columns. */
export function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** CHECK (column >= n) */
export function sqlGe(column: string, n: number) {
  return sql`${sql.ref(column)} >= ${sql.lit(n)}`;
}

/** CHECK (column > n) */
export function sqlGt(column: string, n: number) {
  return sql`${sql.ref(column)} > ${sql.lit(n)}`;
}
