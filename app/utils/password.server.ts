// Password hashing with scrypt (memory-hard, in node:crypto). The parameters travel inside
// the stored hash so they can be raised later without invalidating existing passwords.
//
// Every scrypt run goes through a small queue (KDF_CONCURRENCY at a time): a burst of registrations
// cannot eat every core and stall the rest of the server. Logins and re-entered passwords go ahead of
// new hashes, so a flood of sign-ups does not starve people who are logging in.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 32;

/** How many scrypt computations may run at once (libuv runs them on its 4-thread pool). */
export const KDF_CONCURRENCY = 2;

/** Counters for tests and the bench: how many KDF runs started, and the queue's high-water mark. */
export const kdfStats = { runs: 0, maxActive: 0 };

type Priority = "verify" | "hash";
const waiting: Record<Priority, Array<() => void>> = { verify: [], hash: [] };
let active = 0;

async function withKdfSlot<T>(priority: Priority, work: () => Promise<T>): Promise<T> {
  if (active >= KDF_CONCURRENCY) await new Promise<void>((resolve) => waiting[priority].push(resolve));
  else active += 1;
  kdfStats.maxActive = Math.max(kdfStats.maxActive, active);
  try {
    return await work();
  } finally {
    const next = waiting.verify.shift() ?? waiting.hash.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else active -= 1;
  }
}

function scrypt(priority: Priority, password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return withKdfSlot(priority, () => {
    kdfStats.runs += 1;
    return new Promise<Buffer>((resolve, reject) =>
      scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  });
}

/** log2 of scrypt's N; production uses 2^15 (32 MiB, ~100 ms); tests may lower it via env. */
function costLog2(): number {
  const fromEnv = Number(process.env.PASSWORD_HASH_COST_LOG2);
  return Number.isInteger(fromEnv) && fromEnv >= 10 && fromEnv <= 20 ? fromEnv : 15;
}

export async function hashPassword(password: string): Promise<string> {
  const N = 2 ** costLog2();
  const salt = randomBytes(16);
  const key = await scrypt("hash", password, salt, N, 8, 1);
  return `scrypt$${N}$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Stands in for a missing hash, so an unknown username costs the same KDF run as a known one. */
let dummyHash: string | null = null;
function dummy(): string {
  const N = 2 ** costLog2();
  if (!dummyHash || !dummyHash.startsWith(`scrypt$${N}$`)) {
    dummyHash = `scrypt$${N}$8$1$${randomBytes(16).toString("base64")}$${randomBytes(KEY_LENGTH).toString("base64")}`;
  }
  return dummyHash;
}

const MAX_N = 2 ** 20;

/**
 * True when `password` matches `stored`. With no stored hash (unknown user, expert who has not set a
 * password) or an unreadable one, a dummy hash is computed anyway and the answer is false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? "").split("$");
  const [scheme, n, r, p, saltB64, keyB64] = parts;
  const N = Number(n);
  const readable =
    parts.length === 6 && scheme === "scrypt" && Number.isInteger(N) && N > 1 && N <= MAX_N && r === "8" && p === "1" && !!keyB64;
  const [, dn, , , dSalt, dKey] = dummy().split("$");
  const expected = Buffer.from(readable ? keyB64 : dKey, "base64");
  const actual = await scrypt(
    "verify",
    password,
    Buffer.from(readable ? saltB64 : dSalt, "base64"),
    readable ? N : Number(dn),
    8,
    1,
  );
  return readable && actual.length === expected.length && timingSafeEqual(actual, expected);
}
