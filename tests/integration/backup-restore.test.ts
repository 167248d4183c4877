// `npm run backup` takes a consistent copy of a running, seeded database (and its attachment files);
// `npm run restore` brings it back into an empty database whose audit chain `npm run audit:verify` passes,
// with the same rows. On SQLite (VACUUM INTO) and on PostgreSQL (pg_dump / pg_restore).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { seedDemo } from "../../seeds/demo";
import { createEmptyTarget, createTestDbFile, testEngine } from "../support/db";

const TSX = path.resolve("node_modules/.bin/tsx");

function npmScript(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(TSX, [script, ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const TABLES = ["users", "competitions", "proposals", "proposal_versions", "notices", "agreements", "ledger_entries", "ledger_lines", "audit_log"] as const;

describe(`backup and restore (${testEngine})`, () => {
  it("restores a seeded database from its backup into one that passes audit:verify with the same rows and files", async () => {
    const source = await createTestDbFile();
    const target = await createEmptyTarget();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-backup-"));
    const liveFiles = path.join(work, "live-attachments");
    const restoredFiles = path.join(work, "restored-attachments");
    fs.mkdirSync(liveFiles);
    fs.writeFileSync(path.join(liveFiles, "a".repeat(64)), "%PDF-1.4 evidence");
    try {
      expect(await seedDemo(source.db, new Date("2021-12-31T02:00:00Z"))).toBe(true);
      const counts = async (db: typeof source.db) =>
        Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)])));
      const before = await counts(source.db);
      expect(before.audit_log).toBeGreaterThan(10);

      const dir = path.join(work, "backup");
      const backup = npmScript("db/backup.ts", [dir], { DATABASE_URL: source.url, ATTACHMENTS_DIR: liveFiles, ATTACHMENTS_STORE: "dir" });
      expect(backup.code, backup.out).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
      expect(manifest).toMatchObject({ engine: testEngine, auditRows: before.audit_log, attachments: 1 });

      // A backup never overwrites.
      expect(npmScript("db/backup.ts", [dir], { DATABASE_URL: source.url }).code).toBe(1);

      const restore = npmScript("db/restore.ts", [dir], { DATABASE_URL: target.url, ATTACHMENTS_DIR: restoredFiles });
      expect(restore.code, restore.out).toBe(0);
      const verify = npmScript("db/audit-verify.ts", [], { DATABASE_URL: target.url });
      expect(verify.code, verify.out).toBe(0);
      expect(verify.out).toContain(`${before.audit_log} 条记录`);

      const restored = openDatabase(target.url);
      try {
        expect(await counts(restored)).toEqual(before);
      } finally {
        await restored.destroy();
      }
      expect(fs.readFileSync(path.join(restoredFiles, "a".repeat(64)), "utf8")).toBe("%PDF-1.4 evidence");

      // Restoring over a database that exists is refused.
      expect(npmScript("db/restore.ts", [dir], { DATABASE_URL: target.url, ATTACHMENTS_DIR: path.join(work, "x") }).code).not.toBe(0);
    } finally {
      await source.cleanup();
      await target.cleanup();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);
});
