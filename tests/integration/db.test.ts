import { sql } from "kysely";
import { migrateToLatest, openDatabase, readPragmas, writeTransaction } from "../../db/connection";
import { migrations } from "../../db/migrations";
import { createEmptyTarget, createTestDbFile, onSqlite } from "../support/db";

describe("the database connection", () => {
  // Each engine's own durability and waiting settings: SQLite's pragmas; PostgreSQL's per-connection options.
  it(onSqlite ? "runs SQLite with WAL, foreign keys, a busy timeout and synchronous=FULL" : "runs every PostgreSQL connection in UTC with a lock timeout like SQLite's busy timeout", async () => {
    const { db, cleanup } = await createTestDbFile();
    try {
      if (onSqlite) {
        await db.insertInto("users").values({ username: "u", role: "applicant", display_name: "u", password_hash: null, mobile: null, created_at: new Date().toISOString() }).execute();
        expect(await readPragmas(db)).toEqual({ journalMode: "wal", foreignKeys: 1, busyTimeout: 10000, synchronous: 2 });
      } else {
        const zone = await sql<{ TimeZone: string }>`show timezone`.execute(db);
        const lock = await sql<{ lock_timeout: string }>`show lock_timeout`.execute(db);
        expect([Object.values(zone.rows[0])[0], Object.values(lock.rows[0])[0]]).toEqual(["UTC", "10s"]);
      }
    } finally {
      await cleanup();
    }
  });

  it("refuses a row that points at nothing", async () => {
    const { db, cleanup } = await createTestDbFile();
    try {
      await expect(
        db.insertInto("divisions").values({ competition_id: 999, code: "X", name: "X", budget_fen: 0, sort_order: 1 }).execute(),
      ).rejects.toThrow(/FOREIGN KEY|foreign key/);
    } finally {
      await cleanup();
    }
  });

  it("serializes read-then-write transactions from separate connections without SQLITE_BUSY or a lost update", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const others = Array.from({ length: 4 }, () => openDatabase(url));
    try {
      await sql`create table counter (n integer not null)`.execute(db);
      await sql`insert into counter values (0)`.execute(db);
      const increment = (conn: typeof db) =>
        writeTransaction(conn, async (trx) => {
          const row = await sql<{ n: number }>`select n from counter`.execute(trx);
          await new Promise((r) => setTimeout(r, 2));
          await sql`update counter set n = ${row.rows[0].n + 1}`.execute(trx);
        });
      await Promise.all(others.flatMap((conn) => Array.from({ length: 10 }, () => increment(conn))));
      const final = await sql<{ n: number }>`select n from counter`.execute(db);
      expect(final.rows[0].n).toBe(40);
    } finally {
      await Promise.all(others.map((o) => o.destroy()));
      await cleanup();
    }
  });

  // Why writeTransaction exists. SQLite: a deferred BEGIN's later lock upgrade fails (SQLITE_BUSY).
  // PostgreSQL: READ COMMITTED lets concurrent read-then-write transactions lose updates.
  it(onSqlite ? "shows why: the same work in Kysely's plain (deferred) transactions fails under contention" : "shows why: the same work in plain READ COMMITTED transactions loses updates", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const others = Array.from({ length: 4 }, () => openDatabase(url));
    try {
      await sql`create table counter (n integer not null)`.execute(db);
      await sql`insert into counter values (0)`.execute(db);
      const increment = (conn: typeof db) =>
        conn.transaction().execute(async (trx) => {
          const row = await sql<{ n: number }>`select n from counter`.execute(trx);
          await new Promise((r) => setTimeout(r, 2));
          await sql`update counter set n = ${row.rows[0].n + 1}`.execute(trx);
        });
      const results = await Promise.allSettled(others.flatMap((conn) => Array.from({ length: 10 }, () => increment(conn))));
      const final = await sql<{ n: number }>`select n from counter`.execute(db);
      if (onSqlite) expect(results.some((r) => r.status === "rejected")).toBe(true);
      else expect(final.rows[0].n).toBeLessThan(40);
    } finally {
      await Promise.all(others.map((o) => o.destroy()));
      await cleanup();
    }
  });

  it("rolls back everything when the work inside the transaction fails", async () => {
    const { db, cleanup } = await createTestDbFile();
    try {
      await expect(
        writeTransaction(db, async (trx) => {
          await trx.insertInto("users").values({ username: "half", role: "applicant", display_name: "x", password_hash: null, mobile: null, created_at: "2021-01-01T00:00:00.000Z" }).execute();
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await db.selectFrom("users").select("id").execute()).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it("applies each migration once when several processes start on one empty database at once", async () => {
    const target = await createEmptyTarget();
    const starters = Array.from({ length: 3 }, () => openDatabase(target.url));
    try {
      const results = await Promise.allSettled(starters.map((db) => migrateToLatest(db)));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      const applied = await starters[0].selectFrom("kysely_migration" as never).select("name" as never).execute();
      expect(applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      await Promise.all(starters.map((db) => db.destroy()));
      await target.cleanup();
    }
  });
});
