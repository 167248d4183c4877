// The notice in a real browser: the organizer publishes, the public reads it on a phone and objects,
// the organizer upholds the objection, and the corrected version no longer lists that project.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { CHANGAN_2021, DEMO_PASSWORD } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { createPanel, createScoredProposal } from "../support/factories-notice";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let competitionId: number;
const tag = Date.now().toString(36);
const titles = [`睦邻议事厅${tag}`, `银龄互助${tag}`, `童心书屋${tag}`];

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  // A published competition whose expert review ended yesterday (dated 2020 so the home page still
  // features the 2021 demo competition), with a 5-expert panel and three scored, passed proposals.
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.now() + d * day).toISOString();
  competitionId = await insertCompetition(
    db,
    {
      ...CHANGAN_2021, slug: `e2e-notice-${tag}`, name: `公示演练大赛${tag}`, year: 2020,
      registration_opens_at: at(-60), registration_closes_at: at(-40), initial_review_ends_at: at(-30),
      review_starts_at: at(-20), review_ends_at: at(-1), signing_ends_at: at(30), implementation_ends_at: at(200),
    },
    new Date(),
  );
  const organizer = await db.selectFrom("users").select("id").where("username", "=", "organizer").executeTakeFirstOrThrow();
  const divisions = await db.selectFrom("divisions").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const categories = await db.selectFrom("categories").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const experts = await createPanel(db, competitionId, organizer.id);
  for (const [i, title] of titles.entries()) {
    await createScoredProposal(db, {
      competitionId, divisionId: divisions[0].id, categoryId: categories[i + 1].id, experts, title,
      requestedFen: 5_000_000, deskPoints: 90 - i * 4, livePoints: 90 - i * 4, organizationName: `长安区${title}服务社`,
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

async function organizerPage(): Promise<Page> {
  const page = await browser.newPage();
  await login(page, "organizer", DEMO_PASSWORD);
  return page;
}

async function publish(page: Page): Promise<string> {
  await page.goto(`${baseURL()}/organizer/notices?competitionId=${competitionId}`);
  await page.locator("form.stack").getByLabel("我已核对，确认执行此操作（无法撤销）").check(); // 发布公示 cannot be undone
  await page.locator("form.stack button[type=submit]").click();
  const flash = page.getByTestId("notice-published");
  await flash.waitFor();
  return (await flash.getByRole("link").getAttribute("href"))!;
}

describe("public notice, objection and correction", () => {
  let phone: BrowserContext;
  let firstNoticePath: string;

  afterAll(async () => {
    await phone?.close();
  });

  it("the organizer publishes the shortlist as a notice", async () => {
    const page = await organizerPage();
    firstNoticePath = await publish(page);
    expect(firstNoticePath).toMatch(/^\/notices\/\d+$/);
    await page.close();
  });

  it("the public finds it from the home page and reads it on a 390px-wide phone without login", async () => {
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
    const page = await phone.newPage();
    // every competition keeps its own pages (decision 011): from the home page to this one's notices
    await page.goto(baseURL());
    await page.getByTestId("other-competitions").getByRole("link", { name: `公示演练大赛${tag}` }).click();
    await page.getByRole("link", { name: "查看拟资助项目公示" }).click();
    await page.waitForURL(/\/notices$/);
    await page.getByRole("link", { name: new RegExp(`公示演练大赛${tag}`) }).click();
    await page.waitForURL(new RegExp(`${firstNoticePath}$`));
    const rows = await page.getByTestId("notice-row-title").allTextContents();
    expect(rows).toEqual(titles);
    expect(await page.getByTestId("notice-window").textContent()).toContain("公示期内");
    expect(await page.getByTestId("notice-panel").textContent()).toMatch(/专家/);
    // nothing sticks out sideways on the phone
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId("print").isVisible()).toBe(true);
  });

  it("the public files a real-name objection on the phone", async () => {
    const page = phone.pages()[0];
    await page.getByRole("link", { name: "提出异议" }).click();
    await page.waitForURL(/\/objection$/);
    await page.getByLabel("异议项目").selectOption({ label: `2. ${titles[1]}（长安区${titles[1]}服务社）` });
    await page.getByLabel("真实姓名").fill("赵敏");
    await page.getByLabel("手机号码").fill("13712345678");
    await page.getByLabel("与项目的关系").selectOption("resident");
    await page.getByLabel("异议理由及事实依据").fill("申报材料所称的活动场地为他人私有房屋，房主从未同意出借，项目无法按申报内容实施。");
    await page.getByRole("button", { name: "提交异议" }).click();
    await page.getByTestId("objection-received").waitFor();
  });

  it("the organizer upholds it with a finding", async () => {
    const page = await organizerPage();
    await page.goto(`${baseURL()}/organizer/objections`);
    await page.getByTestId("objection-row").filter({ hasText: titles[1] }).getByRole("link").click();
    expect(await page.getByTestId("objection-project").textContent()).toBe(titles[1]);
    await page.getByLabel("异议成立").check();
    await page.getByLabel("调查结论（将记录在案）").fill("经实地核查，项目场地不存在，异议成立，取消资助。");
    await page.getByRole("button", { name: "记录处理结论" }).click();
    await page.getByText("已记录处理结论").waitFor();
    await page.getByTestId("objection-status").filter({ hasText: "异议成立" }).waitFor();
    await page.close();
  });

  it("the next version of the shortlist no longer lists that project; the old version stays readable", async () => {
    const page = await organizerPage();
    const secondPath = await publish(page);
    expect(secondPath).not.toBe(firstNoticePath);
    await page.close();

    const reader = await phone.newPage();
    await reader.goto(`${baseURL()}${secondPath}`);
    expect(await reader.getByTestId("notice-row-title").allTextContents()).toEqual([titles[0], titles[2]]);
    expect(await reader.getByTestId("notice-changes").textContent()).toContain(`移出：${titles[1]}`);
    expect(await reader.getByTestId("notice-versions").locator("li").count()).toBe(2);

    await reader.goto(`${baseURL()}${firstNoticePath}`);
    expect(await reader.getByText("该版本已被更正").count()).toBe(1);
    expect(await reader.getByTestId("notice-row-title").allTextContents()).toEqual(titles);
    await reader.close();
  });
});
