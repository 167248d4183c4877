// What the organizer sees of notifications: the delivery log (queued, sent, failed with reason, retried)
// with each row's attempts, and the per-competition event switches.
import type { DB } from "../../../db/connection";
import { writeTransaction } from "../../../db/connection";
import { recordAudit } from "../audit.server";
import { type NotifyEvent, SWITCHABLE_EVENTS, isNotifyEvent } from "./events.server";

export const LOG_PAGE_SIZE = 50;
type Actor = { id: number; role: string };

/** Addresses are shown masked: the log is for checking delivery, not for collecting contacts. */
export function maskAddress(address: string | null): string {
  if (!address) return "";
  if (address.includes("@")) {
    const [local, domain] = address.split("@");
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return address.length >= 7 ? `${address.slice(0, 3)}****${address.slice(-4)}` : "****";
}

/** Outbox rows with the recipient's name, as both log views show them. */
function logRows(db: DB) {
  return db
    .selectFrom("notifications")
    .leftJoin("users", "users.id", "notifications.user_id")
    .select([
      "notifications.id", "notifications.event", "notifications.channel", "notifications.address", "notifications.status",
      "notifications.attempts", "notifications.last_error", "notifications.created_at", "notifications.sent_at",
      "notifications.next_attempt_at", "notifications.read_at", "notifications.batch_key", "users.display_name",
    ]);
}

export async function listDeliveryLog(db: DB, filter: { page?: number; status?: string; event?: string } = {}) {
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  let q = logRows(db);
  if (filter.status === "queued" || filter.status === "sending" || filter.status === "sent" || filter.status === "failed") q = q.where("notifications.status", "=", filter.status);
  if (filter.event && isNotifyEvent(filter.event)) q = q.where("notifications.event", "=", filter.event);
  const rows = await q.orderBy("notifications.id", "desc").limit(LOG_PAGE_SIZE + 1).offset((page - 1) * LOG_PAGE_SIZE).execute();
  return {
    page,
    hasMore: rows.length > LOG_PAGE_SIZE,
    rows: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({ ...r, address: maskAddress(r.address) })),
  };
}

/** One notification: every channel row written for that recipient by that event, with their attempts. */
export async function loadDeliveryDetail(db: DB, id: number) {
  const row = await db.selectFrom("notifications").select("batch_key").where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const rows = await logRows(db)
    .where("batch_key", "=", row.batch_key)
    .orderBy("notifications.id")
    .execute();
  const attempts = await db
    .selectFrom("notification_attempts")
    .selectAll()
    .where("notification_id", "in", rows.map((r) => r.id))
    .orderBy("id")
    .execute();
  return { rows: rows.map((r) => ({ ...r, address: maskAddress(r.address), tries: attempts.filter((a) => a.notification_id === r.id) })) };
}

export async function loadSwitches(db: DB, competitionId: number): Promise<Record<NotifyEvent, boolean>> {
  const rows = await db.selectFrom("notification_switches").select(["event", "enabled"]).where("competition_id", "=", competitionId).execute();
  const off = new Set(rows.filter((r) => r.enabled === 0).map((r) => r.event));
  return Object.fromEntries(SWITCHABLE_EVENTS.map((e) => [e, !off.has(e)])) as Record<NotifyEvent, boolean>;
}

export async function saveSwitches(db: DB, actor: Actor, competitionId: number, enabled: ReadonlySet<string>, now: Date) {
  if (actor.role !== "organizer") return { ok: false as const, status: 403 as const };
  return writeTransaction(db, async (trx) => {
    const competition = await trx.selectFrom("competitions").select("id").where("id", "=", competitionId).executeTakeFirst();
    if (!competition) return { ok: false as const, status: 404 as const };
    const after: Record<string, boolean> = {};
    for (const event of SWITCHABLE_EVENTS) {
      const on = enabled.has(event) ? 1 : 0;
      after[event] = on === 1;
      await trx
        .insertInto("notification_switches")
        .values({ competition_id: competitionId, event, enabled: on, updated_by: actor.id, updated_at: now.toISOString() })
        .onConflict((oc) => oc.columns(["competition_id", "event"]).doUpdateSet({ enabled: on, updated_by: actor.id, updated_at: now.toISOString() }))
        .execute();
    }
    await recordAudit(trx, { actorId: actor.id, action: "notification.switches", entityType: "competition", entityId: competitionId, after, now });
    return { ok: true as const };
  });
}
