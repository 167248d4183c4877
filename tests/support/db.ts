// Fresh, migrated databases for tests: in memory for speed, or a temp file when several
// connections must share it (concurrency tests).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DB, migrateToLatest, openDatabase } from "../../db/connection";
import { setDbForTests } from "../../app/db.server";

export async function createTestDb(): Promise<DB> {
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  return db;
}

export async function createTestDbFile(): Promise<{ db: DB; url: string; cleanup: () => Promise<void> }> {
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
