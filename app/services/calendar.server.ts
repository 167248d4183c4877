// The working-day calendar as the services use it: the official years (built in or entered by the
// organizer from the State Council's 放假安排) and the organizer's single-day corrections (a local
// holiday, an extra workday). Published notices keep the period they were published with; an entry
// or correction affects later computations only.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import {
  CalendarYearNotCovered,
  type HolidayRange,
  type Overrides,
  type WorkCalendar,
  type YearSchedule,
  builtInYears,
  coveredYears,
  isWorkingDay,
  overridesFrom,
  scheduleProblems,
} from "../domain/calendar";
import { shanghaiDate } from "../domain/time";
import { type CalendarOverrideInput, calendarOverrideSchema } from "../schemas/notice";
import { yearScheduleSchema } from "../schemas/calendar";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { type Actor, NoticeError, toFailure } from "./notices.server";

type In<T> = { [K in keyof T]?: unknown };

export async function loadOverrides(db: DB): Promise<Overrides> {
  const rows = await db.selectFrom("calendar_overrides").select(["date_on", "kind"]).execute();
  return overridesFrom(rows.map((r) => ({ dateOn: r.date_on, kind: r.kind })));
}

function scheduleFromRow(row: { year: number; holidays_json: string; workdays_json: string }): YearSchedule {
  return { year: row.year, holidays: JSON.parse(row.holidays_json) as HolidayRange[], workdays: JSON.parse(row.workdays_json) as string[] };
}

/** The whole calendar for a computation: entered years and corrections. */
export async function loadCalendar(db: DB): Promise<WorkCalendar> {
  const [overrides, rows] = await Promise.all([
    loadOverrides(db),
    db.selectFrom("holiday_schedules").select(["year", "holidays_json", "workdays_json"]).execute(),
  ]);
  return { overrides, schedules: new Map(rows.map((r) => [r.year, scheduleFromRow(r)])) };
}

/**
 * Runs a calendar computation; a year without official holidays becomes a typed refusal (409) whose
 * message tells the organizer which year to enter on the calendar page.
 */
export function withCoveredYears<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CalendarYearNotCovered) throw new NoticeError("rules.calendar.yearNotCovered", 409, { year: error.year });
    throw error;
  }
}

export async function listOverrides(db: DB) {
  const cal = await loadCalendar(db);
  const rows = await db
    .selectFrom("calendar_overrides")
    .leftJoin("users", "users.id", "calendar_overrides.created_by")
    .select(["calendar_overrides.id", "date_on", "kind", "note", "calendar_overrides.created_at", "users.display_name as createdBy"])
    .orderBy("date_on", "desc")
    .execute();
  // what the date would be without the correction, so the page can show that it changes something
  const withoutCorrections: WorkCalendar = { overrides: new Map(), schedules: cal.schedules };
  return rows.map((r) => {
    let officialWorkday: boolean | null = null;
    try {
      officialWorkday = isWorkingDay(r.date_on, withoutCorrections);
    } catch (error) {
      if (!(error instanceof CalendarYearNotCovered)) throw error;
    }
    return { ...r, officialWorkday };
  });
}

/** Which years the calendar knows, and the entered schedules with who entered them. */
export async function loadCoverage(db: DB) {
  const cal = await loadCalendar(db);
  const builtIn = [...builtInYears()].sort((a, b) => a - b);
  const entered = await db
    .selectFrom("holiday_schedules")
    .leftJoin("users", "users.id", "holiday_schedules.entered_by")
    .select(["holiday_schedules.year", "holidays_json", "workdays_json", "source", "entered_at", "users.display_name as enteredBy"])
    .orderBy("holiday_schedules.year", "desc")
    .execute();
  return {
    builtInFrom: builtIn[0],
    builtInTo: builtIn[builtIn.length - 1],
    covered: coveredYears(cal),
    entered: entered.map((r) => ({ ...scheduleFromRow(r), source: r.source, enteredAt: r.entered_at, enteredBy: r.enteredBy })),
  };
}

/**
 * The years a competition's working-day computations can reach (from registration to the end of
 * implementation, plus the next year for a notice or tranche begun late in December), and which of
 * them the calendar does not know yet.
 */
export async function competitionYears(db: DB, competitionId: number, covered: readonly number[]) {
  const c = await db.selectFrom("competitions").select(["registration_opens_at", "implementation_ends_at"]).where("id", "=", competitionId).executeTakeFirst();
  if (!c) return null;
  const from = Number(shanghaiDate(c.registration_opens_at).slice(0, 4));
  const to = Number(shanghaiDate(c.implementation_ends_at).slice(0, 4)) + 1;
  const years = Array.from({ length: Math.max(0, Math.min(to - from + 1, 20)) }, (_, i) => from + i);
  return { years, missing: years.filter((y) => !covered.includes(y)) };
}

/**
 * Enters (or replaces) a year's official 放假安排. Refused for a year the built-in data covers (its
 * single days are corrected one by one instead), and for ranges or 调休 days that cannot be right.
 */
export async function saveYearSchedule(db: DB, actor: Actor, input: unknown, now: Date) {
  if (actor.role !== "organizer") return toFailure(new NoticeError("error.forbidden", 403));
  const parsed = parseWithSchema(yearScheduleSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  const { year, source, holidays, workdays } = parsed.data;
  if (builtInYears().has(year)) return toFailure(new NoticeError("rules.calendar.yearBuiltIn", 409, { year }, "year"));
  const problems = scheduleProblems({ year, holidays, workdays });
  const schedule: YearSchedule = { year, holidays, workdays: [...new Set(workdays)].sort() };
  if (Object.keys(problems).length > 0) return { ok: false as const, status: 400 as const, fieldErrors: problems };
  try {
    return await writeTransaction(db, async (trx) => {
      const before = await trx.selectFrom("holiday_schedules").selectAll().where("year", "=", year).executeTakeFirst();
      const values = {
        holidays_json: JSON.stringify(schedule.holidays),
        workdays_json: JSON.stringify(schedule.workdays),
        source,
        entered_by: actor.id,
        entered_at: now.toISOString(),
      };
      if (before) await trx.updateTable("holiday_schedules").set(values).where("id", "=", before.id).execute();
      else await trx.insertInto("holiday_schedules").values({ year, ...values }).execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: before ? "calendar.yearReplaced" : "calendar.yearEntered",
        entityType: "calendar",
        entityId: String(year),
        before: before ? { ...scheduleFromRow(before), source: before.source } : null,
        after: { ...schedule, source },
        now,
      });
      return { ok: true as const, year };
    });
  } catch (error) {
    return toFailure(error);
  }
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
