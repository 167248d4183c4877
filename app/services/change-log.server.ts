// A change log written by triggers (money_changes; see its migration): its (max id, count) is a version
// every process sharing the database can read in one cheap query. count is there for PostgreSQL, where
// identity values may commit out of order. Read the version BEFORE the data it labels, so a write that
// lands in between shows up as a newer version on the next read.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";

export interface ChangeLogVersion {
  max: number;
  count: number;
}

/** Prune a log once it is this long (a prune moves the version once: every cached copy recomputes once). */
const PRUNE_AT = 10_000;

export async function changeLogVersion(db: DB, table: "money_changes"): Promise<ChangeLogVersion> {
  const r = await db.selectFrom(table).select((eb) => [eb.fn.max("id").as("max"), eb.fn.countAll().as("count")]).executeTakeFirstOrThrow();
  return { max: Number(r.max ?? 0), count: Number(r.count) };
}

export const sameChangeLogVersion = (a: ChangeLogVersion, b: ChangeLogVersion) => a.max === b.max && a.count === b.count;

/** Keeps the log short: drops every row below the newest once it holds PRUNE_AT rows. */
export async function pruneChangeLog(db: DB, table: "money_changes", version: ChangeLogVersion): Promise<void> {
  if (version.count < PRUNE_AT) return;
  await writeTransaction(db, (trx) => trx.deleteFrom(table).where("id", "<", version.max).execute());
}

/**
 * What a per-database cache is keyed by: the handle's adapter, which the handle shares with its
 * transactions and with copies made by withPlugin (a new Kysely object each time), so those hit too.
 */
export function databaseKey(db: DB): object {
  return db.getExecutor().adapter;
}
