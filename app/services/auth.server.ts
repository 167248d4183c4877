// Who is asking: login with remix-auth's FormStrategy, the session guard every protected
// loader and action calls, and applicant self-registration.
import { type AppLoadContext, redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { Role, User } from "../../db/schema";
import { getDb } from "../db.server";
import { hashPassword, verifyPassword } from "../utils/password.server";
import type { RegistrationInput } from "../schemas/auth";
import { RateLimiter, clientAddress } from "../utils/rate-limit.server";
import { recordAudit } from "./audit.server";
import { SESSION_MAX_AGE_SECONDS, getSession, sessionStorage } from "./session.server";

export type SessionUser = Pick<User, "id" | "username" | "role" | "display_name">;

/** A login failure the login page shows in Chinese; `key` is an i18n key. */
export class LoginError extends Error {
  constructor(
    public readonly key: "auth.invalidCredentials" | "auth.tooManyAttempts" | "auth.accountDisabled",
    public readonly status = 400,
  ) {
    super(key);
  }
}

// 10 failures per account and 50 per address in 15 minutes, then wait.
const failuresByAccount = new RateLimiter(10, 15 * 60 * 1000);
const failuresByAddress = new RateLimiter(50, 15 * 60 * 1000);

export const authenticator = new Authenticator<SessionUser>();

/** remix-auth hands the strategy only the request; the client address travels beside it. */
const loginAddresses = new WeakMap<Request, string>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    return verifyLogin(getDb(), username, password, loginAddresses.get(request) ?? "unknown");
  }),
  "password",
);

/** The login form's check, from the address in the load context (see server.ts). */
export function authenticateLogin(request: Request, context: AppLoadContext | undefined): Promise<SessionUser> {
  loginAddresses.set(request, clientAddress(context));
  return authenticator.authenticate("password", request);
}

export async function verifyLogin(db: DB, username: string, password: string, address: string): Promise<SessionUser> {
  const accountKey = username.toLowerCase();
  if (failuresByAccount.isBlocked(accountKey) || failuresByAddress.isBlocked(address)) {
    throw new LoginError("auth.tooManyAttempts", 429);
  }
  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  if (!user || !ok) {
    failuresByAccount.hit(accountKey);
    failuresByAddress.hit(address);
    throw new LoginError("auth.invalidCredentials");
  }
  if (user.disabled) throw new LoginError("auth.accountDisabled", 403);
  failuresByAccount.reset(accountKey);
  return { id: user.id, username: user.username, role: user.role, display_name: user.display_name };
}

export const ROLE_HOME: Record<Role, string> = {
  organizer: "/organizer",
  reviewer: "/review",
  expert: "/expert",
  applicant: "/applicant",
  sponsor: "/sponsor",
};

/** Where to go after login: only same-site paths are honoured. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function createUserSession(request: Request, user: SessionUser, redirectTo: string) {
  const session = await getSession(request);
  session.set("userId", user.id);
  session.set("issuedAt", new Date().toISOString());
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
}

export async function logout(request: Request) {
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** The logged-in user, or null for the public. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  // The cookie's Max-Age is only advice to the browser; the server enforces the lifetime too.
  const issuedAt = Date.parse(session.get("issuedAt") ?? "");
  if (!(Date.now() - issuedAt < SESSION_MAX_AGE_SECONDS * 1000)) return null;
  const user = await getDb()
    .selectFrom("users")
    .select(["id", "username", "role", "display_name", "disabled"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  return { id: user.id, username: user.username, role: user.role, display_name: user.display_name };
}

/**
 * The guard every protected loader and action calls first. Anonymous visitors are sent to the
 * login page; a logged-in user of another role gets 403, never the page.
 */
export async function requireUser(request: Request, role?: Role | readonly Role[]): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const allowed = role === undefined ? null : Array.isArray(role) ? role : [role];
  if (allowed && !allowed.includes(user.role)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}


/** Self-registration is for applicants only; staff, experts and sponsors are created by organizers. */
export async function registerApplicant(
  db: DB,
  input: RegistrationInput,
  now: Date,
): Promise<{ ok: true; user: SessionUser } | { ok: false; fieldErrors: Record<string, string> }> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(db, async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("username", "=", input.username).executeTakeFirst();
    if (taken) return { ok: false as const, fieldErrors: { username: "auth.usernameTaken" } };
    const user = await trx
      .insertInto("users")
      .values({
        username: input.username,
        password_hash: passwordHash,
        role: "applicant",
        display_name: input.displayName,
        mobile: input.mobile,
        created_at: now.toISOString(),
      })
      .returning(["id", "username", "role", "display_name"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: user.id,
      action: "user.register",
      entityType: "user",
      entityId: user.id,
      after: { username: user.username, role: user.role },
      now,
    });
    return { ok: true as const, user };
  });
}
