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

/** Refuse UPDATE and DELETE on a table (append-only). SQLite triggers; the PostgreSQL issue adds rules. */
export async function makeAppendOnly(db: Kysely<any>, table: string): Promise<void> {
  if (!isSqlite(db)) return;
  for (const op of ["UPDATE", "DELETE"]) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
          `BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      )
      .execute(db);
  }
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
