// The audit log is a hash chain: each row's hash covers its content and the previous row's hash,
// so editing or deleting a row by hand breaks every link after it.
import { createHash, createHmac } from "node:crypto";

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

/** The chain's anchor: how many rows it has and its head, sealed with a key kept outside the database. */
export interface AuditAnchor {
  row_count: number;
  head_id: number;
  head_hash: string;
}

export function anchorMac(key: Uint8Array | string, anchor: AuditAnchor): string {
  return createHmac("sha256", key).update(`commonweal-audit-anchor|${anchor.row_count}|${anchor.head_id}|${anchor.head_hash}`).digest("hex");
}

export type AnchorProblem =
  | "anchor_missing" // the anchor row was deleted while the chain has rows
  | "anchor_forged" // its seal does not match: recomputed by someone without the key
  | "anchor_head_missing" // the anchored head row is gone or changed: the tail was cut or the chain recomputed
  | "anchor_count_mismatch" // rows before the anchored head were added or removed
  | "unanchored_rows" // rows after the anchored head were appended without moving the anchor
  | "published_head_missing"; // a head published earlier (transparency page, export) is not in the chain

/**
 * Checks the chain against its sealed anchor, and optionally against a head published earlier
 * (`hash`, and the row count shown next to it).
 */
export function verifyAnchor(
  rows: readonly { id: number; hash: string }[],
  anchor: (AuditAnchor & { mac: string }) | undefined,
  key: Uint8Array | string,
  published?: { hash: string; rows?: number },
): AnchorProblem[] {
  const problems: AnchorProblem[] = [];
  if (!anchor) {
    if (rows.length > 0) problems.push("anchor_missing");
  } else {
    if (anchorMac(key, anchor) !== anchor.mac) problems.push("anchor_forged");
    const index = anchor.head_id === 0 ? -1 : rows.findIndex((r) => r.id === anchor.head_id);
    if (anchor.head_id !== 0 && (index === -1 || rows[index].hash !== anchor.head_hash)) problems.push("anchor_head_missing");
    else {
      if (index + 1 !== anchor.row_count) problems.push("anchor_count_mismatch");
      if (index + 1 < rows.length) problems.push("unanchored_rows");
    }
  }
  if (published) {
    const at = rows.findIndex((r) => r.hash === published.hash.toLowerCase());
    if (at === -1 || (published.rows !== undefined && at + 1 !== published.rows)) problems.push("published_head_missing");
  }
  return problems;
}
