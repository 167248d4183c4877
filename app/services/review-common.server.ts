// Shared pieces of the review services: the refusal type routes turn into a 4xx, and small reads.
import type { DB } from "../../db/connection";
import { parseRules } from "../domain/competition-rules";

export type Actor = { id: number; role: string };
export type In<T> = { [K in keyof T]?: unknown };

export type ReviewStatus = 400 | 403 | 404 | 409;

/** A refused review operation; `key` is an i18n key shown next to `field`. */
export class ReviewError extends Error {
  constructor(
    public readonly key: string,
    public readonly status: ReviewStatus = 409,
    public readonly field = "_form",
  ) {
    super(key);
    this.name = "ReviewError";
  }
}

export type Failure = { ok: false; status: ReviewStatus; fieldErrors: Record<string, string> };

export function toFailure(error: unknown): Failure {
  if (error instanceof ReviewError) return { ok: false, status: error.status, fieldErrors: { [error.field]: error.key } };
  throw error;
}

export function requireRole(actor: Actor, ...roles: string[]) {
  if (!roles.includes(actor.role)) throw new ReviewError("error.forbidden", 403);
}

export async function competitionWithRules(db: DB, competitionId: number) {
  const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new ReviewError("error.notFound", 404);
  return { competition, rules: parseRules(competition.rules_json) };
}
