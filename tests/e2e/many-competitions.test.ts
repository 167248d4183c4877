// Many competitions side by side, in a real browser: the organizer publishes a second, newer
// competition; the home page now features it, and the 2021 competition's notice, payments and
// transparency figures are still found — through the archive, its own URLs and the old bookmarks.
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { formatYuan } from "../../app/domain/money";
import { CHANGAN_2021, DEMO_PASSWORD } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let nextId: number;
const tag = Date.now().toString(36);
const nextName = `长安区社区公益创投大赛（2027 浏览器测试 ${tag}）`;

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.now() + d * day).toISOString();
  nextId = await insertCompetition(
    db,
    {
      ...CHANGAN_2021, slug: `changan-2027-${tag}`, name: nextName, year: 2027, status: "draft" as unknown as "published",
      registration_opens_at: at(-1), registration_closes_at: at(30), initial_review_ends_at: at(40),
      review_starts_at: at(41), review_ends_at: at(60), signing_ends_at: at(90), implementation_ends_at: at(400),
    },
    new Date(),
  );
});

afterAll(async () => {
  // The other browser tests expect the 2021 demo to be the current competition: withdraw ours.
  await db?.updateTable("competitions").set({ status: "draft" }).where("id", "=", nextId).execute();
  await browser?.close();
  await db?.destroy();
});

describe("a second competition beside the first", () => {
  it("publishes 2027 and still finds 2021's notice, payments and transparency figures", async () => {
    const first = await db.selectFrom("competitions").select(["id", "slug", "name"]).where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
    const notice = await db.selectFrom("notices").select(["id", "title"]).where("competition_id", "=", first.id).orderBy("version", "desc").executeTakeFirstOrThrow();
    const paid = await db
      .selectFrom("milestones")
      .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
      .select((eb) => eb.fn.sum<number>("milestones.amount_fen").as("paid"))
      .where("agreements.competition_id", "=", first.id)
      .where("milestones.status", "=", "paid")
      .executeTakeFirstOrThrow();
    const paidYuan = `${formatYuan(Number(paid.paid))} 元`;
    expect(Number(paid.paid)).toBeGreaterThan(0);

    // The organizer publishes the 2027 competition.
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/competitions/${nextId}`);
    await page.getByTestId("publish").getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await page.getByTestId("publish").getByRole("button", { name: "发布大赛" }).click();
    await page.getByTestId("competition-status").filter({ hasText: "已发布" }).waitFor();
    await page.context().clearCookies();

    // The public home page features 2027 now and links to 2021.
    await page.goto(baseURL());
    expect(await page.locator("h1").first().textContent()).toBe(nextName);
    await page.getByTestId("other-competitions").getByRole("link", { name: first.name }).click();
    await page.waitForURL(new RegExp(`/competitions/${first.slug}$`));
    expect(await page.locator("h1").first().textContent()).toBe(first.name);

    // 2021's notice, from its own notices page.
    await page.getByTestId("home-notices").getByRole("link", { name: "查看拟资助项目公示" }).click();
    await page.waitForURL(new RegExp(`/competitions/${first.slug}/notices$`));
    await page.getByRole("link", { name: notice.title }).first().click();
    await page.waitForURL(new RegExp(`/notices/${notice.id}$`));
    expect(await page.getByTestId("notice-title").textContent()).toBe(notice.title);
    expect(await page.getByTestId("notice-row-title").count()).toBeGreaterThan(0);

    // Its money, through the archive.
    await page.goto(`${baseURL()}/competitions`);
    const entry = page.getByTestId("archive-entry").filter({ hasText: first.name });
    expect(await entry.textContent()).toContain(`已拨付 ${formatYuan(Number(paid.paid))} 元`);
    await entry.getByRole("link", { name: "资金公开与资助结果" }).click();
    await page.waitForURL(new RegExp(`/competitions/${first.slug}/transparency$`));
    expect(await page.getByTestId("public-paid").textContent()).toContain(paidYuan);
    expect(await page.getByTestId("public-projects").locator("tbody tr").count()).toBeGreaterThan(0);

    // The current transparency page is 2027's (nothing paid yet) and links back to 2021.
    await page.goto(`${baseURL()}/transparency`);
    expect(await page.getByTestId("public-paid").textContent()).toContain("0.00 元");
    await page.getByTestId("other-competitions").getByRole("link", { name: first.name }).waitFor();

    // Old bookmarks keep working: the notice's own address, and the competition-scoped one.
    const old = await page.goto(`${baseURL()}/notices/${notice.id}`);
    expect(old?.status()).toBe(200);
    expect(await page.getByTestId("notice-title").textContent()).toBe(notice.title);
    await page.goto(`${baseURL()}/competitions/${first.slug}/notices/${notice.id}`);
    await page.waitForURL(new RegExp(`/notices/${notice.id}$`));
    await page.close();
  });
});
