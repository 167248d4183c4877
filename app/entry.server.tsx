// Server rendering with an enforced Content-Security-Policy (per-request nonce) and security headers.
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { withLocale } from "./i18n/locale.server";
import { NonceProvider } from "./utils/nonce";
import { closeDb } from "./db.server";

// server.ts starts these through the build, so they share this bundle's modules (one database handle).
export { startBackgroundJobs } from "./services/background.server";
export const closeResources = closeDb;
import { readPreferences } from "./utils/preferences.server";
import { documentEtag, matchesEtag, notModified } from "./utils/http-cache.server";

const ABORT_DELAY = 5_000;

export function securityHeaders(headers: Headers, nonce: string) {
  const dev = process.env.NODE_ENV === "development";
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self'${dev ? " ws:" : ""}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  if (process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1") {
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}

/**
 * `.data` responses (client navigations) carry private loader data: never cached, never sniffed.
 * server.ts sets the same headers for every route; this covers `remix dev` and other adapters too.
 */
export function handleDataRequest(response: Response) {
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // a public page the client already has: 304 without rendering (see utils/http-cache.server)
  const etag = responseStatusCode === 200 && request.method === "GET" ? documentEtag(responseHeaders.get("ETag"), remixContext.manifest.version, remixContext.staticHandlerContext.loaderData.root) : null;
  if (etag) {
    responseHeaders.set("ETag", etag);
    if (matchesEtag(request.headers.get("If-None-Match"), etag)) return notModified(responseHeaders);
  }
  const nonce = randomBytes(16).toString("base64");
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Every t() during this render speaks the reader's language (cookie), without being passed it.
    const { pipe, abort } = withLocale(readPreferences(request).locale, () => renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          securityHeaders(responseHeaders, nonce);
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    ));
    setTimeout(abort, ABORT_DELAY);
  });
}
