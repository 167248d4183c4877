// `npm run audit:verify`: exits 1 and names the rows when the audit chain was edited or cut.
import { openDatabase } from "./connection";
import { verifyAuditLog } from "../app/services/audit.server";

const db = openDatabase();
const { rows, problems } = await verifyAuditLog(db);
await db.destroy();
if (problems.length === 0) {
  console.log(`审计日志完整：${rows} 条记录，哈希链校验通过。 (audit log intact: ${rows} rows)`);
} else {
  console.error(`审计日志被篡改！(audit log tampered) ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  row ${p.id}: ${p.problem}`);
  process.exit(1);
}
