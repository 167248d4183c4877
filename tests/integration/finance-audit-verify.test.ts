// The audit log is append-only and hash-chained; `npm run audit:verify` (db/audit-verify.ts) must name
// a row a tamperer edited or deleted by hand, even after dropping the append-only triggers.
import { spawnSync } from "node:child_process";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { engineOfUrl, sqlitePathFromUrl } from "../../db/connection";
import { releaseSigningTranche } from "~/services/milestones.server";
import { createTestDbFile } from "../support/db";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";

function runVerify(url: string) {
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["db/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

async function databaseWithHistory() {
  const file = await createTestDbFile();
  const world = await createFinanceWorld(file.db);
  await fundPool(file.db, world, 5_000_000);
  const { milestones } = await createSignedAgreementWithMilestones(file.db, world, 2_000_000);
  await releaseSigningTranche(file.db, { id: world.organizer.id, role: "organizer" }, { milestoneId: milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
  const rows = await file.db.selectFrom("audit_log").select("id").orderBy("id").execute();
  await file.db.destroy();
  return { ...file, ids: rows.map((r) => r.id) };
}

/**
 * What a tamperer with direct database access does: open the database outside the app, switch off the
 * append-only guard for `op`, then run `statement` (`?` placeholders).
 */
async function tamper(url: string, op: "update" | "delete", statement: string, params: unknown[] = []) {
  if (engineOfUrl(url) === "postgres") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
      let n = 0;
      await client.query(statement.replace(/\?/g, () => `$${++n}`), params);
    } finally {
      await client.end();
    }
    return;
  }
  const raw = new SQLite(sqlitePathFromUrl(url));
  try {
    raw.exec(`DROP TRIGGER audit_log_no_${op}`);
    raw.prepare(statement).run(...params);
  } finally {
    raw.close();
  }
}

async function readAuditRow(url: string, id: number): Promise<any> {
  if (engineOfUrl(url) === "postgres") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query("SELECT * FROM audit_log WHERE id = $1", [id])).rows[0];
    } finally {
      await client.end();
    }
  }
  const raw = new SQLite(sqlitePathFromUrl(url));
  try {
    return raw.prepare("SELECT * FROM audit_log WHERE id = ?").get(id);
  } finally {
    raw.close();
  }
}

describe("npm run audit:verify", () => {
  it("passes an untouched log", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      expect(ids.length).toBeGreaterThanOrEqual(5);
      const { code, out } = runVerify(url);
      expect(out).toContain(`${ids.length} 条记录`);
      expect(code).toBe(0);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);

  it("the append-only triggers refuse an ordinary edit or delete", async () => {
    const { db, cleanup } = await createTestDbFile();
    try {
      const world = await createFinanceWorld(db);
      await fundPool(db, world, 1000);
      await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    } finally {
      await cleanup();
    }
  });

  it("exits 1 and names the row whose amount was edited by hand", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const target = ids[2]; // contribution.received
      await tamper(url, "update", "UPDATE audit_log SET after_json = replace(after_json, '5000000', '500') WHERE id = ?", [target]);
      const { code, out } = runVerify(url);
      expect(code).toBe(1);
      expect(out).toContain(`row ${target}: hash_mismatch`);
      expect(out).not.toContain(`row ${ids[1]}:`);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);

  it("exits 1 and names the row after a deleted middle row", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const middle = ids[Math.floor(ids.length / 2)];
      const next = ids[ids.indexOf(middle) + 1];
      await tamper(url, "delete", "DELETE FROM audit_log WHERE id = ?", [middle]);
      const { code, out } = runVerify(url);
      expect(code).toBe(1);
      expect(out).toContain(`row ${next}: broken_link`);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);

  it("exits 1 when a tamperer also recomputes the edited row's own hash (the next link breaks)", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const target = ids[1];
      const { auditRowHash } = await import("~/domain/audit-chain");
      const row = await readAuditRow(url, target);
      const forged = { ...row, after_json: String(row.after_json).replace("2021-04-20", "2021-04-21") };
      await tamper(url, "update", "UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?", [forged.after_json, auditRowHash(row.prev_hash, forged), target]);
      const { code, out } = runVerify(url);
      expect(code).toBe(1);
      expect(out).toContain(`row ${ids[2]}: broken_link`);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);
});
