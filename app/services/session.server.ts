// The signed session cookie. It carries only a random session id; the session itself lives in the
// sessions table (auth.server.ts), so logout and a password change end it on the server.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage } from "@remix-run/node";
import { dataDirectory } from "../utils/data-dir.server";

const isProduction = process.env.NODE_ENV === "production";

export const SESSION_SECRET_FILE = "session-secret";

/**
 * The cookie-signing secrets: SESSION_SECRET (comma-separated, newest first, for rotation), else a
 * random secret generated on first start and kept in the data directory (mode 600), reused thereafter.
 * There is no built-in fallback secret.
 */
export function loadSessionSecrets(env: Record<string, string | undefined> = process.env, dir = dataDirectory(env)): string[] {
  const configured = env.SESSION_SECRET?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return configured;
  const file = path.join(dir, SESSION_SECRET_FILE);
  const read = () => fs.readFileSync(file, "utf8").trim();
  try {
    const existing = read();
    if (existing.length >= 32) {
      fs.chmodSync(file, 0o600);
      return [existing];
    }
    throw new Error(`${file} holds no usable secret (fewer than 32 characters); remove it to have a new one generated`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // "wx": if another process created it first, use theirs.
    fs.writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    console.log(`已生成会话密钥 ${file} (generated a session secret; set SESSION_SECRET to manage it yourself)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return [read()];
}

/** Sessions last a working day, not weeks: reviewers and organizers handle money and scores. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const sessionStorage = createCookieSessionStorage<{ sid: string }, { flash: string }>({
  cookie: {
    name: isProduction && process.env.INSECURE_COOKIES !== "1" ? "__Host-commonweal" : "commonweal_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isProduction && process.env.INSECURE_COOKIES !== "1",
    secrets: loadSessionSecrets(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  },
});

export async function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}
