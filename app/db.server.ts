// The process-wide database handle used by loaders and actions.
import { type DB, openDatabase } from "../db/connection";

let db: DB | undefined;

export function getDb(): DB {
  db ??= openDatabase();
  return db;
}

/** Tests that call loaders and actions directly point them at their own fresh database. */
export function setDbForTests(testDb: DB | undefined): void {
  db = testDb;
}

/** Closes the process-wide handle (the server's SIGTERM handler calls this last). */
export async function closeDb(): Promise<void> {
  const open = db;
  db = undefined;
  await open?.destroy();
}
