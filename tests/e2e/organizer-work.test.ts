// The organizer's working day in a real browser: the workspace shows what is waiting for the competition
// picked and links to it; the menu is grouped by stage; an irreversible action (发布大赛) asks first —
// with JavaScript in a dialog that can be cancelled, without it through the required checkbox.
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { CHANGAN_2021, DEMO_PASSWORD } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let draftId: number;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.now() + d * day).toISOString();
  draftId = await insertCompetition(
    db,
    {
      ...CHANGAN_2021, slug: `confirm-${tag}`, name: `确认测试大赛 ${tag}`, year: 2028, status: "draft" as unknown as "published",
      registration_opens_at: at(-1), registration_closes_at: at(30), initial_review_ends_at: at(40),
      review_starts_at: at(41), review_ends_at: at(60), signing_ends_at: at(90), implementation_ends_at: at(400),
    },
    new Date(),
  );
});

afterAll(async () => {
  // the other browser tests expect the 2021 demo to be the current competition
  await db?.updateTable("competitions").set({ status: "draft" }).where("id", "=", draftId).execute();
  await browser?.close();
  await db?.destroy();
});

const status = async () => (await db.selectFrom("competitions").select("status").where("id", "=", draftId).executeTakeFirstOrThrow()).status;

describe("organizer workspace and confirmations", () => {
  it("shows the demo competition's stage and waiting work, each count a link, and the menu grouped by stage", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer?competition=changan-2021`);
    await page.getByTestId("organizer-todos").waitFor();
    expect(await page.getByTestId("organizer-stage-name").textContent()).toBeTruthy();
    const links = page.getByTestId("organizer-todos").getByRole("link");
    expect(await links.count()).toBe(6);
    expect(await links.first().getAttribute("href")).toBe("/organizer/proposals?competition=changan-2021");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.locator('label[for="menu-toggle"]').click();
    const group = page.getByRole("group", { name: "专家评审" });
    expect(await group.getByRole("link").allTextContents()).toEqual(["评审专家", "评审分配", "评审排名", "评审一致性"]);
    await Promise.all([page.waitForURL(/\/organizer\/proposals/), links.first().click()]);
    await page.getByTestId("proposal-total").waitFor();
    await page.close();
  });

  it("发布大赛 with JavaScript opens a dialog: 取消 publishes nothing, 确认执行 publishes", async () => {
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/competitions/${draftId}`);
    const publish = page.getByTestId("publish");
    await publish.getByRole("button", { name: "发布大赛" }).click();
    const dialog = page.getByRole("dialog", { name: "请确认" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "取消" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await status()).toBe("draft");
    await publish.getByRole("button", { name: "发布大赛" }).click();
    await dialog.getByRole("button", { name: "确认执行" }).click();
    await page.getByTestId("competition-status").filter({ hasText: "已发布" }).waitFor();
    expect(await status()).toBe("published");
    await db.updateTable("competitions").set({ status: "draft" }).where("id", "=", draftId).execute();
    await page.close();
  });

  it("发布大赛 without JavaScript is refused until the box is ticked", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/competitions/${draftId}`);
    const publish = page.getByTestId("publish");
    // an old browser may ignore `required`: the server refuses on its own
    await publish.locator('input[name="confirm"]').evaluate((box) => box.removeAttribute("required"));
    await Promise.all([page.waitForLoadState("load"), publish.getByRole("button", { name: "发布大赛" }).click()]);
    await page.getByText("这项操作无法撤销，请先勾选确认。").first().waitFor();
    expect(await status()).toBe("draft");
    await page.getByTestId("publish").getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await Promise.all([page.waitForLoadState("load"), page.getByTestId("publish").getByRole("button", { name: "发布大赛" }).click()]);
    await page.getByTestId("competition-status").filter({ hasText: "已发布" }).waitFor();
    expect(await status()).toBe("published");
    await context.close();
  });
});
