// `npm run audit:verify [-- --head <hash>[@<rows>]]`: exits 1 and names what is wrong when the audit chain
// was edited, cut at its tail or recomputed. The chain is checked row by row, then against its sealed
// anchor (HMAC with the key outside the database), then — when given — against a head published
// earlier (the one shown on /transparency or in an export, e.g. `--head 3fa4…@1284`).
import { openDatabase } from "./connection";
import { verifyAuditLog } from "../app/services/audit.server";

const ANCHOR_MESSAGES: Record<string, string> = {
  anchor_missing: "链头锚点记录被删除 (the anchor row is missing)",
  anchor_forged: "链头锚点签名不符：哈希链可能被重新计算 (the anchor's HMAC does not match: the chain was recomputed or the anchor forged)",
  anchor_head_missing: "锚定的链头记录不存在或已被改写：日志尾部被截断或被重算 (the anchored head row is gone or changed: tail truncated or chain recomputed)",
  anchor_count_mismatch: "锚定的记录数与实际不符 (the anchored row count does not match)",
  unanchored_rows: "链头之后存在未经锚定的记录 (rows after the anchored head were appended outside the app)",
  published_head_missing: "已公布的链头不在日志中：日志被截断或被重算 (the published head is not in the chain: truncated or recomputed)",
};

function publishedHead(argv: string[]): { hash: string; rows?: number } | undefined {
  const i = argv.findIndex((a) => a === "--head" || a.startsWith("--head="));
  if (i === -1) return undefined;
  const value = argv[i].includes("=") ? argv[i].slice("--head=".length) : argv[i + 1] ?? "";
  const [hash, rows] = value.split("@");
  if (!/^[0-9a-fA-F]{64}$/.test(hash) || (rows !== undefined && !/^\d+$/.test(rows))) {
    console.error("用法 (usage): npm run audit:verify -- --head <64 位十六进制哈希>[@<记录数>]");
    process.exit(2);
  }
  return { hash, rows: rows === undefined ? undefined : Number(rows) };
}

const published = publishedHead(process.argv.slice(2));
const db = openDatabase();
const { rows, problems, anchorProblems } = await verifyAuditLog(db, published);
await db.destroy();
if (problems.length === 0 && anchorProblems.length === 0) {
  console.log(`审计日志完整：${rows} 条记录，哈希链与链头锚点校验通过${published ? "，已公布的链头在日志中" : ""}。 (audit log intact: ${rows} rows, anchor verified)`);
} else {
  console.error(`审计日志被篡改！(audit log tampered) ${problems.length + anchorProblems.length} problem(s):`);
  for (const p of problems) console.error(`  row ${p.id}: ${p.problem}`);
  for (const p of anchorProblems) console.error(`  anchor: ${p} — ${ANCHOR_MESSAGES[p]}`);
  process.exit(1);
}
