// Opens the database (SQLite by default) with the durability settings we rely on,
// runs migrations, and offers the write-transaction helper every racing write uses.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { migrations } from "./migrations";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = "file:./data/commonweal.db";

/** How long a statement (or a write transaction waiting for the write lock) may wait for another writer. */
export const BUSY_TIMEOUT_MS = 10_000;

/** `file:./data/x.db` or a bare path → a filesystem path (":memory:" passes through). */
export function sqlitePathFromUrl(url: string): string {
  const p = url.startsWith("file:") ? url.slice("file:".length) : url;
  return p === ":memory:" ? p : path.resolve(p);
}

export function openDatabase(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): DB {
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file, { timeout: 10_000 });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // better-sqlite3 builds WAL with synchronous=NORMAL by default, which can lose the last
  // commits on power loss. Money and submissions need every acknowledged commit kept.
  sqlite.pragma("synchronous = FULL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: DB): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration failed: ${failed?.migrationName ?? ""} ${String(error ?? "")}`);
  }
}

/** Reads the effective pragmas, so start-up and tests can assert them. */
export async function readPragmas(db: DB) {
  const one = async (name: string) => {
    const r = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db);
    return Object.values(r.rows[0] ?? {})[0];
  };
  return {
    journalMode: String(await one("journal_mode")),
    foreignKeys: Number(await one("foreign_keys")),
    busyTimeout: Number(await one("busy_timeout")),
    synchronous: Number(await one("synchronous")), // 2 = FULL
  };
}

const inTransaction = new WeakSet<object>();

/**
 * Runs `fn` in a write transaction that takes the write lock up front.
 * On SQLite this is `BEGIN IMMEDIATE`: Kysely's transaction() sends a deferred BEGIN,
 * whose later lock upgrade fails with SQLITE_BUSY under contention instead of waiting.
 * A call made with a handle that is already inside a write transaction joins it.
 */
export async function writeTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  if (inTransaction.has(db)) return fn(db);
  if (db.getExecutor().adapter.constructor.name !== "SqliteAdapter") {
    return db.transaction().setIsolationLevel("serializable").execute(fn);
  }
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    inTransaction.add(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    } finally {
      inTransaction.delete(conn);
    }
  });
}

/**
 * Takes the write lock, waiting for another writer without blocking the event loop.
 * better-sqlite3's busy handler sleeps synchronously: inside one Node process that would freeze
 * the very transaction holding the lock. So the busy handler is off for BEGIN IMMEDIATE alone,
 * and we retry asynchronously, with jitter, up to BUSY_TIMEOUT_MS.
 */
async function beginImmediate(conn: DB): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code?.startsWith("SQLITE_BUSY");
        if (!busy || Date.now() >= deadline) throw error;
        await new Promise((r) => setTimeout(r, Math.min(50, 1 + attempt) * (0.5 + Math.random())));
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.lit(BUSY_TIMEOUT_MS)}`.execute(conn);
  }
}
