// The mainland China working-day calendar. A year is "covered" when its official 放假安排 is known:
// built in (the chinese-days package's data) or entered by the organizer from the State Council's
// notice. A computation that needs a day of an uncovered year is refused (CalendarYearNotCovered)
// rather than silently treating its holidays as working days. Organizer corrections of single days
// (a local holiday, an extra workday) apply on top of either.
import chineseDays from "chinese-days";
import { type CalendarDate, type Instant, addCalendarDays, endOfShanghaiDay, isCalendarDate, shanghaiDate } from "./time";

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

/** One holiday of a year's 放假安排, e.g. 春节 2027-02-06 … 2027-02-13 (both included). */
export interface HolidayRange {
  name: string;
  from: CalendarDate;
  to: CalendarDate;
}

/** A year's official 放假安排 as published: holiday ranges and the 调休 weekend days that are worked. */
export interface YearSchedule {
  year: number;
  holidays: readonly HolidayRange[];
  workdays: readonly CalendarDate[];
}

/** Everything a working-day computation needs: entered years and single-day corrections. */
export interface WorkCalendar {
  overrides: Overrides;
  schedules: ReadonlyMap<number, YearSchedule>;
}

export const EMPTY_CALENDAR: WorkCalendar = { overrides: new Map(), schedules: new Map() };

/** Thrown when a computation reaches a year whose official holidays are not known. */
export class CalendarYearNotCovered extends Error {
  constructor(public readonly year: number) {
    super(`working-day calendar: no official holiday schedule for ${year}`);
    this.name = "CalendarYearNotCovered";
  }
}

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
let builtIn: ReadonlySet<number> | null = null;

/**
 * The years the package's official data covers. Every year's 放假安排 ends with 国庆节 (October), so a
 * year whose first days of October list a statutory holiday is known to its end.
 */
export function builtInYears(): ReadonlySet<number> {
  if (!builtIn) {
    const years = new Set<number>();
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      if (chineseDays.getHolidaysInRange(`${y}-10-01`, `${y}-10-08`, false).length > 0) years.add(y);
    }
    builtIn = years;
  }
  return builtIn;
}

/** Built-in and entered years, ascending. */
export function coveredYears(cal: WorkCalendar = EMPTY_CALENDAR): number[] {
  return [...new Set([...builtInYears(), ...cal.schedules.keys()])].sort((a, b) => a - b);
}

export function isYearCovered(year: number, cal: WorkCalendar = EMPTY_CALENDAR): boolean {
  return builtInYears().has(year) || cal.schedules.has(year);
}

/**
 * The official calendar: chinese-days knows every 放假 day and 调休 make-up workday.
 * Its date parsing follows the process time zone and is only right at UTC or east of it
 * (servers run in UTC or Asia/Shanghai); the self-check turns a wrong zone into a clear error
 * instead of a silently shifted deadline.
 */
function builtInWorkday(date: CalendarDate): boolean {
  const detail = chineseDays.getDayDetail(date);
  if (detail.date !== date) {
    throw new Error(`working-day calendar: process time zone shifts ${date} to ${detail.date}; run with TZ=UTC or Asia/Shanghai`);
  }
  return detail.work;
}

function isWeekend(date: CalendarDate): boolean {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** An entered year's day; a holiday range of the neighbouring year's schedule may reach into it (元旦). */
function scheduledWorkday(date: CalendarDate, year: number, schedules: ReadonlyMap<number, YearSchedule>): boolean {
  const relevant = [schedules.get(year), schedules.get(year - 1), schedules.get(year + 1)].filter((s): s is YearSchedule => !!s);
  if (relevant.some((s) => s.workdays.includes(date))) return true;
  if (relevant.some((s) => s.holidays.some((h) => h.from <= date && date <= h.to))) return false;
  return !isWeekend(date);
}

/** Accepts the older call style (just the overrides) as well as a whole calendar. */
function asCalendar(cal: WorkCalendar | Overrides | undefined): WorkCalendar {
  if (!cal) return EMPTY_CALENDAR;
  if (cal instanceof Map) return { overrides: cal, schedules: new Map() };
  return cal as WorkCalendar;
}

/**
 * Whether `date` is a working day: the organizer's correction if any, else the official calendar of
 * its year (built in, or entered). Throws CalendarYearNotCovered for a year nobody knows.
 */
export function isWorkingDay(date: CalendarDate, calendar?: WorkCalendar | Overrides): boolean {
  if (!isCalendarDate(date)) throw new RangeError(`not a date: ${date}`);
  const cal = asCalendar(calendar);
  const override = cal.overrides.get(date);
  if (override) return override === "workday";
  const year = Number(date.slice(0, 4));
  if (builtInYears().has(year)) return builtInWorkday(date);
  if (cal.schedules.has(year)) return scheduledWorkday(date, year, cal.schedules);
  throw new CalendarYearNotCovered(year);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CalendarDate, calendar?: WorkCalendar | Overrides): CalendarDate {
  let d = addCalendarDays(date, 1);
  // Guard against a calendar corrupted into "no working day ever" by overrides.
  for (let i = 0; i < 366; i++, d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d, calendar)) return d;
  }
  throw new RangeError(`no working day within a year after ${date}`);
}

/** The `n`th working day counting `first` (itself a working day) as day 1. */
export function nthWorkingDayFrom(first: CalendarDate, n: number, calendar?: WorkCalendar | Overrides): CalendarDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!isWorkingDay(first, calendar)) throw new RangeError(`${first} is not a working day`);
  let day = first;
  for (let i = 1; i < n; i++) day = nextWorkingDay(day, calendar);
  return day;
}

/** The `n`th working day after `date` (the day itself never counts); `date` for n = 0. */
export function addWorkingDays(date: CalendarDate, n: number, calendar?: WorkCalendar | Overrides): CalendarDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (n === 0) return date;
  return nthWorkingDayFrom(nextWorkingDay(date, calendar), n, calendar);
}

/** Working days from `from` to `to`, both included. */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, calendar?: WorkCalendar | Overrides): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, calendar)) days.push(d);
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
 * the last working day. Throws CalendarYearNotCovered when the period reaches an unknown year.
 */
export function noticePeriod(publishedAt: Date, workingDays: number, calendar?: WorkCalendar | Overrides): NoticePeriod {
  const startsOn = nextWorkingDay(shanghaiDate(publishedAt), calendar);
  const endsOn = nthWorkingDayFrom(startsOn, workingDays, calendar);
  return { startsOn, endsOn, endsAt: endOfShanghaiDay(endsOn).toISOString() };
}

/** Problems in an entered year's schedule, as i18n keys by field (empty when it is usable). */
export function scheduleProblems(s: YearSchedule): Record<string, string> {
  const problems: Record<string, string> = {};
  const inYear = (d: CalendarDate) => d.startsWith(`${s.year}-`) || d.startsWith(`${s.year - 1}-12-`) || d.startsWith(`${s.year + 1}-01-`);
  s.holidays.forEach((h, i) => {
    if (h.to < h.from) problems[`holidays.${i}.to`] = "rules.calendar.rangeOrder";
    else if (!inYear(h.from) || !inYear(h.to)) problems[`holidays.${i}.from`] = "rules.calendar.outsideYear";
    else if (addCalendarDays(h.from, 31) < h.to) problems[`holidays.${i}.to`] = "rules.calendar.rangeTooLong";
  });
  s.workdays.forEach((d, i) => {
    if (!inYear(d)) problems[`workdays.${i}.date`] = "rules.calendar.outsideYear";
    else if (!isWeekend(d)) problems[`workdays.${i}.date`] = "rules.calendar.workdayNotWeekend";
    else if (s.holidays.some((h) => h.from <= d && d <= h.to)) problems[`workdays.${i}.date`] = "rules.calendar.workdayInHoliday";
  });
  if (s.holidays.length === 0) problems.holidays = "rules.calendar.noHolidays";
  return problems;
}
