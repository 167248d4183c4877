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

/** The client address: the socket peer, or the first X-Forwarded-For hop when TRUST_PROXY=1. */
export function clientAddress(request: Request): string {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get("x-real-ip") ?? "local";
}
