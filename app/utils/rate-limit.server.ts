// Rate limits kept in the database (table rate_limits), so every app process sees the same counters.
// Fixed windows per key, updated with one portable upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING
// on SQLite and PostgreSQL alike); policies that back off store `blocked_until` on the same row.
import { isIP } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/connection";

export interface Counter {
  count: number;
  blockedUntil: string | null;
}

/** Records one hit on `key` and returns the hits in the current window (counting this one). */
export async function hit(db: DB, key: string, windowMs: number, now: Date): Promise<Counter> {
  const at = now.toISOString();
  const expired = new Date(now.getTime() - windowMs).toISOString();
  const row = await db
    .insertInto("rate_limits")
    .values({ key, count: 1, window_started_at: at, blocked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => ({
        count: eb
          .case()
          .when("rate_limits.window_started_at", "<=", expired)
          .then(eb.lit(1))
          .else(eb("rate_limits.count", "+", eb.lit(1)))
          .end(),
        window_started_at: eb
          .case()
          .when("rate_limits.window_started_at", "<=", expired)
          .then(at)
          .else(eb.ref("rate_limits.window_started_at"))
          .end(),
      })),
    )
    .returning(["count", "blocked_until"])
    .executeTakeFirstOrThrow();
  if (Math.random() < 0.01) await prune(db, now);
  return { count: Number(row.count), blockedUntil: row.blocked_until };
}

/** Blocks `key` until `until` (the row exists: call after hit()). */
export async function blockUntil(db: DB, key: string, until: Date): Promise<void> {
  await db.updateTable("rate_limits").set({ blocked_until: until.toISOString() }).where("key", "=", key).execute();
}

/** The keys among `keys` that are blocked at `now` (one query for all of them). */
export async function blockedKeys(db: DB, keys: string[], now: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom("rate_limits")
    .select("key")
    .where("key", "in", keys)
    .where("blocked_until", ">", now.toISOString())
    .execute();
  return new Set(rows.map((r) => r.key));
}

/** Hits within the window without recording one. */
export async function currentCount(db: DB, key: string, windowMs: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom("rate_limits")
    .select("count")
    .where("key", "=", key)
    .where("window_started_at", ">", new Date(now.getTime() - windowMs).toISOString())
    .executeTakeFirst();
  return row ? Number(row.count) : 0;
}

export async function resetLimit(db: DB, key: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/**
 * A fixed-window limit: records a hit and says whether it is within `limit` per `windowMs`.
 * Used by registration, objections and agreement signing.
 */
export async function withinLimit(db: DB, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  return (await hit(db, key, windowMs, now)).count <= limit;
}

/** Drops rows whose window ended over a day ago and that block nothing. */
async function prune(db: DB, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  await db
    .deleteFrom("rate_limits")
    .where("window_started_at", "<", dayAgo)
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", now.toISOString())]))
    .execute();
}

/**
 * The client address server.ts put into the load context: the socket peer, or the address a trusted
 * proxy reported within TRUST_PROXY hops. Request headers are never read here (X-Real-IP and
 * X-Forwarded-For come from the client unless Express was told to trust a proxy).
 */
export function clientAddress(context: AppLoadContext | undefined): string {
  const address = context?.clientAddress;
  return typeof address === "string" && address ? address : "unknown";
}

/**
 * The address as a rate-limit key: IPv4-mapped IPv6 becomes IPv4, and IPv6 is cut to its /64 (one
 * household or phone gets a whole /64, so counting single IPv6 addresses would be no limit at all).
 */
export function addressKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1];
  if (isIP(a) !== 6) return a;
  const [head, tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = a.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
