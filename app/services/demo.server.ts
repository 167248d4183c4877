// Whether the demo accounts (published password) are still in this database, for the "演示数据"
// banner on every page. The demo seed gives all its accounts one shared hash (one salt); real accounts
// never share a hash. So: find an active hash used by more than one account, confirm once that it is
// the demo password, and cache the answer for a minute (one cheap query per minute, not per request).
import type { DB } from "../../db/connection";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { verifyPassword } from "../utils/password.server";

const TTL_MS = 60_000;
let cached: { value: boolean; at: number; db: DB } | null = null;
const confirmedHashes = new Map<string, boolean>();

export async function demoAccountsPresent(db: DB, now = Date.now()): Promise<boolean> {
  if (cached && cached.db === db && now - cached.at < TTL_MS) return cached.value;
  const shared = await db
    .selectFrom("users")
    .select("password_hash")
    .where("password_hash", "is not", null)
    .where("disabled", "=", 0)
    .groupBy("password_hash")
    .having((eb) => eb.fn.countAll(), ">", 1)
    .limit(5)
    .execute();
  let value = false;
  for (const { password_hash: hash } of shared) {
    if (!hash) continue;
    if (!confirmedHashes.has(hash)) confirmedHashes.set(hash, await verifyPassword(DEMO_PASSWORD, hash));
    if (confirmedHashes.get(hash)) {
      value = true;
      break;
    }
  }
  cached = { value, at: now, db };
  return value;
}

/** After a password change or account change, look again on the next request. */
export function forgetDemoCheck(): void {
  cached = null;
}
