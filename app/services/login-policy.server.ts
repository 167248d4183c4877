// The login policy of docs/decisions/008: slow a password guesser down without letting a stranger
// lock the owner out. All counters live in rate_limits (shared by every app process).
//
//  1. per address (all accounts, unknown names too): 100 failures an hour, then the address waits out
//     the hour. Keyed by IPv4 address or IPv6 /64.
//  2. per account + address: 5 failures free, then exponential backoff (30 s, 1 min, 2 min … capped at
//     15 min) before the next try from that address; a success from that address clears it.
//  3. per account (any address): 20 failures in 15 minutes lock the account for 5 minutes — but not for
//     an address this account has logged in from successfully before (a "known address").
import type { DB } from "../../db/connection";
import { addressKey, blockUntil, blockedKeys, hit, resetLimit } from "../utils/rate-limit.server";

export const LOGIN_POLICY = {
  address: { limit: 100, windowMs: 60 * 60 * 1000 },
  accountAddress: { free: 5, windowMs: 24 * 60 * 60 * 1000, firstDelayMs: 30_000, maxDelayMs: 15 * 60 * 1000 },
  account: { limit: 20, windowMs: 15 * 60 * 1000, lockMs: 5 * 60 * 1000 },
} as const;

export type LoginRefusal = "auth.tooManyFromAddress" | "auth.tooManyAttempts" | "auth.accountLocked";

function keys(username: string, address: string) {
  const account = username.trim().toLowerCase();
  const addr = addressKey(address);
  return {
    addr,
    address: `login:addr:${addr}`,
    accountAddress: `login:acct-addr:${account}|${addr}`,
    account: `login:acct:${account}`,
  };
}

/** What stops this attempt before any password is checked; `accountLocked` is decided by the caller. */
export async function loginBlocks(db: DB, username: string, address: string, now: Date) {
  const k = keys(username, address);
  const blocked = await blockedKeys(db, [k.address, k.accountAddress, k.account], now);
  return {
    refusal: blocked.has(k.address)
      ? ("auth.tooManyFromAddress" as const)
      : blocked.has(k.accountAddress)
        ? ("auth.tooManyAttempts" as const)
        : null,
    accountLocked: blocked.has(k.account),
  };
}

/** Whether `userId` has logged in from this address (or its IPv6 /64) before. */
export async function isKnownAddress(db: DB, userId: number, address: string): Promise<boolean> {
  const row = await db
    .selectFrom("login_addresses")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("address", "=", addressKey(address))
    .executeTakeFirst();
  return !!row;
}

export async function recordLoginFailure(db: DB, username: string, address: string, now: Date): Promise<void> {
  const k = keys(username, address);
  const p = LOGIN_POLICY;
  const byAddress = await hit(db, k.address, p.address.windowMs, now);
  if (byAddress.count >= p.address.limit) await blockUntil(db, k.address, new Date(now.getTime() + p.address.windowMs));
  const pair = await hit(db, k.accountAddress, p.accountAddress.windowMs, now);
  const over = pair.count - p.accountAddress.free;
  if (over >= 0) {
    const delay = Math.min(p.accountAddress.maxDelayMs, p.accountAddress.firstDelayMs * 2 ** Math.min(over, 20));
    await blockUntil(db, k.accountAddress, new Date(now.getTime() + delay));
  }
  const account = await hit(db, k.account, p.account.windowMs, now);
  if (account.count >= p.account.limit) await blockUntil(db, k.account, new Date(now.getTime() + p.account.lockMs));
}

export async function recordLoginSuccess(db: DB, userId: number, username: string, address: string, now: Date): Promise<void> {
  const k = keys(username, address);
  await resetLimit(db, k.accountAddress);
  await db
    .insertInto("login_addresses")
    .values({ user_id: userId, address: k.addr, last_success_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "address"]).doUpdateSet({ last_success_at: now.toISOString() }))
    .execute();
}
