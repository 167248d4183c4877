// The organizer's corrections to the working-day calendar (a local holiday, an extra workday).
// Published notices keep the period they were published with; a correction affects later ones.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { type Overrides, isWorkingDay, overridesFrom } from "../domain/calendar";
import { type CalendarOverrideInput, calendarOverrideSchema } from "../schemas/notice";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { type Actor, NoticeError, toFailure } from "./notices.server";

type In<T> = { [K in keyof T]?: unknown };

export async function loadOverrides(db: DB): Promise<Overrides> {
  const rows = await db.selectFrom("calendar_overrides").select(["date_on", "kind"]).execute();
  return overridesFrom(rows.map((r) => ({ dateOn: r.date_on, kind: r.kind })));
}

export async function listOverrides(db: DB) {
  const rows = await db
    .selectFrom("calendar_overrides")
    .leftJoin("users", "users.id", "calendar_overrides.created_by")
    .select(["calendar_overrides.id", "date_on", "kind", "note", "calendar_overrides.created_at", "users.display_name as createdBy"])
    .orderBy("date_on", "desc")
    .execute();
  // what the date would be without the correction, so the page can show that it changes something
  return rows.map((r) => ({ ...r, officialWorkday: isWorkingDay(r.date_on) }));
}

/** Sets (or replaces) the correction for one date. */
export async function setOverride(db: DB, actor: Actor, input: In<CalendarOverrideInput>, now: Date) {
  const parsed = parseWithSchema(calendarOverrideSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    const { dateOn, kind, note } = parsed.data;
    return await writeTransaction(db, async (trx) => {
      const before = await trx.selectFrom("calendar_overrides").selectAll().where("date_on", "=", dateOn).executeTakeFirst();
      if (before) await trx.deleteFrom("calendar_overrides").where("id", "=", before.id).execute();
      const row = await trx
        .insertInto("calendar_overrides")
        .values({ date_on: dateOn, kind, note, created_by: actor.id, created_at: now.toISOString() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "calendar.override", entityType: "calendar", entityId: dateOn, before: before ?? null, after: row, now });
      return { ok: true as const, overrideId: row.id };
    });
  } catch (error) {
    return toFailure(error);
  }
}

export async function removeOverride(db: DB, actor: Actor, overrideId: number, now: Date) {
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    return await writeTransaction(db, async (trx) => {
      const before = await trx.selectFrom("calendar_overrides").selectAll().where("id", "=", overrideId).executeTakeFirst();
      if (!before) throw new NoticeError("error.notFound", 404);
      await trx.deleteFrom("calendar_overrides").where("id", "=", overrideId).execute();
      await recordAudit(trx, { actorId: actor.id, action: "calendar.overrideRemoved", entityType: "calendar", entityId: before.date_on, before, after: null, now });
      return { ok: true as const };
    });
  } catch (error) {
    return toFailure(error);
  }
}
