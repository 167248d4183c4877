// The transactional outbox: services call notifyWithin(trx, ...) inside their own transaction, so a
// rolled-back action writes (and later sends) nothing and a committed one always notifies. One row per
// recipient per channel; in-app rows are delivered by the commit itself, email/SMS rows wait for the worker.
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connection";
import type { ExternalChannel, NotificationChannel } from "../../../db/schema";
import { type NotifyEvent, type Params, eventSpec } from "./events.server";

export interface NotifyRecipient {
  /** The account told; its verified contacts and preferences decide the external channels. */
  userId?: number | null;
  /** Only what this recipient may see: never another party's private data. */
  params: Params;
  /** A site path (e.g. /applicant/proposals/3) the inbox links to. */
  link?: string | null;
  /**
   * An address given by staff or typed by the user right now (an expert's invitation, a verification code):
   * the one row written for this recipient, bypassing preferences and verification.
   */
  directAddress?: { channel: ExternalChannel; address: string };
}

export interface NotifyInput {
  event: NotifyEvent;
  competitionId: number | null;
  to: readonly NotifyRecipient[];
  now: Date;
  /** Reminders: one key per (event, item, due date); a second insert for the same recipient is ignored. */
  dedupeKey?: string;
}

interface Row {
  user_id: number | null;
  channel: NotificationChannel;
  address: string | null;
  event: string;
  template_id: string;
  params_json: string;
  link: string | null;
  competition_id: number | null;
  batch_key: string;
  dedupe_key: string | null;
  idempotency_key: string;
  status: "queued" | "sent";
  next_attempt_at: string;
  sent_at: string | null;
  created_at: string;
}

/** Writes the outbox rows for one event. Returns how many rows were written (duplicates of a reminder are not). */
export async function notifyWithin(trx: DB, input: NotifyInput): Promise<number> {
  const spec = eventSpec(input.event);
  const userIds = [...new Set(input.to.map((r) => r.userId).filter((id): id is number => typeof id === "number"))];
  const externalAllowed = await eventSwitchedOn(trx, input.competitionId, input.event);
  const contacts = userIds.length && externalAllowed ? await externalContacts(trx, userIds) : new Map<number, Contact[]>();
  const at = input.now.toISOString();
  const rows: Row[] = [];
  for (const recipient of input.to) {
    const batch = `${input.event}:${randomUUID()}`;
    const base = {
      event: input.event,
      template_id: input.event,
      params_json: JSON.stringify(recipient.params),
      link: recipient.link ?? null,
      competition_id: input.competitionId,
      batch_key: batch,
      next_attempt_at: at,
      created_at: at,
    };
    const add = (channel: NotificationChannel, address: string | null, userId: number | null) => {
      const who = userId ?? `@${address}`;
      rows.push({
        ...base,
        user_id: userId,
        channel,
        address,
        dedupe_key: input.dedupeKey ? `${input.dedupeKey}|${who}|${channel}` : null,
        idempotency_key: randomUUID(),
        status: channel === "inapp" ? "sent" : "queued",
        sent_at: channel === "inapp" ? at : null,
      });
    };
    const userId = recipient.userId ?? null;
    if (recipient.directAddress) {
      add(recipient.directAddress.channel, recipient.directAddress.address, userId);
      continue;
    }
    if (userId === null) continue;
    if (spec.inapp) add("inapp", null, userId);
    for (const contact of contacts.get(userId) ?? []) add(contact.channel, contact.address, userId);
  }
  let written = 0;
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const result = await trx
      .insertInto("notifications")
      .values(chunk)
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

interface Contact {
  channel: ExternalChannel;
  address: string;
}

/** Verified addresses of the users, minus the channels each has switched off (both channels default to on). */
async function externalContacts(trx: DB, userIds: number[]): Promise<Map<number, Contact[]>> {
  const out = new Map<number, Contact[]>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    const [verified, prefs] = await Promise.all([
      trx.selectFrom("user_contacts").select(["user_id", "channel", "address"]).where("user_id", "in", ids).execute(),
      trx.selectFrom("notification_preferences").select(["user_id", "channel"]).where("user_id", "in", ids).where("enabled", "=", 0).execute(),
    ]);
    const off = new Set(prefs.map((p) => `${p.user_id}:${p.channel}`));
    for (const c of verified) {
      if (off.has(`${c.user_id}:${c.channel}`)) continue;
      const list = out.get(c.user_id) ?? [];
      list.push({ channel: c.channel, address: c.address });
      out.set(c.user_id, list);
    }
  }
  return out;
}

/** An organizer may switch an event's email/SMS off per competition; in-app messages always stay as the record. */
export async function eventSwitchedOn(trx: DB, competitionId: number | null, event: NotifyEvent): Promise<boolean> {
  if (competitionId === null) return true;
  const row = await trx
    .selectFrom("notification_switches")
    .select("enabled")
    .where("competition_id", "=", competitionId)
    .where("event", "=", event)
    .executeTakeFirst();
  return row ? row.enabled === 1 : true;
}

/** Every active organizer account: staff who must act on an objection and similar. */
export async function organizerIds(trx: DB): Promise<number[]> {
  const rows = await trx.selectFrom("users").select("id").where("role", "=", "organizer").where("disabled", "=", 0).execute();
  return rows.map((r) => r.id);
}

/** The account that owns a proposal (its organization's user). */
export async function proposalOwner(trx: DB, proposalId: number) {
  return trx
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["organizations.user_id as userId", "proposals.title", "proposals.competition_id as competitionId"])
    .where("proposals.id", "=", proposalId)
    .executeTakeFirst();
}
