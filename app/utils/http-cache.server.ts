// Conditional GET for public pages whose content is fixed by a few facts (a published notice
// version, its window, the reader's language): a strong ETag from those facts, Cache-Control a
// CDN can keep, and 304 Not Modified without rendering when the client already has it.
import { createHash } from "node:crypto";

/** How long a CDN or browser may reuse a public page before asking again (the ETag makes asking cheap). */
export const PUBLIC_MAX_AGE_SECONDS = 60;

/** A strong ETag over the facts that decide a page's bytes. */
export function etagOf(parts: readonly unknown[]): string {
  return `"${createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 27)}"`;
}

/** Headers for a page anyone may cache (only for readers who are not logged in: the layout shows who is). */
export function publicCacheHeaders(etag: string): Record<string, string> {
  return {
    ETag: etag,
    "Cache-Control": `public, max-age=${PUBLIC_MAX_AGE_SECONDS}, s-maxage=${PUBLIC_MAX_AGE_SECONDS}, stale-while-revalidate=${PUBLIC_MAX_AGE_SECONDS}`,
    Vary: "Cookie, Accept-Language",
  };
}

/** Whether an If-None-Match header names this (strong) ETag, or is `*`. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((candidate) => {
    const c = candidate.trim();
    return c === "*" || c.replace(/^W\//, "") === bare;
  });
}

/**
 * The ETag a document response finally carries: the route's own, tied to the build (new code can
 * render the same data differently) and to the layout's data (site contact, banners). null when
 * the route set none.
 */
export function documentEtag(routeEtag: string | null, buildVersion: string, layoutData: unknown): string | null {
  return routeEtag ? etagOf([routeEtag, buildVersion, layoutData]) : null;
}

/** The 304 answer: only the validators and caching rules (never a new CSP nonce for an old body). */
export function notModified(headers: Headers): Response {
  const out = new Headers();
  for (const name of ["ETag", "Cache-Control", "Vary"]) {
    const value = headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(null, { status: 304, headers: out });
}
