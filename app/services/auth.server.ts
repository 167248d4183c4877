// Who is asking: login with remix-auth's FormStrategy, the session guard every protected
// loader and action calls, and applicant self-registration.
import { type AppLoadContext, redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { Role, User } from "../../db/schema";
import { getDb } from "../db.server";
import { createHash, randomBytes } from "node:crypto";
import { passwordWeakness } from "../domain/password-policy";
import { hashPassword, verifyPassword } from "../utils/password.server";
import type { RegistrationInput } from "../schemas/auth";
import { addressKey, clientAddress, withinLimit } from "../utils/rate-limit.server";
import { recordAudit } from "./audit.server";
import { forgetDemoCheck } from "./demo.server";
import { type LoginRefusal, isKnownAddress, loginBlocks, recordLoginFailure, recordLoginSuccess } from "./login-policy.server";
import { SESSION_MAX_AGE_SECONDS, getSession, sessionStorage } from "./session.server";

export type SessionUser = Pick<User, "id" | "username" | "role" | "display_name">;

/** A login failure the login page shows in Chinese; `key` is an i18n key. */
export class LoginError extends Error {
  constructor(
    public readonly key: "auth.invalidCredentials" | "auth.accountDisabled" | LoginRefusal,
    public readonly status = 400,
  ) {
    super(key);
  }
}

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

/**
 * Checks a username and password under the login policy (login-policy.server.ts, decision 008).
 * An unknown username costs the same password-hash work as a known one.
 */
export async function verifyLogin(
  db: DB,
  username: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<SessionUser> {
  const blocks = await loginBlocks(db, username, address, now);
  if (blocks.refusal) throw new LoginError(blocks.refusal, 429);
  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  if (blocks.accountLocked && !(user && (await isKnownAddress(db, user.id, address)))) {
    throw new LoginError("auth.accountLocked", 429);
  }
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  if (!user || !ok) {
    await recordLoginFailure(db, username, address, now);
    throw new LoginError("auth.invalidCredentials");
  }
  if (user.disabled) throw new LoginError("auth.accountDisabled", 403);
  await recordLoginSuccess(db, user.id, user.username, address, now);
  return { id: user.id, username: user.username, role: user.role, display_name: user.display_name };
}

export const ROLE_HOME: Record<Role, string> = {
  organizer: "/organizer",
  reviewer: "/review",
  expert: "/expert",
  applicant: "/applicant",
  sponsor: "/sponsor",
};

/**
 * Where to go after login: a path on this site, after normalisation, or `fallback`. Refuses anything
 * but printable ASCII (tabs and newlines are dropped by browsers, so "/\t/evil" would become "//evil";
 * U+3000 cannot go into a Location header), backslashes, and whatever resolves to another origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || to.length > 2000 || !/^\/[\x21-\x7e]*$/.test(to) || to.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(to, "http://x.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://x.invalid") return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (decoded.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(decoded)) return fallback;
  return url.pathname + url.search + url.hash;
}

function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a server-side session for `userId` and returns the Set-Cookie value carrying its random id. */
export async function openSession(db: DB, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.deleteFrom("sessions").where("user_id", "=", userId).where("expires_at", "<=", now.toISOString()).execute();
  await db
    .insertInto("sessions")
    .values({
      id_sha256: sha256(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString(),
    })
    .execute();
  const session = await sessionStorage.getSession();
  session.set("sid", token);
  return sessionStorage.commitSession(session);
}

export async function createUserSession(request: Request, user: SessionUser, redirectTo: string) {
  return redirect(redirectTo, { headers: { "Set-Cookie": await openSession(getDb(), user.id) } });
}

async function sessionIdOf(request: Request): Promise<string | null> {
  const sid = (await getSession(request)).get("sid");
  return typeof sid === "string" && sid.length > 0 ? sha256(sid) : null;
}

/** Ends this session on the server (a replayed cookie is then worthless) and clears the cookie. */
export async function logout(request: Request) {
  const id = await sessionIdOf(request);
  if (id) await getDb().deleteFrom("sessions").where("id_sha256", "=", id).execute();
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** Ends every session of `userId` (password change, account disabled), except `keepSessionId`'s. */
export async function revokeUserSessions(db: DB, userId: number, keepSessionId: string | null = null): Promise<void> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id_sha256", "!=", keepSessionId);
  await q.execute();
}

/** One lookup per request: the root loader and the route's guard share it. */
const usersByRequest = new WeakMap<Request, Promise<SessionUser | null>>();

/** The logged-in user, or null for the public: one query joining the live session to its user. */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  let found = usersByRequest.get(request);
  if (!found) {
    found = lookupUser(request);
    usersByRequest.set(request, found);
  }
  return found;
}

async function lookupUser(request: Request): Promise<SessionUser | null> {
  const id = await sessionIdOf(request);
  if (!id) return null;
  // The cookie's Max-Age is only advice to the browser; the server enforces the lifetime too.
  const user = await getDb()
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.username", "users.role", "users.display_name"])
    .where("sessions.id_sha256", "=", id)
    .where("sessions.expires_at", ">", new Date().toISOString())
    .where("users.disabled", "=", 0)
    .executeTakeFirst();
  return user ?? null;
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

/** Changes the logged-in user's password after checking the current one; ends every other session. */
export async function changePassword(
  db: DB,
  request: Request,
  actor: SessionUser,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string> }> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", actor.id).executeTakeFirst();
  if (!(await verifyPassword(input.currentPassword, row?.password_hash ?? null))) {
    return { ok: false, fieldErrors: { currentPassword: "account.password.wrongCurrent" } };
  }
  const weakness = passwordWeakness(input.newPassword);
  if (weakness) return { ok: false, fieldErrors: { newPassword: weakness } };
  const hash = await hashPassword(input.newPassword);
  const keep = await sessionIdOf(request);
  await writeTransaction(db, async (trx) => {
    await trx.updateTable("users").set({ password_hash: hash }).where("id", "=", actor.id).execute();
    await revokeUserSessions(trx, actor.id, keep);
    await recordAudit(trx, { actorId: actor.id, action: "user.password.change", entityType: "user", entityId: actor.id, now });
  });
  forgetDemoCheck();
  return { ok: true };
}

/** Registrations per address (IPv4 or IPv6 /64) and hour: a community centre helping many teams fits. */
export const REGISTRATIONS_PER_ADDRESS_PER_HOUR = 20;

/**
 * Self-registration is for applicants only; staff, experts and sponsors are created by organizers.
 * Each address may register REGISTRATIONS_PER_ADDRESS_PER_HOUR accounts an hour (checked before the
 * password is hashed, so a script cannot turn sign-ups into CPU load).
 */
export async function registerApplicant(
  db: DB,
  input: RegistrationInput,
  now: Date,
  address = "unknown",
): Promise<{ ok: true; user: SessionUser } | { ok: false; status?: 429; fieldErrors: Record<string, string> }> {
  if (!(await withinLimit(db, `register:addr:${addressKey(address)}`, REGISTRATIONS_PER_ADDRESS_PER_HOUR, 60 * 60 * 1000, now))) {
    return { ok: false, status: 429, fieldErrors: { _form: "auth.registerTooMany" } };
  }
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
