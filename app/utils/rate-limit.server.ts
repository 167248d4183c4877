import type { AppLoadContext } from "@remix-run/node";
// A small in-process sliding-window limiter for login and public forms (one Node process serves the app).

type Bucket = number[];

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit for `key` and says whether it is still within the limit. */
  hit(key: string, now = Date.now()): boolean {
    const bucket = (this.buckets.get(key) ?? []).filter((t) => now - t < this.windowMs);
    bucket.push(now);
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    return bucket.length <= this.limit;
  }

  isBlocked(key: string, now = Date.now()): boolean {
    const bucket = (this.buckets.get(key) ?? []).filter((t) => now - t < this.windowMs);
    return bucket.length >= this.limit;
  }

  reset(key: string): void {
    this.buckets.delete(key);
  }

  private prune(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.every((t) => now - t >= this.windowMs)) this.buckets.delete(key);
    }
  }
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
