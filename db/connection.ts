// Opens the database — SQLite (the embedded default) or PostgreSQL, chosen by DATABASE_URL — with the
// durability settings we rely on, runs migrations, and offers the write-transaction helper every racing
// write uses. This is the only file that may speak an engine's dialect (pragmas, advisory locks); the
// rest of the code goes through Kysely builders that mean the same on both (docs/decisions/013-postgresql.md).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrations } from "./migrations";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = "file:./data/commonweal.db";

/** How long a statement (or a write transaction waiting for the write lock) may wait for another writer. */
export const BUSY_TIMEOUT_MS = 10_000;

export type Engine = "sqlite" | "postgres";

/** `postgres://` and `postgresql://` URLs open PostgreSQL; anything else is a SQLite file (or ":memory:"). */
export function engineOfUrl(url: string): Engine {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter.constructor.name === "SqliteAdapter" ? "sqlite" : "postgres";
}

/** `file:./data/x.db` or a bare path → a filesystem path (":memory:" passes through). */
export function sqlitePathFromUrl(url: string): string {
  const p = url.startsWith("file:") ? url.slice("file:".length) : url;
  return p === ":memory:" ? p : path.resolve(p);
}

export function openDatabase(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): DB {
  return engineOfUrl(url) === "postgres" ? openPostgres(url) : openSqlite(url);
}

function openSqlite(url: string): DB {
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

/**
 * int8 (counts, BIGINT fen) and numeric (sum() of a bigint) arrive from `pg` as strings. We store money
 * as integer fen far below 2^53, so they become JS numbers — the same type SQLite gives — and a value
 * that would lose precision is an error, never a silently rounded amount.
 */
export function parsePgInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${text} is outside the exact range of a JS number`);
  return n;
}

function parsePgNumeric(text: string): number {
  return /^-?\d+$/.test(text) ? parsePgInteger(text) : Number(text);
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_INT8) return parsePgInteger;
    if (oid === PG_NUMERIC) return parsePgNumeric;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

function openPostgres(url: string): DB {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    types: pgTypes,
    // A statement waiting for a lock (the write lock, a row lock) gives up like SQLite's busy_timeout.
    options: `-c lock_timeout=${BUSY_TIMEOUT_MS} -c TimeZone=UTC`,
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function migrateToLatest(db: DB): Promise<void> {
  if (engineOf(db) === "postgres") return runMigrator(db);
  // Kysely takes no lock on SQLite (it assumes one connection), so two processes starting on one file
  // could both apply a migration. Run the whole migration under the write lock instead: the second
  // process waits, then finds nothing left to do; a failure rolls every pending migration back.
  await writeTransaction(db, (conn) => runMigrator(conn));
}

async function runMigrator(db: DB): Promise<void> {
  // On PostgreSQL, Kysely's migrator holds an advisory lock in its transaction, so two processes starting
  // at once apply each migration once.
  // Each area numbers its migrations in its own range (2026_12_02_30…, _60…), so a database may already have
  // a later-numbered one when an earlier-numbered one lands: apply it rather than refuse to start.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration failed: ${failed?.migrationName ?? ""} ${String(error ?? "")}`);
  }
}

/** Reads the effective SQLite pragmas, so start-up and tests can assert them. */
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

/** What start-up prints about the database: pragmas on SQLite, server version and isolation on PostgreSQL. */
export async function describeDatabase(db: DB): Promise<Record<string, unknown>> {
  if (engineOf(db) === "sqlite") return { engine: "sqlite", ...(await readPragmas(db)) };
  const r = await sql<{ server_version: string }>`show server_version`.execute(db);
  return { engine: "postgres", serverVersion: r.rows[0]?.server_version };
}

const inTransaction = new WeakSet<object>();

/** The one advisory lock key that stands for "the write lock" on PostgreSQL (any constant; ours spells "CWWR"). */
export const PG_WRITE_LOCK_KEY = 0x43575752;

/** Serialization failure and deadlock: the transaction did nothing and may be run again. */
const PG_RETRYABLE = new Set(["40001", "40P01"]);
export const PG_MAX_ATTEMPTS = 12;

/**
 * Runs `fn` in a write transaction that takes the write lock up front. A call made with a handle that is
 * already inside a write transaction joins it.
 * - SQLite: `BEGIN IMMEDIATE`. Kysely's transaction() sends a deferred BEGIN, whose later lock upgrade fails
 *   with SQLITE_BUSY under contention instead of waiting.
 * - PostgreSQL: the same model across processes. A session-level advisory lock (PG_WRITE_LOCK_KEY) is taken
 *   before BEGIN, so racing writers queue exactly as on SQLite and each one's snapshot is taken after the
 *   previous writer committed. The transaction is SERIALIZABLE, so it also cannot interleave unnoticed with
 *   serializable work outside the lock; a serialization failure (40001) or deadlock (40P01) reruns the
 *   whole of `fn`, at most PG_MAX_ATTEMPTS times, after a short jittered back-off. `fn` must therefore
 *   only touch the database (no e-mail or HTTP inside — that is the outbox's job).
 */
export async function writeTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  if (inTransaction.has(db) || db.isTransaction) return fn(db);
  if (engineOf(db) === "postgres") return pgWriteTransaction(db, fn);
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

async function pgWriteTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${sql.lit(PG_WRITE_LOCK_KEY)})`.execute(conn);
        try {
          return await conn.transaction().setIsolationLevel("serializable").execute(fn);
        } finally {
          await sql`select pg_advisory_unlock(${sql.lit(PG_WRITE_LOCK_KEY)})`.execute(conn);
        }
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !PG_RETRYABLE.has(code) || attempt >= PG_MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/**
 * Serialises appends to a chain that lives in the database (the audit log) across processes, inside the
 * caller's transaction: on PostgreSQL a transaction-scoped advisory lock on the write-lock key (re-entrant
 * for a writeTransaction that already holds it); on SQLite the transaction's write lock already does it.
 */
export async function lockChainHead(trx: DB): Promise<void> {
  if (engineOf(trx) === "postgres") await sql`select pg_advisory_xact_lock(${sql.lit(PG_WRITE_LOCK_KEY)})`.execute(trx);
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

/** A PostgreSQL client tool (pg_dump, pg_restore): on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function pgTool(name: "pg_dump" | "pg_restore"): string {
  const dirs = [process.env.PG_BINDIR, ...(fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  for (const dir of dirs) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

/**
 * A consistent online copy of the database at `target`, taken while the app keeps running.
 * SQLite: `VACUUM INTO` (one transaction's snapshot, compacted; unlike the backup API it does not restart
 * while another process writes). PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot).
 */
export async function backupDatabase(db: DB, url: string, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  if (fs.existsSync(target)) throw new Error(`${target} exists; a backup never overwrites`);
  if (engineOf(db) === "sqlite") {
    await sql`vacuum into ${path.resolve(target)}`.execute(db);
    return;
  }
  const r = spawnSync(pgTool("pg_dump"), ["--format=custom", "--no-owner", "--file", target, "--dbname", url], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr || r.error}`);
}

/**
 * Restores a backup made by backupDatabase into the database at `url`, which must be empty (a new SQLite
 * path, or a freshly created PostgreSQL database): a restore never mixes with live data.
 */
export async function restoreDatabase(source: string, url: string): Promise<void> {
  if (engineOfUrl(url) === "sqlite") {
    const file = sqlitePathFromUrl(url);
    if (file === ":memory:") throw new Error("restore needs a file database");
    if (fs.existsSync(file)) throw new Error(`${file} exists; restore into a new path (then swap it in while the app is stopped)`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(source, file, fs.constants.COPYFILE_EXCL);
    return;
  }
  const r = spawnSync(pgTool("pg_restore"), ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname", url, source], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr || r.error}`);
}
