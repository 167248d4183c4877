// The first organizer account of a real deployment (SEED_DEMO=0): created from the command line
// (`npm run create-organizer`) or from ORGANIZER_USERNAME / ORGANIZER_PASSWORD at start-up.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { passwordWeakness } from "../domain/password-policy";
import { hashPassword } from "../utils/password.server";
import { recordAudit } from "./audit.server";

export interface OrganizerInput {
  username: string;
  password: string;
  displayName: string;
}

export type CreateOrganizerResult = { ok: true; id: number } | { ok: false; error: string };

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

/** Creates an organizer account; the password must pass the same policy as everyone's. */
export async function createOrganizer(db: DB, input: OrganizerInput, now: Date): Promise<CreateOrganizerResult> {
  const username = input.username.trim();
  if (!USERNAME.test(username)) return { ok: false, error: "auth.usernameInvalid" };
  const displayName = input.displayName.trim() || "组委会";
  const weakness = passwordWeakness(input.password);
  if (weakness) return { ok: false, error: weakness };
  const hash = await hashPassword(input.password);
  return writeTransaction(db, async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();
    if (taken) return { ok: false as const, error: "auth.usernameTaken" };
    const row = await trx
      .insertInto("users")
      .values({ username, password_hash: hash, role: "organizer", display_name: displayName, mobile: null, created_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: null,
      action: "user.create_organizer",
      entityType: "user",
      entityId: row.id,
      after: { username, role: "organizer", via: "command line" },
      now,
    });
    return { ok: true as const, id: row.id };
  });
}

export async function hasOrganizer(db: DB): Promise<boolean> {
  return !!(await db.selectFrom("users").select("id").where("role", "=", "organizer").limit(1).executeTakeFirst());
}
