// The mainland China working-day calendar (statutory holidays and make-up workdays from the
// chinese-days package) with the organizer's corrections on top, and the notice period it yields.
import chineseDays from "chinese-days";
import { type CalendarDate, type Instant, addCalendarDays, endOfShanghaiDay, shanghaiDate } from "./time";

export type OverrideKind = "holiday" | "workday";

export interface CalendarOverride {
  dateOn: CalendarDate;
  kind: OverrideKind;
}

/** Organizer corrections by date; a later entry for the same date wins. */
export type Overrides = ReadonlyMap<CalendarDate, OverrideKind>;

export function overridesFrom(list: readonly CalendarOverride[]): Overrides {
  return new Map(list.map((o) => [o.dateOn, o.kind]));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The official calendar: chinese-days knows every 放假 day and 调休 make-up workday.
 * Its date parsing follows the process time zone and is only right at UTC or east of it
 * (servers run in UTC or Asia/Shanghai); the self-check turns a wrong zone into a clear error
 * instead of a silently shifted deadline.
 */
function officialWorkday(date: CalendarDate): boolean {
  const detail = chineseDays.getDayDetail(date);
  if (detail.date !== date) {
    throw new Error(`working-day calendar: process time zone shifts ${date} to ${detail.date}; run with TZ=UTC or Asia/Shanghai`);
  }
  return detail.work;
}

/** Whether `date` is a working day: the organizer's override if any, else the official calendar. */
export function isWorkingDay(date: CalendarDate, overrides: Overrides = new Map()): boolean {
  if (!DATE.test(date)) throw new RangeError(`not a date: ${date}`);
  const override = overrides.get(date);
  if (override) return override === "workday";
  return officialWorkday(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CalendarDate, overrides: Overrides = new Map()): CalendarDate {
  let d = addCalendarDays(date, 1);
  // Guard against a calendar corrupted into "no working day ever" by overrides.
  for (let i = 0; i < 366; i++, d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d, overrides)) return d;
  }
  throw new RangeError(`no working day within a year after ${date}`);
}

/** The `n`th working day counting `first` (itself a working day) as day 1. */
export function nthWorkingDayFrom(first: CalendarDate, n: number, overrides: Overrides = new Map()): CalendarDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!isWorkingDay(first, overrides)) throw new RangeError(`${first} is not a working day`);
  let day = first;
  for (let i = 1; i < n; i++) day = nextWorkingDay(day, overrides);
  return day;
}

/** Working days from `from` to `to`, both included. */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, overrides: Overrides = new Map()): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, overrides)) days.push(d);
  return days;
}

export interface NoticePeriod {
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  /** last millisecond of endsOn in Asia/Shanghai */
  endsAt: Instant;
}

/**
 * A notice published at `publishedAt` runs for `workingDays` full working days. The day of
 * publishing never counts (the public would get only part of it), so day 1 is the next working
 * day after the Shanghai date of publishing, and the period closes at 23:59:59.999 (Shanghai) of
 * the last working day.
 */
export function noticePeriod(publishedAt: Date, workingDays: number, overrides: Overrides = new Map()): NoticePeriod {
  const startsOn = nextWorkingDay(shanghaiDate(publishedAt), overrides);
  const endsOn = nthWorkingDayFrom(startsOn, workingDays, overrides);
  return { startsOn, endsOn, endsAt: endOfShanghaiDay(endsOn).toISOString() };
}
