// Instants are stored in UTC; rules that speak of calendar days are judged in Asia/Shanghai (UTC+8, no DST).

export type Instant = string; // ISO-8601 UTC, e.g. 2021-05-31T15:59:59.999Z
export type CalendarDate = string; // YYYY-MM-DD in Asia/Shanghai

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function toInstant(date: Date): Instant {
  return date.toISOString();
}

/** The Shanghai calendar date on which `instant` falls. */
export function shanghaiDate(instant: Date | Instant): CalendarDate {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of a Shanghai calendar date. */
export function startOfShanghaiDay(date: CalendarDate): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/** The last millisecond of a Shanghai calendar date (deadlines "on date X" close then). */
export function endOfShanghaiDay(date: CalendarDate): Date {
  return new Date(startOfShanghaiDay(date).getTime() + 24 * 60 * 60 * 1000 - 1);
}

/** Whether `text` is a real calendar date "YYYY-MM-DD" (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(text: string): text is CalendarDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  // Date.parse rolls 02-30 over to 03-02; a real date survives the round trip
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/**
 * A Shanghai wall-clock time "YYYY-MM-DDTHH:mm" or "…THH:mm:ss" (from <input type=datetime-local>)
 * → instant; null for anything else, including impossible dates and times (2026-02-30, 24:00).
 */
export function fromShanghaiLocal(local: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m || !isCalendarDate(m[1])) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}.000Z`);
  return Number.isNaN(ms) ? null : new Date(ms - SHANGHAI_OFFSET_MS);
}

/** instant → Shanghai wall-clock "YYYY-MM-DDTHH:mm" for datetime-local inputs. */
export function toShanghaiLocal(instant: Date | Instant): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** instant → Shanghai wall-clock "YYYY-MM-DDTHH:mm:ss" (seconds kept, milliseconds dropped). */
export function toShanghaiLocalSeconds(instant: Date | Instant): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

/** "2021年5月31日 23:59" — the one way every page prints a Shanghai time. */
export function formatShanghai(instant: Date | Instant, withTime = true): string {
  const local = toShanghaiLocal(instant);
  const date = formatDay(local.slice(0, 10));
  return withTime ? `${date} ${local.slice(11, 16)}` : date;
}

/** A calendar date "2021-05-31" printed the same way as formatShanghai: "2021年5月31日" (other text as is). */
export function formatDay(date: CalendarDate | null | undefined): string {
  if (!date) return "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const [y, mo, d] = date.split("-").map(Number);
  return `${y}年${mo}月${d}日`;
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isWithin(now: Date, opensAt: Instant, closesAt: Instant): boolean {
  const t = now.getTime();
  return t >= Date.parse(opensAt) && t <= Date.parse(closesAt);
}
