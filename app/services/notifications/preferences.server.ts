// Each user's channels (email/SMS on or off) and their contact verification: a 6-digit code, sent once to
// the address typed, stored only as a hash, expiring, with limited attempts. Only verified addresses are
// ever sent notifications.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DB } from "../../../db/connection";
import { writeTransaction } from "../../../db/connection";
import type { ExternalChannel } from "../../../db/schema";
import { parseMobile } from "../../domain/mobile";
import { recordAudit } from "../audit.server";
import { type ChannelStatus, channelStatus } from "./channels.server";
import { notifyWithin } from "./outbox.server";

export const CODE_VALID_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
/** One code per channel per minute, ten a day: SMS costs money and an inbox is not a target. */
const CODE_MIN_INTERVAL_MS = 60_000;
const CODES_PER_DAY = 10;

type Actor = { id: number; role: string };
export type SettingsFailure = { ok: false; status: 400 | 409 | 429; fieldErrors: Record<string, string> };

const fail = (key: string, status: SettingsFailure["status"] = 400, field = "_form"): SettingsFailure => ({ ok: false, status, fieldErrors: { [field]: key } });

export async function loadNotificationSettings(db: DB, userId: number, now: Date, status: ChannelStatus = channelStatus()) {
  const [contacts, prefs, pending] = await Promise.all([
    db.selectFrom("user_contacts").select(["channel", "address", "verified_at"]).where("user_id", "=", userId).execute(),
    db.selectFrom("notification_preferences").select(["channel", "enabled"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("contact_verifications")
      .select(["channel", "address", "expires_at"])
      .where("user_id", "=", userId)
      .where("consumed_at", "is", null)
      .where("expires_at", ">", now.toISOString())
      .execute(),
  ]);
  const channel = (c: ExternalChannel) => ({
    channel: c,
    state: status[c],
    enabled: prefs.find((p) => p.channel === c)?.enabled !== 0,
    verified: contacts.find((x) => x.channel === c) ?? null,
    pending: pending.find((p) => p.channel === c) ?? null,
  });
  return { email: channel("email"), sms: channel("sms") };
}

export async function savePreferences(db: DB, actor: Actor, input: { email: boolean; sms: boolean }, now: Date) {
  await writeTransaction(db, async (trx) => {
    for (const channel of ["email", "sms"] as const) {
      const enabled = input[channel] ? 1 : 0;
      await trx
        .insertInto("notification_preferences")
        .values({ user_id: actor.id, channel, enabled, updated_at: now.toISOString() })
        .onConflict((oc) => oc.columns(["user_id", "channel"]).doUpdateSet({ enabled, updated_at: now.toISOString() }))
        .execute();
    }
    await recordAudit(trx, { actorId: actor.id, action: "notification.preferences", entityType: "user", entityId: actor.id, after: input, now });
  });
  return { ok: true as const };
}

const emailSchema = z.string().trim().max(254).email();

/** The address in canonical form, or null if it is not one. */
export function parseAddress(channel: ExternalChannel, raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  if (channel === "sms") return parseMobile(raw);
  const parsed = emailSchema.safeParse(raw);
  return parsed.success ? parsed.data.toLowerCase() : null;
}

function codeHash(verificationKey: string, code: string): string {
  return createHash("sha256").update(`${verificationKey}:${code}`, "utf8").digest("hex");
}

/** Sends a fresh code to the address (earlier codes for the channel stop working). */
export async function requestVerification(
  db: DB,
  actor: Actor,
  input: { channel: unknown; address: unknown },
  now: Date,
  status: ChannelStatus = channelStatus(),
): Promise<{ ok: true; address: string } | SettingsFailure> {
  const channel = input.channel === "email" || input.channel === "sms" ? input.channel : null;
  if (!channel) return fail("notify.error.badRequest");
  if (status[channel] === "off") return fail("notify.error.channelOff", 409);
  const address = parseAddress(channel, input.address);
  if (!address) return fail(channel === "email" ? "notify.error.emailInvalid" : "notify.error.mobileInvalid", 400, "address");
  return writeTransaction(db, async (trx) => {
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const recent = await trx.selectFrom("contact_verifications").select(["channel", "created_at"]).where("user_id", "=", actor.id).where("created_at", ">", dayAgo).execute();
    const lastForChannel = recent.filter((r) => r.channel === channel).map((r) => Date.parse(r.created_at)).sort((a, b) => b - a)[0];
    if (recent.length >= CODES_PER_DAY || (lastForChannel && now.getTime() - lastForChannel < CODE_MIN_INTERVAL_MS)) {
      return fail("notify.error.tooManyCodes", 429);
    }
    await trx.updateTable("contact_verifications").set({ consumed_at: now.toISOString() }).where("user_id", "=", actor.id).where("channel", "=", channel).where("consumed_at", "is", null).execute();
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const row = await trx
      .insertInto("contact_verifications")
      .values({ user_id: actor.id, channel, address, code_sha256: "pending", expires_at: new Date(now.getTime() + CODE_VALID_MINUTES * 60_000).toISOString(), consumed_at: null, created_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("contact_verifications").set({ code_sha256: codeHash(`${row.id}:${actor.id}:${address}`, code) }).where("id", "=", row.id).execute();
    await notifyWithin(trx, {
      event: "contact.verify",
      competitionId: null,
      now,
      to: [{ userId: actor.id, params: { code, minutes: CODE_VALID_MINUTES }, directAddress: { channel, address } }],
    });
    await recordAudit(trx, { actorId: actor.id, action: "contact.verificationSent", entityType: "user", entityId: actor.id, after: { channel, verificationId: row.id }, now });
    return { ok: true as const, address };
  });
}

/** Checks the code against the latest pending one; on success the address becomes the verified contact. */
export async function confirmVerification(db: DB, actor: Actor, input: { channel: unknown; code: unknown }, now: Date): Promise<{ ok: true } | SettingsFailure> {
  const channel = input.channel === "email" || input.channel === "sms" ? input.channel : null;
  if (!channel) return fail("notify.error.badRequest");
  const code = typeof input.code === "string" ? input.code.normalize("NFKC").trim() : "";
  if (!/^\d{6}$/.test(code)) return fail("notify.error.codeInvalid", 400, "code");
  return writeTransaction(db, async (trx) => {
    const pending = await trx
      .selectFrom("contact_verifications")
      .selectAll()
      .where("user_id", "=", actor.id)
      .where("channel", "=", channel)
      .where("consumed_at", "is", null)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!pending || pending.expires_at <= now.toISOString() || pending.failed_attempts >= CODE_MAX_ATTEMPTS) return fail("notify.error.codeExpired", 409, "code");
    const expected = Buffer.from(pending.code_sha256, "hex");
    const given = Buffer.from(codeHash(`${pending.id}:${actor.id}:${pending.address}`, code), "hex");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      const attempts = pending.failed_attempts + 1;
      await trx
        .updateTable("contact_verifications")
        .set({ failed_attempts: attempts, consumed_at: attempts >= CODE_MAX_ATTEMPTS ? now.toISOString() : null })
        .where("id", "=", pending.id)
        .execute();
      return fail(attempts >= CODE_MAX_ATTEMPTS ? "notify.error.codeExpired" : "notify.error.codeInvalid", 400, "code");
    }
    await trx.updateTable("contact_verifications").set({ consumed_at: now.toISOString() }).where("id", "=", pending.id).execute();
    await trx
      .insertInto("user_contacts")
      .values({ user_id: actor.id, channel, address: pending.address, verified_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["user_id", "channel"]).doUpdateSet({ address: pending.address, verified_at: now.toISOString() }))
      .execute();
    await recordAudit(trx, { actorId: actor.id, action: "contact.verified", entityType: "user", entityId: actor.id, after: { channel, verificationId: pending.id }, now });
    return { ok: true as const };
  });
}
