// The organizer's form for a year's official 放假安排 (State Council notice): the year, where it comes
// from, the holiday ranges and the 调休 working weekend days. Blank rows are skipped, so the form can
// offer spare rows without JavaScript. Shared by the browser and the action; messages are i18n keys.
import { z } from "zod";
import { isCalendarDate } from "../domain/time";

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const date = z.string().trim().refine(isCalendarDate, "calendar.dateInvalid");

function rowsOf<T extends z.ZodTypeAny>(row: T) {
  return z.preprocess(
    (v) => (Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : []),
    z
      .array(z.preprocess((r) => (r && typeof r === "object" && Object.values(r).every(blank) ? null : r), row.nullable()))
      .transform((list) => list.filter((r): r is z.output<T> => r !== null)),
  );
}

export const yearScheduleSchema = z.object({
  year: z.coerce.number({ message: "rules.calendar.yearInvalid" }).int("rules.calendar.yearInvalid").min(2000, "rules.calendar.yearInvalid").max(2100, "rules.calendar.yearInvalid"),
  source: z.string().trim().min(4, "rules.calendar.sourceInvalid").max(200, "rules.calendar.sourceInvalid"),
  holidays: rowsOf(
    z.object({
      name: z.string().default("").transform((s) => s.trim()).refine((s) => s.length >= 1 && s.length <= 20, "rules.calendar.holidayNameInvalid"),
      from: date,
      to: date,
    }),
  ),
  workdays: rowsOf(z.object({ date })).transform((list) => list.map((r) => r.date)),
});
export type YearScheduleInput = z.input<typeof yearScheduleSchema>;
