// A calendar that knows its years (issue 11 point 4): working-day computations reaching a year
// without official holidays are refused until the organizer enters that year's 放假安排.
import { CalendarYearNotCovered, coveredYears, isWorkingDay, noticePeriod } from "~/domain/calendar";
import { fromShanghaiLocal } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { loadCalendar, saveYearSchedule } from "~/services/calendar.server";
import { publishNotice } from "~/services/notices.server";
import { callRoute, createUser, formBody, requestAs } from "../support/factories";
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition } from "../support/factories-notice";

const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;
const organizerOf = (w: { organizer: { id: number } }) => ({ id: w.organizer.id, role: "organizer" });
/** A plausible 2027 schedule as the State Council would publish it (test data, not the real notice). */
const schedule2027 = {
  year: "2027",
  source: "国务院办公厅关于2027年部分节假日安排的通知（测试数据）",
  holidays: [
    { name: "元旦", from: "2027-01-01", to: "2027-01-03" },
    { name: "春节", from: "2027-02-06", to: "2027-02-13" },
  ],
  workdays: [{ date: "2027-02-14" }],
};

describe("the years the calendar knows", () => {
  it("knows the built-in years and refuses to guess a later one", () => {
    expect(coveredYears()).toContain(2026);
    expect(isWorkingDay("2026-10-01")).toBe(false);
    expect(() => isWorkingDay("2027-01-01")).toThrow(CalendarYearNotCovered);
    expect(() => noticePeriod(at("2026-12-30T10:00"), 5)).toThrow(CalendarYearNotCovered);
  });

  it("refuses a notice reaching an uncovered year until that year is entered, then ends it on the right day", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const refused = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2026-12-30T10:00"));
    expect(refused).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "rules.calendar.yearNotCovered" }, params: { year: 2027 } });
    expect(tMaybe("rules.calendar.yearNotCovered", { year: 2027 })).toContain("2027 年放假安排");
    expect(await ctx.db.selectFrom("notices").selectAll().execute()).toHaveLength(0);

    const saved = await saveYearSchedule(ctx.db, organizerOf(world), schedule2027, at("2026-12-01T09:00"));
    expect(saved).toMatchObject({ ok: true, year: 2027 });
    const published = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2026-12-30T10:00"));
    if (!published.ok) throw new Error(JSON.stringify(published));
    // Dec 31 is day 1; 元旦 Jan 1–3 does not count; Jan 4–7 are days 2–5 (the old calendar said Jan 6)
    const notice = await ctx.db.selectFrom("notices").selectAll().where("id", "=", published.noticeId).executeTakeFirstOrThrow();
    expect([notice.period_starts_on, notice.period_ends_on]).toEqual(["2026-12-31", "2027-01-07"]);
  });

  it("counts an entered year's 调休 Sunday as a working day and its holidays as rest", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    await saveYearSchedule(ctx.db, { id: organizer.id, role: "organizer" }, schedule2027, new Date());
    const cal = await loadCalendar(ctx.db);
    expect(isWorkingDay("2027-02-14", cal)).toBe(true); // Sunday worked
    expect(isWorkingDay("2027-02-08", cal)).toBe(false); // Monday in 春节
    expect(isWorkingDay("2027-03-01", cal)).toBe(true);
    expect(isWorkingDay("2027-03-06", cal)).toBe(false); // ordinary Saturday
  });

  it("audits an entered year and its replacement", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const actor = { id: organizer.id, role: "organizer" };
    await saveYearSchedule(ctx.db, actor, schedule2027, new Date());
    await saveYearSchedule(ctx.db, actor, { ...schedule2027, workdays: [] }, new Date());
    const audit = await ctx.db.selectFrom("audit_log").select(["action", "entity_id"]).where("entity_type", "=", "calendar").orderBy("id").execute();
    expect(audit).toEqual([
      { action: "calendar.yearEntered", entity_id: "2027" },
      { action: "calendar.yearReplaced", entity_id: "2027" },
    ]);
    expect(await ctx.db.selectFrom("holiday_schedules").selectAll().execute()).toHaveLength(1);
  });

  it("refuses a built-in year, impossible dates and a weekday as 调休, next to their fields", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const actor = { id: organizer.id, role: "organizer" };
    expect(await saveYearSchedule(ctx.db, actor, { ...schedule2027, year: "2026" }, new Date())).toMatchObject({ ok: false, status: 409, fieldErrors: { year: "rules.calendar.yearBuiltIn" } });
    const bad = await saveYearSchedule(ctx.db, actor, { ...schedule2027, holidays: [{ name: "春节", from: "2027-02-30", to: "2027-03-02" }] }, new Date());
    expect(bad).toMatchObject({ ok: false, status: 400, fieldErrors: { "holidays.0.from": "calendar.dateInvalid" } });
    const weekday = await saveYearSchedule(ctx.db, actor, { ...schedule2027, workdays: [{ date: "2027-02-15" }] }, new Date());
    expect(weekday).toMatchObject({ ok: false, status: 400, fieldErrors: { "workdays.0.date": "rules.calendar.workdayNotWeekend" } });
    expect(await saveYearSchedule(ctx.db, { id: organizer.id, role: "applicant" }, schedule2027, new Date())).toMatchObject({ ok: false, status: 403 });
    expect(await ctx.db.selectFrom("holiday_schedules").selectAll().execute()).toHaveLength(0);
  });

  it("takes the whole year in one form post on the calendar page", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const route = await import("~/routes/organizer.calendar");
    const body = formBody({
      intent: "year", year: "2027", source: schedule2027.source,
      "holidays.0.name": "元旦", "holidays.0.from": "2027-01-01", "holidays.0.to": "2027-01-03",
      "holidays.1.name": "", "holidays.1.from": "", "holidays.1.to": "",
      "workdays.0.date": "", "workdays.1.date": "2027-02-14",
    });
    const response = await callRoute(route.action, await requestAs(organizer.id, "/organizer/calendar", { method: "POST", body }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, year: 2027 });
    const row = await ctx.db.selectFrom("holiday_schedules").selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.workdays_json)).toEqual(["2027-02-14"]);
    const page = await (await callRoute(route.loader, await requestAs(organizer.id, "/organizer/calendar"))).json();
    expect(page.coverage.covered).toContain(2027);
    expect(page.form.year).toBe("2028"); // the next year still to enter
    expect(t("rules.calendar.coverage", { from: 2004, to: 2026, entered: "2027" })).toContain("2004–2026");
  });
});
