// Competition rules and dates in a real browser (issue 11 points 2–4): once expert review has begun
// its rules are disabled on the settings form while the notice length still changes (checked in the
// browser first, then saved); a date moved with a reason appears on the competition's public
// timeline; a notice reaching next year is refused until the organizer enters that year's 放假安排
// in the calendar form, and is then published with the period that schedule gives.
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { addCalendarDays, endOfShanghaiDay, shanghaiDate } from "../../app/domain/time";
import { parseRules } from "../../app/domain/competition-rules";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { createReviewedCompetition } from "../support/factories-notice";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let competition: { id: number; slug: string };
const tag = Date.now().toString(36);
const next = new Date().getUTCFullYear() + 1;
const signingOn = shanghaiDate(new Date(Date.now() + 60 * 86_400_000));

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  const world = await createReviewedCompetition(db, { proposals: 2 });
  // whole days, as the form writes them (a stored instant with stray milliseconds would show as changed)
  const at = (d: number) => endOfShanghaiDay(shanghaiDate(new Date(Date.now() + d * 86_400_000))).toISOString();
  const from = (d: number) => new Date(Date.parse(at(d - 1)) + 1).toISOString();
  // dated 2020 so the demo stays the current competition; expert review ended yesterday
  await db
    .updateTable("competitions")
    .set({
      year: 2020, name: `规则浏览器测试大赛${tag}`, slug: `e2e-rules-${tag}`, status: "published",
      registration_opens_at: from(-40), registration_closes_at: at(-30), initial_review_ends_at: at(-20), review_starts_at: from(-19),
      review_ends_at: at(-1), signing_ends_at: endOfShanghaiDay(signingOn).toISOString(), implementation_ends_at: at(400),
    })
    .where("id", "=", world.competition.id)
    .execute();
  competition = { id: world.competition.id, slug: `e2e-rules-${tag}` };
  // the test enters next year's schedule itself (another browser test may have entered it already)
  await db.deleteFrom("holiday_schedules").where("year", "=", next).execute();
});

afterAll(async () => {
  await db?.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
  await browser?.close();
  await db?.destroy();
});

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);
const hydrated = (page: Page) => page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));

describe("competition rules, dates and the calendar's years", () => {
  it("disables frozen rules, validates and saves the notice length, and shows a moved date with its reason publicly", async () => {
    const before = await db.selectFrom("competitions").select("rules_json").where("id", "=", competition.id).executeTakeFirstOrThrow();
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/competitions/${competition.id}`);
    await hydrated(page);

    // review has begun: its rules and the rubric are disabled, the notice length is not
    expect(await byId(page, "qualificationLine").isDisabled()).toBe(true);
    expect(await byId(page, "aggregation").isDisabled()).toBe(true);
    expect(await byId(page, "rubric.0.maxPoints").isDisabled()).toBe(true);
    expect(await byId(page, "noticeWorkingDays").isDisabled()).toBe(false);
    // dates whose stage has ended are read-only; signing's end may still move
    expect(await byId(page, "dates.review_ends_at").getAttribute("readonly")).not.toBeNull();
    expect(await byId(page, "dates.signing_ends_at").getAttribute("readonly")).toBeNull();

    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    await byId(page, "noticeWorkingDays").fill("31");
    await page.getByRole("button", { name: "保存大赛设置" }).click();
    await page.locator('[data-field-error="noticeWorkingDays"]').filter({ hasText: "请输入 1–30 个工作日" }).waitFor();
    expect(posted).toBe(false);

    // a notice of 25 working days reaches next year; signing is extended by three days, with a reason
    await byId(page, "noticeWorkingDays").fill("25");
    await byId(page, "dates.signing_ends_at").fill(`${addCalendarDays(signingOn, 3)}T23:59`);
    const reason = `专家评审结果复核，签约顺延三天（测试${tag}）`;
    await byId(page, "dateChangeReason").fill(reason);
    await page.getByRole("button", { name: "保存大赛设置" }).click();
    await page.getByText("大赛设置已保存").waitFor();

    const after = await db.selectFrom("competitions").select(["rules_json", "signing_ends_at"]).where("id", "=", competition.id).executeTakeFirstOrThrow();
    const [was, now] = [parseRules(before.rules_json), parseRules(after.rules_json)];
    expect(now.notice.workingDays).toBe(25);
    expect({ review: now.review, rubric: now.rubric, selection: now.selection }).toEqual({ review: was.review, rubric: was.rubric, selection: was.selection });
    expect(after.signing_ends_at).toBe(endOfShanghaiDay(addCalendarDays(signingOn, 3)).toISOString());

    const visitor = await browser.newPage();
    await visitor.goto(`${baseURL()}/competitions/${competition.slug}/timeline`);
    await visitor.getByText(reason).waitFor();
    await visitor.close();
    await page.close();
  });

  it("refuses a notice reaching next year until its 放假安排 is entered in the calendar form, then computes the period with it", async () => {
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/notices?competition=${competition.slug}`);
    await page.locator("form.stack").getByLabel("我已核对，确认执行此操作（无法撤销）").check(); // 发布公示 cannot be undone
    await page.locator("form.stack button[type=submit]").click();
    await page.getByRole("alert").filter({ hasText: `系统还没有 ${next} 年的法定节假日安排` }).waitFor();
    expect(await db.selectFrom("notices").select("id").where("competition_id", "=", competition.id).execute()).toEqual([]);

    // the calendar page (remembering the competition) offers that year and says it is missing
    await page.goto(`${baseURL()}/organizer/calendar`);
    await hydrated(page);
    expect(await page.getByTestId("competition-years").textContent()).toMatch(new RegExp(`其中 ${next}.*年的放假安排尚未录入`));
    expect(await byId(page, "year").inputValue()).toBe(String(next));
    await byId(page, "source").fill(`国务院办公厅关于${next}年部分节假日安排的通知（测试数据）`);
    await byId(page, "holidays.0.name").fill("元旦");
    await byId(page, "holidays.0.from").fill(`${next}-01-01`);
    await byId(page, "holidays.0.to").fill(`${next}-01-03`);
    await page.getByRole("button", { name: "保存该年放假安排" }).click();
    await page.getByText(`已保存 ${next} 年放假安排`).waitFor();

    await page.goto(`${baseURL()}/organizer/notices?competition=${competition.slug}`);
    await page.locator("form.stack").getByLabel("我已核对，确认执行此操作（无法撤销）").check(); // 发布公示 cannot be undone
    await page.locator("form.stack button[type=submit]").click();
    await page.getByTestId("notice-published").waitFor();
    const notice = await db.selectFrom("notices").select(["period_starts_on", "period_ends_on"]).where("competition_id", "=", competition.id).executeTakeFirstOrThrow();
    expect(notice.period_ends_on.startsWith(`${next}-01-`)).toBe(true);
    // counted by hand: weekdays from the first day to the last, the 元旦 days entered not counting
    let workingDays = 0;
    for (let d = notice.period_starts_on; d <= notice.period_ends_on; d = addCalendarDays(d, 1)) {
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !(d >= `${next}-01-01` && d <= `${next}-01-03`)) workingDays += 1;
    }
    expect(workingDays).toBe(25);
    await page.close();
  });
});
