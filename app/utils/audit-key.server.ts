// The audit anchor's key, kept outside the database (no database imports here: migrations use it too).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const keys = new Map<string, string>();

/**
 * The anchor's key: AUDIT_ANCHOR_KEY, or a random key generated on first use into the data directory
 * (AUDIT_ANCHOR_KEY_FILE, default ./data/audit-anchor.key, mode 600) — a file of its own, not the
 * session secret. Whoever can write the database but not read this file cannot forge the anchor.
 */
export function auditAnchorKey(): string {
  const configured = process.env.AUDIT_ANCHOR_KEY?.trim();
  if (configured) return configured;
  const file = path.resolve(process.env.AUDIT_ANCHOR_KEY_FILE ?? path.join(process.env.DATA_DIR ?? "./data", "audit-anchor.key"));
  const cached = keys.get(file);
  if (cached) return cached;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = fs.readFileSync(file, "utf8").trim();
  keys.set(file, key);
  return key;
}

