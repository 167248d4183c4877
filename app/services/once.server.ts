// One-time forms (issue 14). A create-form is rendered with a fresh random key (newFormKey, a hidden
// field); the service runs its work through `once` inside its write transaction. The first successful
// post of a key stores its result; the same form posted again — a double click, the back button and
// resend, two racing requests — gets that first result back and creates nothing. The write lock
// serialises racing posts (SQLite and PostgreSQL alike) and the table's primary key backs it up.
// A post without a key (an old page, a script) is simply not protected.
import { randomUUID } from "node:crypto";
import type { DB } from "../../db/connection";
import { readFormKey } from "../domain/form-key";

export function newFormKey(): string {
  return randomUUID();
}

export interface Submission {
  /** the posted key (the form's hidden field), as it came */
  key: unknown;
  /** what the form does, e.g. "contribution.pledge": one rendered key may serve several forms of a page */
  action: string;
  /** who posted it; null for a visitor without an account */
  userId: number | null;
}

const succeeded = (result: unknown) => !!result && typeof result === "object" && (result as { ok?: unknown }).ok === true;

/**
 * Inside a write transaction: the stored result of this form's first successful post, or the result of
 * running `fn` (stored when it succeeded, so a refused post can be corrected and sent again).
 */
export async function once<T>(trx: DB, submission: Submission, now: Date, fn: () => Promise<T>): Promise<T> {
  const key = readFormKey(submission.key);
  if (!key) return fn();
  const userId = submission.userId ?? 0;
  const stored = await trx
    .selectFrom("form_submissions")
    .select("result_json")
    .where("user_id", "=", userId)
    .where("action", "=", submission.action)
    .where("form_key", "=", key)
    .executeTakeFirst();
  if (stored) return JSON.parse(stored.result_json) as T;
  const result = await fn();
  if (succeeded(result)) {
    await trx
      .insertInto("form_submissions")
      .values({ user_id: userId, action: submission.action, form_key: key, result_json: JSON.stringify(result), created_at: now.toISOString() })
      .execute();
  }
  return result;
}
