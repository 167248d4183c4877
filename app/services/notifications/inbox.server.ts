// The in-app inbox (站内信): each user's own in-app rows, their unread count for the header, and marking read.
// Every query is keyed by the asking user's id, so another user's message simply does not exist here.
import type { DB } from "../../../db/connection";
import { parseParams, renderMessage } from "./events.server";

export const INBOX_PAGE_SIZE = 50;

export async function countUnread(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("channel", "=", "inapp")
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listInbox(db: DB, userId: number, options: { unreadOnly?: boolean; page?: number } = {}) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  let q = db
    .selectFrom("notifications")
    .select(["id", "event", "template_id", "params_json", "link", "read_at", "created_at"])
    .where("user_id", "=", userId)
    .where("channel", "=", "inapp");
  if (options.unreadOnly) q = q.where("read_at", "is", null);
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(INBOX_PAGE_SIZE + 1)
    .offset((page - 1) * INBOX_PAGE_SIZE)
    .execute();
  return {
    page,
    hasMore: rows.length > INBOX_PAGE_SIZE,
    messages: rows.slice(0, INBOX_PAGE_SIZE).map((r) => ({
      id: r.id,
      event: r.event,
      ...renderMessage(r.template_id, parseParams(r.params_json)),
      link: safeLink(r.link),
      readAt: r.read_at,
      createdAt: r.created_at,
    })),
  };
}

/** Only site paths are followed from the inbox. */
function safeLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : null;
}

/** Marks one of the user's own messages read; returns its link so the inbox can follow it. */
export async function markRead(db: DB, userId: number, id: number, now: Date): Promise<{ found: boolean; link: string | null }> {
  const row = await db
    .selectFrom("notifications")
    .select(["id", "link", "read_at"])
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("channel", "=", "inapp")
    .executeTakeFirst();
  if (!row) return { found: false, link: null };
  if (!row.read_at) {
    await db.updateTable("notifications").set({ read_at: now.toISOString() }).where("id", "=", id).where("read_at", "is", null).execute();
  }
  return { found: true, link: safeLink(row.link) };
}

export async function markUnread(db: DB, userId: number, id: number): Promise<boolean> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: null })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("channel", "=", "inapp")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markAllRead(db: DB, userId: number, now: Date): Promise<number> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("channel", "=", "inapp")
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
