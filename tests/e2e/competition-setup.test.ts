// Competition setup in a real browser: the organizer opens 大赛设置 from the menu, creates a competition
// from the §7 defaults (react-hook-form refuses a rubric that does not add up to 100 before anything is
// sent), then, with JavaScript off, the server refuses a tranche plan of 90 % with the same message.
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
const tag = Date.now().toString(36);
const name = `设置演练大赛${tag}`;

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

async function fillDates(page: Page) {
  const dates: [string, string][] = [
    ["registration_opens_at", "2020-04-01T00:00"],
    ["registration_closes_at", "2020-05-31T23:59"],
    ["initial_review_ends_at", "2020-06-10T23:59"],
    ["review_starts_at", "2020-06-15T00:00"],
    ["review_ends_at", "2020-07-01T23:59"],
    ["signing_ends_at", "2020-07-31T23:59"],
    ["implementation_ends_at", "2020-12-31T23:59"],
  ];
  for (const [field, value] of dates) await byId(page, `dates.${field}`).fill(value);
}

describe("competition setup", () => {
  let competitionPath: string;

  it("creates a competition from the defaults; the rubric total is checked in the browser first", async () => {
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    // the menu's 大赛筹备 entry opens its pages (a <details> drop-down on a desktop)
    const menu = page.getByRole("navigation", { name: "主导航" });
    await menu.locator("summary", { hasText: "大赛筹备" }).click();
    await menu.getByRole("link", { name: "大赛设置" }).click();
    await page.waitForURL(`${baseURL()}/organizer/competitions`);
    await page.getByRole("link", { name: "新建大赛" }).click();
    await page.waitForURL(`${baseURL()}/organizer/competitions/new`);

    // the §7 defaults are already there
    expect(await byId(page, "tranches.0.percent").inputValue()).toBe("50");
    expect(await byId(page, "budgetCaps.0.maxPercent").inputValue()).toBe("30");
    expect(await byId(page, "divisions.1.name").inputValue()).toBe("郭杜赛区");
    await expect(page.getByTestId("rubric-total").textContent()).resolves.toContain("100");

    await byId(page, "name").fill(name);
    await byId(page, "slug").fill(`e2e-setup-${tag}`);
    // dated 2020 so the home page keeps featuring the demo competition if this one were ever published
    await byId(page, "year").fill("2020");
    await fillDates(page);
    await byId(page, "rubric.0.maxPoints").fill("30");
    await expect(page.getByTestId("rubric-total").textContent()).resolves.toContain("110");

    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    await page.getByRole("button", { name: "创建大赛" }).click();
    const rubricError = page.locator('[data-field-error="rubric"]');
    await rubricError.waitFor();
    expect(await rubricError.textContent()).toBe("评分标准各项分值合计须为 100 分");
    expect(posted).toBe(false);

    await byId(page, "rubric.0.maxPoints").fill("20");
    await Promise.all([page.waitForURL(/\/organizer\/competitions\/\d+\?created=1$/), page.getByRole("button", { name: "创建大赛" }).click()]);
    competitionPath = new URL(page.url()).pathname;
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("大赛已创建");
    expect(await page.getByTestId("competition-status").textContent()).toBe("未发布");

    const stored = await db.selectFrom("competitions").select(["status", "registration_closes_at"]).where("slug", "=", `e2e-setup-${tag}`).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "draft", registration_closes_at: "2020-05-31T15:59:59.999Z" });
    await page.close();
  });

  it("without JavaScript, the server refuses tranches adding up to 90 % and keeps what was typed", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}${competitionPath}`);
    await byId(page, "tranches.2.percent").fill("10");
    // a spare row is filled in too, to show it arrives
    await byId(page, "categories.10.code").fill("safety");
    await byId(page, "categories.10.name").fill("平安建设");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "保存大赛设置" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.locator('[data-field-error="tranches"]').textContent()).toBe("拨付比例合计须为 100%");
    expect(await byId(page, "tranches.2.percent").inputValue()).toBe("10");
    expect(await byId(page, "categories.10.name").inputValue()).toBe("平安建设");

    await byId(page, "tranches.2.percent").fill("20");
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: "保存大赛设置" }).click()]);
    await page.getByText("大赛设置已保存").waitFor();
    const id = Number(competitionPath.split("/").pop());
    const categories = await db.selectFrom("categories").select("code").where("competition_id", "=", id).execute();
    expect(categories.map((c) => c.code)).toContain("safety");
    await context.close();
  });
});
