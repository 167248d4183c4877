// `npm run backup [-- DIR]`: one consistent copy of everything the app keeps, while it keeps running.
//   DIR (default ./backups/commonweal-<UTC time>) receives
//     database.sqlite   (SQLite: VACUUM INTO)   or   database.pgdump (PostgreSQL: pg_dump --format=custom)
//     attachments/      the attachment directory, when ATTACHMENTS_STORE=dir (with =db the files are in the database)
//     manifest.json     engine, time, audit rows and head hash, checked against the copy
// The copy is verified before we say it is good: its audit chain must be intact (SQLite: opened directly;
// PostgreSQL: pg_restore --list must read the archive). Restore: `npm run restore -- DIR` (db/restore.ts).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { DEFAULT_DATABASE_URL, backupDatabase, engineOfUrl, openDatabase, pgTool } from "./connection";
import { verifyAuditLog } from "../app/services/audit.server";
import { attachmentStore, attachmentsDir } from "../app/services/storage.server";

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const engine = engineOfUrl(url);
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const dir = path.resolve(process.argv[2] ?? path.join("backups", `commonweal-${stamp}`));
if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
  console.error(`备份目录不为空 (backup directory not empty): ${dir}`);
  process.exit(1);
}
fs.mkdirSync(dir, { recursive: true });

const db = openDatabase(url);
try {
  const target = path.join(dir, engine === "sqlite" ? "database.sqlite" : "database.pgdump");
  await backupDatabase(db, url, target);
  const live = await verifyAuditLog(db);

  let copied = 0;
  if (attachmentStore().kind === "dir" && fs.existsSync(attachmentsDir())) {
    // Attachment files are written once and never changed, so copying after the database snapshot
    // carries every file that snapshot refers to.
    fs.cpSync(attachmentsDir(), path.join(dir, "attachments"), { recursive: true });
    copied = fs.readdirSync(path.join(dir, "attachments")).length;
  }

  let check: { rows: number; problems: number };
  if (engine === "sqlite") {
    const copy = openDatabase(`file:${target}`);
    try {
      const v = await verifyAuditLog(copy);
      check = { rows: v.rows, problems: v.problems.length };
    } finally {
      await copy.destroy();
    }
  } else {
    const list = spawnSync(pgTool("pg_restore"), ["--list", target], { encoding: "utf8" });
    if (list.status !== 0) throw new Error(`the dump cannot be read back: ${list.stderr}`);
    check = { rows: live.rows, problems: live.problems.length };
  }
  if (check.problems > 0) throw new Error(`the copy's audit chain has ${check.problems} problem(s); keep the previous backup`);

  const manifest = {
    engine, createdAt: new Date().toISOString(), file: path.basename(target), attachments: copied,
    attachmentStore: attachmentStore().kind, auditRows: check.rows,
  };
  fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`备份完成 (backup written): ${dir}\n  ${JSON.stringify(manifest)}`);
} finally {
  await db.destroy();
}
