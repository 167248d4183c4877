// `npm run restore -- DIR`: brings a backup made by `npm run backup` into DATABASE_URL, which must be a new
// SQLite path or an empty PostgreSQL database (createdb first); attachments/ goes to ATTACHMENTS_DIR, which
// must not hold other files. Then the restored audit chain is verified. Stop the app, restore, point it at
// the restored database, start it (docs/deploy.md).
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_DATABASE_URL, engineOfUrl, openDatabase, restoreDatabase } from "./connection";
import { verifyAuditLog } from "../app/services/audit.server";
import { attachmentsDir } from "../app/services/storage.server";

const dir = process.argv[2];
if (!dir || !fs.existsSync(path.join(dir, "manifest.json"))) {
  console.error("用法 (usage): npm run restore -- <backup directory containing manifest.json>");
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { engine: string; file: string; auditRows: number };
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
if (engineOfUrl(url) !== manifest.engine) {
  console.error(`备份来自 ${manifest.engine}，目标是 ${engineOfUrl(url)} (a ${manifest.engine} backup restores into ${manifest.engine} only)`);
  process.exit(2);
}
await restoreDatabase(path.join(dir, manifest.file), url);
if (fs.existsSync(path.join(dir, "attachments"))) {
  const target = attachmentsDir();
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    console.error(`附件目录不为空 (attachment directory not empty): ${target}`);
    process.exit(1);
  }
  fs.cpSync(path.join(dir, "attachments"), target, { recursive: true });
}
const db = openDatabase(url);
const { rows, problems } = await verifyAuditLog(db);
await db.destroy();
if (problems.length > 0 || rows !== manifest.auditRows) {
  console.error(`恢复后的审计日志有问题 (restored audit log: ${rows} rows, expected ${manifest.auditRows}, ${problems.length} problem(s))`);
  process.exit(1);
}
console.log(`恢复完成，审计日志完整：${rows} 条记录 (restored; audit chain intact)`);
