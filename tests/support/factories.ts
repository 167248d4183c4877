// Builders for test data. Each area adds what its tests need; keep them small and explicit.
import type { DB } from "../../db/connection";
import type { Role } from "../../db/schema";
import { CHANGAN_2021 } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { hashPassword } from "../../app/utils/password.server";
import { openSession } from "../../app/services/auth.server";
import { getDb } from "../../app/db.server";

export const TEST_PASSWORD = "Test-pass-2021";

let counter = 0;

export async function createUser(db: DB, role: Role, overrides: { username?: string; display_name?: string } = {}) {
  counter += 1;
  return db
    .insertInto("users")
    .values({
      username: overrides.username ?? `${role}${counter}`,
      password_hash: await hashPassword(TEST_PASSWORD),
      role,
      display_name: overrides.display_name ?? `${role} ${counter}`,
      mobile: "13900000000",
      created_at: new Date().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Tells this file's competitions from those another test file left in a shared database (browser tests). */
const RUN = Math.random().toString(36).slice(2, 8);

/** The Chang'an competition, with its stage dates moved so that `now` falls in the given window. */
export async function createCompetition(
  db: DB,
  options: { now?: Date; openRegistration?: boolean; slug?: string } = {},
) {
  const now = options.now ?? new Date();
  const spec = { ...CHANGAN_2021, slug: options.slug ?? `test-${RUN}-${++counter}` };
  if (options.openRegistration) {
    const day = 24 * 60 * 60 * 1000;
    const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * day).toISOString();
    Object.assign(spec, {
      registration_opens_at: at(-10),
      registration_closes_at: at(10),
      initial_review_ends_at: at(20),
      review_starts_at: at(21),
      review_ends_at: at(30),
      signing_ends_at: at(60),
      implementation_ends_at: at(300),
    });
  }
  const id = await insertCompetition(db, spec, now);
  const divisions = await db.selectFrom("divisions").selectAll().where("competition_id", "=", id).orderBy("sort_order").execute();
  const categories = await db.selectFrom("categories").selectAll().where("competition_id", "=", id).orderBy("sort_order").execute();
  const competition = await db.selectFrom("competitions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return { competition, divisions, categories };
}

/** A Request carrying a logged-in session cookie for `userId`, for calling loaders and actions. */
export async function requestAs(userId: number | null, url: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (userId !== null) {
    const cookie = await openSession(getDb(), userId);
    headers.set("Cookie", cookie.split(";")[0]);
  }
  return new Request(new URL(url, "http://localhost").toString(), { ...init, headers });
}

/** Runs a loader/action and returns its Response, whether it returned or threw one. */
export async function callRoute(fn: (args: any) => Promise<unknown> | unknown, request: Request, params: Record<string, string> = {}) {
  try {
    return toResponse(await fn({ request, params, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response || isDataWithInit(thrown)) return toResponse(thrown);
    throw thrown;
  }
}

export function formBody(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  return fd;
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return !!value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit";
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (isDataWithInit(result)) return Response.json(result.data, result.init ?? undefined);
  return Response.json(result ?? null);
}
