// The Express application around the Remix handler (server.ts starts it; tests mount it with a stub
// handler). Kept free of the Remix build so it can be tested without one.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import compression from "compression";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/** What every loader and action receives as `context` (see getLoadContext). */
export type CommonwealLoadContext = {
  /** The client's address: the socket peer, or the proxy-reported one within TRUST_PROXY hops. */
  clientAddress: string;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** Set by server.ts for every request; absent only when a test calls a loader directly. */
    clientAddress?: string;
  }
}

/**
 * TRUST_PROXY → Express's "trust proxy" setting. Unset, empty or 0: trust nobody (the socket peer is the
 * client). A whole number n: trust n reverse-proxy hops of X-Forwarded-For. Anything else (e.g.
 * "loopback" or "10.0.0.0/8") is passed to Express as a list of trusted proxy addresses.
 */
export function trustProxySetting(value: string | undefined): false | number | string {
  const v = value?.trim() ?? "";
  if (v === "" || v === "0" || v.toLowerCase() === "false") return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

export function getLoadContext(req: Request): CommonwealLoadContext {
  return { clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" };
}

/** Requests whose answers are private data: never cached, never sniffed into another type. */
export function isPrivateDataPath(pathname: string): boolean {
  return (
    pathname.endsWith(".data") ||
    /\/export(\/|$)/.test(pathname) ||
    /\/(files|attachments)(\/|$)/.test(pathname)
  );
}

const DEFAULT_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * Security headers on every response, applied just before the headers are sent, so they also cover
 * static files and resource routes, and never duplicate a header the app already set.
 */
function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const privateData = isPrivateDataPath(req.path);
  const isStatic = req.path.startsWith("/build/");
  const writeHead = res.writeHead;
  res.writeHead = function patched(this: ServerResponse, ...args: unknown[]) {
    for (const [name, value] of Object.entries(DEFAULT_HEADERS)) {
      if (!res.hasHeader(name)) res.setHeader(name, value);
    }
    // a 304 keeps the stored page's CSP (its nonce matches that body); a new one would replace it
    if (!res.hasHeader("Content-Security-Policy") && res.statusCode !== 304 && args[0] !== 304) {
      res.setHeader("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
    }
    if (privateData || res.hasHeader("Content-Disposition")) {
      res.setHeader("Cache-Control", "private, no-store");
    } else if (!isStatic && !res.hasHeader("Cache-Control")) {
      res.setHeader("Cache-Control", "private, no-cache");
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  next();
}

/** The host the browser addressed: X-Forwarded-Host only from a trusted proxy. */
function expectedHost(req: Request): string | undefined {
  if (req.app.get("trust proxy fn")(req.socket.remoteAddress ?? "", 0)) {
    const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req.get("host");
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cross-site form posts are refused with 403 before Remix sees them (Remix's own check answers 500).
 * A browser always sends Origin on a cross-origin POST; Sec-Fetch-Site catches the rest.
 */
export function refuseCrossSite(req: Request, res: Response, next: NextFunction) {
  if (!UNSAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  let crossSite = req.get("sec-fetch-site") === "cross-site";
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || originHost !== expectedHost(req)) crossSite = true;
  }
  if (!crossSite) return next();
  res.status(403).type("text/plain; charset=utf-8").send("跨站提交已被拒绝 (cross-site request refused)");
}

/**
 * Without a trusted proxy, X-Forwarded-* headers come from the client: remove them so neither Remix
 * (which compares Origin with X-Forwarded-Host) nor the request URL can be steered by them.
 */
function dropUntrustedForwarding(req: Request, _res: Response, next: NextFunction) {
  if (!req.app.get("trust proxy fn")(req.socket.remoteAddress ?? "", 0)) {
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-real-ip", "forwarded"]) {
      delete req.headers[name];
    }
  }
  next();
}

const MiB = 1024 * 1024;
/** A refused body is read and dropped up to this many bytes, then the connection is cut. */
export const REFUSED_BODY_DRAIN_BYTES = 256 * MiB;
/** After the refusal has been sent, the rest of the body may keep arriving this long. */
const REFUSED_BODY_LINGER_MS = 5_000;

/**
 * A body the app refuses (wrong content type, too large) is cancelled, and the Remix adapter's stream
 * then destroys the request, which closes the socket before the 4xx is written: the client sees an
 * empty reply instead of the Chinese message. Instead, keep reading and drop the bytes, so the answer
 * reaches the client and the connection stays usable; cut it only past a byte cap or a linger time.
 */
function drainRefusedBodies(req: Request, res: Response, next: NextFunction) {
  const destroy = req.destroy.bind(req);
  req.destroy = function drainInstead(error?: Error) {
    if (req.complete || req.destroyed || req.socket.destroyed) return destroy(error);
    let drained = 0;
    let timer: NodeJS.Timeout | undefined;
    const cut = () => {
      if (timer) clearTimeout(timer);
      if (!req.complete) destroy();
    };
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > REFUSED_BODY_DRAIN_BYTES) cut();
    });
    req.once("end", () => timer && clearTimeout(timer));
    const linger = () => {
      timer = setTimeout(cut, REFUSED_BODY_LINGER_MS);
      timer.unref();
    };
    if (res.writableFinished) linger();
    else res.once("finish", linger);
    res.once("close", () => !res.writableFinished && cut());
    req.resume();
    return req;
  } as typeof req.destroy;
  next();
}

export interface HttpAppOptions {
  remixHandler: RequestHandler;
  trustProxy?: false | number | string;
  /** Directory holding `build/` (the client assets); default ./public. */
  publicDir?: string;
}

export function createHttpApp({ remixHandler, trustProxy = false, publicDir = "public" }: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.use(dropUntrustedForwarding);
  app.use(securityHeaders);
  app.use(compression());
  // Fingerprinted client assets: cache for a year; everything else in public/ for an hour.
  const root = path.resolve(publicDir);
  app.use("/build", express.static(path.join(root, "build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(root, { maxAge: "1h", index: false }));
  app.use(refuseCrossSite);
  app.use(drainRefusedBodies);
  app.all("*", remixHandler);
  return app;
}

export type { IncomingMessage };
