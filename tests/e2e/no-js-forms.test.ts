// Forms without JavaScript: every value is rendered by the server, so a saved draft and whatever was
// typed before a refused post come back in the fields (never a password), and 添加成员/添加一行 work as
// plain submits that re-render the form one row longer without saving anything. Tables turn into cards
// at 390 px with their column names, from labels the server set once per table.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { TEST_PASSWORD, createUser } from "../support/factories";
import { insertNotice } from "../support/factories-notice";
import { createApplicantWithProposal, uniqueUsername } from "../support/factories-registration";
import { assign, createProposalRow, createReviewWorld } from "../support/factories-review";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

beforeEach(async () => {
  context = await browser.newContext({ javaScriptEnabled: false });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

const byId = (id: string) => page.locator(`[id="${id}"]`);

async function post(button: string) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: button, exact: true }).click()]);
}

describe("without JavaScript", () => {
  it("the score sheet shows a saved draft and keeps every typed score after a refused submission", async () => {
    const world = await createReviewWorld(db, { experts: 1 });
    const { proposalId } = await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "passed" });
    const assignmentId = await assign(db, { competitionId: world.competition.id, proposalId, expertId: world.experts[0].id });
    await login(page, world.experts[0].username, TEST_PASSWORD);
    await page.goto(`${baseURL()}/expert/assignments/${assignmentId}`);

    await byId("criteria.need").fill("16");
    await byId("criteria.design").fill("20.5");
    await byId("comment").fill("需求调研扎实");
    await post("保存草稿");
    await page.getByTestId("score-saved").waitFor();
    // a fresh visit shows the stored draft in the fields
    await page.goto(`${baseURL()}/expert/assignments/${assignmentId}`);
    expect(await byId("criteria.need").inputValue()).toBe("16");
    expect(await byId("criteria.design").inputValue()).toBe("20.5");
    expect(await byId("comment").inputValue()).toBe("需求调研扎实");

    // submitting with one score over its maximum is refused; everything typed stays in place
    await byId("criteria.innovation").fill("99");
    await byId("criteria.budget").fill("12");
    await page.getByLabel("我已核对，确认执行此操作（无法撤销）").check(); // 提交评分 cannot be undone: the server wants the ticked confirmation
    await post("提交评分");
    await page.locator('[data-field-error="criteria.innovation"]').waitFor();
    expect(await byId("criteria.innovation").inputValue()).toBe("99");
    expect(await byId("criteria.budget").inputValue()).toBe("12");
    expect(await byId("criteria.need").inputValue()).toBe("16");
    expect(await byId("comment").inputValue()).toBe("需求调研扎实");
    const stored = await db.selectFrom("scores").select("status").where("assignment_id", "=", assignmentId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("draft");
  });

  it("a refused registration comes back filled in, except the passwords", async () => {
    const username = uniqueUsername("nojs");
    await page.goto(`${baseURL()}/register`);
    await byId("username").fill(username);
    await byId("displayName").fill("长安区无脚本测试服务社");
    await byId("mobile").fill("12345");
    await byId("password").fill("Good-pass-2021");
    await byId("confirmPassword").fill("Good-pass-2021");
    await post("注册并登录");
    await page.locator('[data-field-error="mobile"]').waitFor();
    expect(await byId("username").inputValue()).toBe(username);
    expect(await byId("displayName").inputValue()).toBe("长安区无脚本测试服务社");
    expect(await byId("mobile").inputValue()).toBe("12345");
    expect(await byId("password").inputValue()).toBe("");
    expect(await byId("confirmPassword").inputValue()).toBe("");
    expect(await page.content()).not.toContain("Good-pass-2021");
    expect(await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst()).toBeUndefined();
  });

  it("a refused objection comes back filled in and files nothing", async () => {
    const world = await createReviewWorld(db, { experts: 1 });
    const { proposalId } = await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "passed", title: "无脚本公示项目" });
    const day = 86_400_000;
    const shanghaiDay = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * day).toISOString().slice(0, 10);
    const noticeId = await insertNotice(db, {
      competitionId: world.competition.id, publishedBy: world.organizer.id, publishedAt: new Date(Date.now() - day).toISOString(),
      periodStartsOn: shanghaiDay(0), periodEndsOn: shanghaiDay(10), periodEndsAt: new Date(Date.now() + 10 * day).toISOString(),
      rows: [{ proposalId, title: "无脚本公示项目", approvedFen: 3_000_000 }],
    });
    await page.goto(`${baseURL()}/notices/${noticeId}/objection`);
    await byId("proposalId").selectOption(String(proposalId));
    await byId("name").fill("王秀兰");
    await byId("mobile").fill("139");
    await byId("relation").selectOption({ index: 1 });
    const relation = await byId("relation").inputValue();
    await byId("reasons").fill("该项目申报材料中的服务对象人数与实际不符，请核实。");
    await post("提交异议");
    await page.locator('[data-field-error="mobile"]').waitFor();
    expect(await byId("proposalId").inputValue()).toBe(String(proposalId));
    expect(await byId("name").inputValue()).toBe("王秀兰");
    expect(await byId("mobile").inputValue()).toBe("139");
    expect(await byId("relation").inputValue()).toBe(relation);
    expect(await byId("reasons").inputValue()).toBe("该项目申报材料中的服务对象人数与实际不符，请核实。");
    expect(await db.selectFrom("objections").select("id").where("notice_id", "=", noticeId).execute()).toEqual([]);
  });

  it("a refused initial-review decision keeps the reasons, the ticked checklist and the chosen decision", async () => {
    const world = await createReviewWorld(db, { experts: 1 });
    const { proposalId } = await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "submitted" });
    await login(page, world.reviewer.username, TEST_PASSWORD);
    await page.goto(`${baseURL()}/review/proposals/${proposalId}`);
    const boxes = page.locator('[data-testid="review-decide"] input[type="checkbox"]');
    await boxes.first().check();
    await page.locator('input[type="radio"][value="return"]').check();
    await byId("reasons").fill("预算表缺少人员劳务费明细，请补充后重新提交。");
    await post("提交初审结论");
    await page.locator("[data-field-error]").first().waitFor();
    expect(await byId("reasons").inputValue()).toBe("预算表缺少人员劳务费明细，请补充后重新提交。");
    expect(await page.locator('input[type="radio"][value="return"]').isChecked()).toBe(true);
    expect(await boxes.first().isChecked()).toBe(true);
    const stored = await db.selectFrom("proposals").select("status").where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("submitted");
  });

  it("添加成员 and 添加一行 add a row by submitting, keep what was typed and save nothing", async () => {
    const world = await createReviewWorld(db, { experts: 1 });
    const applicant = await createUser(db, "applicant", { username: uniqueUsername("nojsrows") });
    const competition = await db.selectFrom("competitions").selectAll().where("id", "=", world.competition.id).executeTakeFirstOrThrow();
    await db
      .updateTable("competitions")
      .set({ registration_opens_at: new Date(Date.now() - 86_400_000).toISOString(), registration_closes_at: new Date(Date.now() + 86_400_000).toISOString() })
      .where("id", "=", competition.id)
      .execute();
    const made = await createApplicantWithProposal(db, { ...competition, registration_opens_at: new Date(Date.now() - 86_400_000).toISOString(), registration_closes_at: new Date(Date.now() + 86_400_000).toISOString() }, { applicantId: applicant.id, applicantType: "resident_team", status: "draft" });
    await login(page, applicant.username, TEST_PASSWORD);

    await page.goto(`${baseURL()}/applicant/profile`);
    const memberRows = await page.locator('[data-testid^="member-row-"]').count();
    const last = memberRows - 1;
    await byId(`members.${last}.name`).fill("李建国");
    await byId("address").fill("韦曲街道新修改的地址");
    await post("添加成员");
    expect(await page.locator('[data-testid^="member-row-"]').count()).toBe(memberRows + 1);
    expect(await byId(`members.${last}.name`).inputValue()).toBe("李建国");
    expect(await byId(`members.${memberRows}.name`).inputValue()).toBe("");
    expect(await byId("address").inputValue()).toBe("韦曲街道新修改的地址");
    expect(await page.getByRole("alert").count()).toBe(0);
    const org = await db.selectFrom("organizations").select("address").where("id", "=", made.organizationId).executeTakeFirstOrThrow();
    expect(org.address).not.toBe("韦曲街道新修改的地址");

    await page.goto(`${baseURL()}/applicant/proposals/${made.proposalId}`);
    const budgetRows = await page.locator('[data-testid^="budget-row-"]').count();
    const activityRows = await page.locator('[data-testid^="activity-row-"]').count();
    await byId("title").fill("改过的项目名称");
    await Promise.all([page.waitForLoadState("load"), page.getByTestId("add-row-budget").click()]);
    expect(await page.locator('[data-testid^="budget-row-"]').count()).toBe(budgetRows + 1);
    expect(await page.locator('[data-testid^="activity-row-"]').count()).toBe(activityRows);
    expect(await byId("title").inputValue()).toBe("改过的项目名称");
    const proposal = await db.selectFrom("proposals").select("title").where("id", "=", made.proposalId).executeTakeFirstOrThrow();
    expect(proposal.title).not.toBe("改过的项目名称");
  });

  it("tables are cards at 390 px with each value beside its column name, and the page never scrolls sideways", async () => {
    const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    const world = await createReviewWorld(db, { experts: 1 });
    const rows = [];
    for (let i = 0; i < 3; i++) {
      const { proposalId } = await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "passed", title: `卡片项目${i}` });
      rows.push({ proposalId, title: `卡片项目${i}`, approvedFen: 3_000_000 });
      await assign(db, { competitionId: world.competition.id, proposalId, expertId: world.experts[0].id });
    }
    const noticeId = await insertNotice(db, { competitionId: world.competition.id, publishedBy: world.organizer.id, rows });
    const cardOf = (selector: string) =>
      p.evaluate((sel) => {
        const cell = document.querySelector(sel) as HTMLElement;
        const row = cell.closest("tr") as HTMLElement;
        const doc = document.documentElement;
        return {
          rowDisplay: getComputedStyle(row).display,
          label: getComputedStyle(cell, "::before").content,
          perCellLabels: document.querySelectorAll("tbody [data-label]").length,
          sideways: doc.scrollWidth > doc.clientWidth,
        };
      }, selector);

    await p.goto(`${baseURL()}/notices/${noticeId}`);
    const notice = await cardOf('[data-testid="notice-rows"] tbody td:nth-child(4)');
    expect(notice).toEqual({ rowDisplay: "block", label: '"项目名称"', perCellLabels: 0, sideways: false });

    await login(p, world.experts[0].username, TEST_PASSWORD);
    await p.goto(`${baseURL()}/expert`);
    const expert = await cardOf("main table tbody td:nth-child(2)");
    expect(expert.rowDisplay).toBe("block");
    expect(expert.label).not.toBe("none");
    expect(expert.label.length).toBeGreaterThan(2);
    expect(expert.sideways).toBe(false);
    await phone.close();
  });
});
