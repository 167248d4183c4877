// The audit log is a hash chain: each row's hash covers its content and the previous row's hash,
// so editing or deleting a row by hand breaks every link after it.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditRowContent {
  at: string;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
}

export function auditRowHash(prevHash: string, row: AuditRowContent): string {
  const canonical = JSON.stringify([
    prevHash, row.at, row.actor_id, row.action, row.entity_type, row.entity_id, row.before_json, row.after_json,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type ChainProblem = { id: number; problem: "hash_mismatch" | "broken_link" };

/** Walks rows in id order and names every row whose hash or link does not hold. */
export function verifyAuditChain(rows: readonly (AuditRowContent & { id: number; prev_hash: string; hash: string })[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  for (const row of rows) {
    if (row.prev_hash !== expectedPrev) problems.push({ id: row.id, problem: "broken_link" });
    if (auditRowHash(row.prev_hash, row) !== row.hash) problems.push({ id: row.id, problem: "hash_mismatch" });
    expectedPrev = row.hash;
  }
  return problems;
}
