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

function runVerify(url: string, ...args: string[]) {
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["db/audit-verify.ts", ...args], {
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
    raw.exec(`DROP TRIGGER IF EXISTS audit_log_no_${op}`);
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

  // Issue 10: the anchor (row count + head, HMAC with a key outside the database) and published heads.
  async function allRows(url: string): Promise<any[]> {
    const out: any[] = [];
    for (let id = 1; ; id++) {
      const row = await readAuditRow(url, id);
      if (!row) return out;
      out.push(row);
    }
  }

  /** Rewrites the anchor row as a tamperer would (no trigger guards it, but its seal needs the key). */
  async function setAnchor(url: string, values: { row_count: number; head_id: number; head_hash: string; mac: string }) {
    await tamper(url, "update", "UPDATE audit_anchor SET row_count = ?, head_id = ?, head_hash = ?, mac = ? WHERE id = 1", [values.row_count, values.head_id, values.head_hash, values.mac]);
  }

  it("exits 1 when the tail of the log is cut off (the chain before it still links)", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const last = ids[ids.length - 1];
      await tamper(url, "delete", "DELETE FROM audit_log WHERE id >= ?", [ids[ids.length - 2]]);
      const { code, out } = runVerify(url);
      expect(code).toBe(1);
      expect(out).not.toContain("hash_mismatch");
      expect(out).not.toContain("broken_link");
      expect(out).toContain("anchor: anchor_head_missing");
      expect(last).toBeGreaterThan(0);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);

  it("exits 1 when an edited chain is recomputed end to end and the anchor moved without the key", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const { anchorMac, auditRowHash } = await import("~/domain/audit-chain");
      const rows = await allRows(url);
      // edit row 2, then recompute every hash after it so each link holds again
      let prev = rows[0].hash;
      for (const [i, row] of rows.entries()) {
        if (i === 0) continue;
        const content = i === 1 ? { ...row, after_json: String(row.after_json).replace("2021-04-20", "2021-04-21") } : row;
        const hash = auditRowHash(prev, content);
        await tamper(url, "update", "UPDATE audit_log SET after_json = ?, prev_hash = ?, hash = ? WHERE id = ?", [content.after_json, prev, hash, row.id]);
        prev = hash;
      }
      const chainOnly = runVerify(url);
      expect(chainOnly.code).toBe(1);
      expect(chainOnly.out).not.toContain("broken_link");
      expect(chainOnly.out).toContain("anchor: anchor_head_missing");
      // moving the anchor onto the new head needs the key: a guessed one is caught
      const anchor = { row_count: rows.length, head_id: ids[ids.length - 1], head_hash: prev };
      await setAnchor(url, { ...anchor, mac: anchorMac("guessed-key", anchor) });
      const forged = runVerify(url);
      expect(forged.code).toBe(1);
      expect(forged.out).toContain("anchor: anchor_forged");
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);

  it("checks a published head: accepted while it is in the log, refused after a cut even with an old anchor replayed", async () => {
    const { url, cleanup, ids } = await databaseWithHistory();
    try {
      const rows = await allRows(url);
      const head = rows[rows.length - 1];
      expect(runVerify(url, "--head", `${head.hash}@${rows.length}`).code).toBe(0);
      const earlier = rows[rows.length - 3];
      expect(runVerify(url, "--head", `${earlier.hash}@${rows.length - 2}`).code).toBe(0);
      // a tamperer who kept an old sealed anchor cuts the log back to it and replays the anchor
      const { anchorMac } = await import("~/domain/audit-chain");
      const key = process.env.AUDIT_ANCHOR_KEY!;
      await tamper(url, "delete", "DELETE FROM audit_log WHERE id > ?", [earlier.id]);
      const old = { row_count: rows.length - 2, head_id: earlier.id, head_hash: earlier.hash };
      await setAnchor(url, { ...old, mac: anchorMac(key, old) });
      expect(runVerify(url).code).toBe(0); // the database alone cannot tell …
      const published = runVerify(url, "--head", `${head.hash}@${rows.length}`);
      expect(published.code).toBe(1); // … the head published before the cut can
      expect(published.out).toContain("anchor: published_head_missing");
      expect(ids.length).toBe(rows.length);
    } finally {
      await cleanup().catch(() => undefined);
    }
  }, 30_000);
});
