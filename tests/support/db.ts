// Fresh, migrated databases for tests, on the engine TEST_DATABASE_URL chooses:
// - unset (or a file: URL): SQLite — in memory for speed, or a temp file when several connections must share it;
// - postgres://…: PostgreSQL — each test gets its own database, cloned (CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY, ~70 ms) from one
//   migrated template made once per run by tests/support/pg-global-setup.ts, and dropped when it is destroyed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { type DB, type Engine, engineOfUrl, migrateToLatest, openDatabase } from "../../db/connection";
import { setDbForTests } from "../../app/db.server";

const pgServerUrl = process.env.TEST_DATABASE_URL && engineOfUrl(process.env.TEST_DATABASE_URL) === "postgres" ? process.env.TEST_DATABASE_URL : undefined;

/** The engine this test run uses. */
export const testEngine: Engine = pgServerUrl ? "postgres" : "sqlite";

/** For tests that exercise one engine's own machinery (pragmas, a SQLite file): branch inside the test, never skip it. */
export const onSqlite = testEngine === "sqlite";
export const onPostgres = testEngine === "postgres";

/** The URL of database `name` on the test server. */
export function pgDatabaseUrl(name: string): string {
  const url = new URL(pgServerUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

let admin: pg.Pool | undefined;
let counter = 0;

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: pgServerUrl, max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  return admin;
}

/** Creates an empty, migrated PostgreSQL database for one test; returns its name and URL. */
async function createPgDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = inject("pgTemplate" as never) as string | undefined;
  if (!template) throw new Error("TEST_DATABASE_URL is PostgreSQL but the template database was not made (tests/support/pg-global-setup.ts)");
  const name = `${template.replace(/_tmpl$/, "")}_${process.pid}_${++counter}`;
  await adminPool().query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  return { name, url: pgDatabaseUrl(name), drop: () => dropPgDatabase(name) };
}

/**
 * Drops a test database without FORCE: a just-closed pool's backends may take a moment to go, and
 * terminating them (FORCE) makes their half-ended clients raise an uncaught "terminating connection".
 * What is still in use after the retries is dropped at the end of the run.
 */
async function dropPgDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await adminPool().query(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006") throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/**
 * A URL where nothing exists yet, for restores: a path in a temp dir (SQLite) or a new, empty database
 * (PostgreSQL, no migrations). `cleanup` removes it.
 */
export async function createEmptyTarget(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (testEngine === "postgres") {
    const template = inject("pgTemplate" as never) as string;
    const name = `${template.replace(/_tmpl$/, "")}_${process.pid}_empty_${++counter}`;
    await adminPool().query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    return { url: pgDatabaseUrl(name), cleanup: () => dropPgDatabase(name) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-restore-"));
  return { url: `file:${path.join(dir, "restored.db")}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens `url` and makes `destroy()` also drop the database behind it. */
function withDropOnDestroy(db: DB, drop: () => Promise<void>): DB {
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await destroy();
    await drop();
  };
  return db;
}

export async function createTestDb(): Promise<DB> {
  if (testEngine === "postgres") {
    const created = await createPgDatabase();
    return withDropOnDestroy(openDatabase(created.url), created.drop);
  }
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  return db;
}

/**
 * A database that several connections (or processes) can open by URL. On SQLite a temp file; on PostgreSQL
 * a database of its own. `cleanup` closes `db` and removes the database.
 */
export async function createTestDbFile(): Promise<{ db: DB; url: string; cleanup: () => Promise<void> }> {
  if (testEngine === "postgres") {
    const created = await createPgDatabase();
    const db = openDatabase(created.url);
    return {
      db,
      url: created.url,
      cleanup: async () => {
        await db.destroy();
        await created.drop();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  const db = openDatabase(url);
  await migrateToLatest(db);
  return {
    db,
    url,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database for each test in the file, also used by loaders and actions (getDb()). */
export function useFreshDatabase(): { readonly db: DB } {
  const holder = {} as { db: DB };
  beforeEach(async () => {
    holder.db = await createTestDb();
    setDbForTests(holder.db);
  });
  afterEach(async () => {
    setDbForTests(undefined);
    await holder.db.destroy();
  });
  return holder;
}
