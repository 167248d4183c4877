// Registration in a real browser: a new applicant signs up, fills the profile, starts a proposal,
// fills it in Chinese (the budget cap is shown before anything is sent), uploads a PDF, submits and
// sees "已提交" with the frozen version on the timeline.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { CHANGAN_2021 } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { TEST_PASSWORD } from "../support/factories";
import { createApplicantWithProposal, validCreditCode } from "../support/factories-registration";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let competitionId: number;
let pdfPath: string;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  // Published and open now; dated 2020 so the home page keeps featuring the 2021 demo competition.
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.now() + d * day).toISOString();
  competitionId = await insertCompetition(
    db,
    {
      ...CHANGAN_2021, slug: `e2e-registration-${tag}`, name: `申报演练大赛${tag}`, year: 2020,
      registration_opens_at: at(-1), registration_closes_at: at(10), initial_review_ends_at: at(20),
      review_starts_at: at(21), review_ends_at: at(30), signing_ends_at: at(60), implementation_ends_at: at(300),
    },
    new Date(),
  );
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-e2e-pdf-")), "项目申报书.pdf");
  fs.writeFileSync(pdfPath, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  if (pdfPath) fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
});

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

describe("a new applicant registers and submits a proposal", () => {
  it("signs up, fills the profile and the proposal in Chinese, uploads a PDF, submits and sees 已提交", async () => {
    const page = await browser.newPage();
    const username = `shenbao${tag}`;

    await page.goto(`${baseURL()}/register`);
    await hydrated(page);
    await page.getByLabel("用户名", { exact: true }).fill(username);
    await page.getByLabel("单位或团队名称", { exact: true }).fill(`长安区暖心社工服务中心${tag}`);
    await page.getByLabel("手机号码", { exact: true }).fill("13812345678");
    await page.getByLabel("密码", { exact: true }).fill("Changan-2021-go");
    await page.getByLabel("确认密码", { exact: true }).fill("Changan-2021-go");
    await Promise.all([page.waitForURL(`${baseURL()}/applicant`), page.getByRole("button", { name: "注册并登录" }).click()]);
    await page.getByTestId("home-profile").getByText("尚未填写单位信息").waitFor();

    // the profile: a wrong check character is refused next to the field, then corrected
    await Promise.all([page.waitForURL(/\/applicant\/profile$/), page.getByRole("link", { name: "填写/修改单位信息" }).click()]);
    await hydrated(page);
    const code = validCreditCode(Date.now() % 1_000_000);
    await page.getByLabel("单位或团队名称", { exact: true }).fill(`长安区暖心社工服务中心${tag}`);
    await page.getByLabel("申报主体类型").selectOption("social_org");
    await byId(page, "creditCode").fill(code.slice(0, 17) + (code[17] === "0" ? "1" : "0"));
    await byId(page, "legalRep").fill("王芳");
    await byId(page, "contactName").fill("李娜");
    await byId(page, "contactMobile").fill("13912345678");
    await byId(page, "address").fill("西安市长安区韦曲街道青年路 12 号");
    await page.getByRole("button", { name: "保存单位信息" }).click();
    await page.locator('[data-field-error="creditCode"]').getByText("统一社会信用代码无效").waitFor();
    await byId(page, "creditCode").fill(code);
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "保存单位信息" }).click()]);

    // a new proposal in the open competition
    await page.goto(`${baseURL()}/applicant/proposals`);
    await Promise.all([
      page.waitForURL(/\/applicant\/proposals\/\d+$/),
      page.getByTestId(`open-competition-${competitionId}`).getByRole("button", { name: "新建申报" }).click(),
    ]);
    await hydrated(page);
    await page.getByLabel("项目名称").fill("“邻里守望”独居老人关爱计划");
    await page.getByLabel("赛区", { exact: true }).selectOption({ label: "韦曲赛区" });
    await page.getByLabel("项目类别").selectOption({ label: "敬老孝亲" });
    await page.getByLabel("服务小区/社区").fill("韦曲街道青年路社区");
    await page.getByLabel("受益对象", { exact: true }).fill("社区独居和空巢老人");
    await page.getByLabel("受益人数").fill("120");
    await page.getByLabel("项目目标").fill("一年内为 120 位独居老人建立结对关爱，每周至少探访一次。");
    // A list-wide message (no activity yet) shows above the list before anything is sent.
    const before = page.url();
    await page.getByRole("button", { name: "提交申报" }).click();
    await page.locator('[data-field-error="activities"]').getByText("请至少填写一项活动安排").waitFor();
    expect(page.url()).toBe(before);
    await byId(page, "activities.0.name").fill("志愿者结对探访");
    await byId(page, "activities.0.startOn").fill("2026-12-01");
    await byId(page, "activities.0.endOn").fill("2027-06-30");
    await byId(page, "activities.0.description").fill("每周上门探访，记录老人需求");
    await byId(page, "budget.0.category").selectOption("personnel");
    await byId(page, "budget.0.item").fill("社工劳务");
    await byId(page, "budget.0.amount").fill("20000");
    await byId(page, "budget.1.category").selectOption("activity");
    await byId(page, "budget.1.item").fill("探访与节日活动");
    await byId(page, "budget.1.amount").fill("30000");
    await page.getByLabel("申请资助金额（元）").fill("50000");

    // react-hook-form shows the cap, naming the line, before anything is sent
    await page.getByRole("button", { name: "提交申报" }).click();
    const capError = page.locator('[data-field-error="budget.0.amount"]');
    await capError.waitFor();
    expect(await capError.textContent()).toBe("人员劳务费（社工劳务）合计 20,000.00 元，占项目总预算 40.00%，超过上限 30%");
    expect(page.url()).toMatch(/\/applicant\/proposals\/\d+$/);

    await byId(page, "budget.0.amount").fill("15000");
    await byId(page, "budget.1.amount").fill("35000");
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "保存草稿" }).click()]);
    await page.getByText("草稿已保存").waitFor();

    await page.getByLabel("选择文件").setInputFiles(pdfPath);
    await Promise.all([page.waitForURL(/uploaded=1/), page.getByRole("button", { name: "上传附件" }).click()]);
    await page.getByTestId("attachments").getByRole("link", { name: "项目申报书.pdf" }).waitFor();

    const draft = await db.selectFrom("proposals").select(["status", "budget_json"]).where("competition_id", "=", competitionId).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(draft.status).toBe("draft");
    expect(JSON.parse(draft.budget_json).map((l: { amountFen: number }) => l.amountFen)).toEqual([1_500_000, 3_500_000]);
    await hydrated(page);
    await Promise.all([page.waitForURL(/submitted=1/), page.getByRole("button", { name: "提交申报" }).click()]);
    await page.getByTestId("proposal-status").getByText("已提交").waitFor();
    expect(await page.getByTestId("proposal-status").textContent()).toBe("已提交");
    expect(await page.getByTestId("proposal-readonly").count()).toBe(1);
    expect(await page.getByRole("button", { name: "提交申报" }).count()).toBe(0);
    expect(await page.getByTestId("timeline").textContent()).toContain("提交申报");
    expect(await page.getByTestId("versions").textContent()).toMatch(/第 1 版 .* SHA-256 [0-9a-f]{64}/);

    const stored = await db
      .selectFrom("proposals")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .innerJoin("users", "users.id", "organizations.user_id")
      .select(["proposals.status", "proposals.title", "organizations.credit_code"])
      .where("users.username", "=", username)
      .execute();
    expect(stored).toEqual([{ status: "submitted", title: "“邻里守望”独居老人关爱计划", credit_code: code }]);
    await page.close();
  });
});

describe("without JavaScript", () => {
  it("the server refuses a personnel share over the cap next to that line, keeps what was typed, and submits nothing", async () => {
    const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirstOrThrow();
    const made = await createApplicantWithProposal(db, competition, { status: "draft" });
    const user = await db.selectFrom("users").select("username").where("id", "=", made.applicantId).executeTakeFirstOrThrow();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, user.username, TEST_PASSWORD);
    await page.goto(`${baseURL()}/applicant/proposals/${made.proposalId}`);
    // 40 % personnel: 20 000 of 50 000 元
    await byId(page, "budget.0.amount").fill("20000");
    await byId(page, "budget.1.amount").fill("30000");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "提交申报" }).click()]);
    const message = page.locator('[data-field-error="budget.0.amount"]');
    await message.waitFor();
    expect(await message.textContent()).toBe("人员劳务费（社工劳务）合计 20,000.00 元，占项目总预算 40.00%，超过上限 30%");
    expect(await byId(page, "budget.0.amount").inputValue()).toBe("20000");
    expect(await page.getByTestId("proposal-status").textContent()).toBe("草稿");
    const stored = await db.selectFrom("proposals").select("status").where("id", "=", made.proposalId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("draft");
    await context.close();
  });
});
