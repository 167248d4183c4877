// Rehearsal mode (演练) in a real browser, from registration to the first payment without waiting:
// the organizer creates a rehearsal and advances its clock with the buttons; the applicant submits,
// the reviewer passes it, the panel scores it, the organizer publishes the notice, both parties sign
// and the first tranche is paid. Every page of the rehearsal is marked 演练 and none of it is public.
// (The applicant's profile and proposal text, and the ten expert scores, are entered through the same
// services the forms call; their forms have browser tests of their own.)
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { runAssignment } from "../../app/services/assignments.server";
import { loadCoverage, saveYearSchedule } from "../../app/services/calendar.server";
import { saveScore } from "../../app/services/scores.server";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { TEST_PASSWORD } from "../support/factories";
import { createPanel } from "../support/factories-notice";
import { createApplicantWithProposal } from "../support/factories-registration";
import { baseURL, launchBrowser, login, logout } from "./browser";

let browser: Browser;
let db: DB;
const tag = Date.now().toString(36);
const name = `培训${tag}`;

/** Test data in the shape of a State Council notice: a rehearsal started in December pays its first
 * tranche 15 working days after signing, in the next year, which the calendar must know first. */
async function ensureNextYearSchedule() {
  const next = new Date().getUTCFullYear() + 1;
  const coverage = await loadCoverage(db);
  if (coverage.covered.includes(next)) return;
  const organizer = await db.selectFrom("users").select("id").where("username", "=", "organizer").executeTakeFirstOrThrow();
  const result = await saveYearSchedule(
    db,
    { id: organizer.id, role: "organizer" },
    { year: String(next), source: "浏览器测试用放假安排（测试数据）", holidays: [{ name: "元旦", from: `${next}-01-01`, to: `${next}-01-01` }], workdays: [] },
    new Date(),
  );
  expect(result).toMatchObject({ ok: true });
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  await ensureNextYearSchedule();
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

/** Clicks one of the rehearsal's clock buttons and waits for the page to confirm the new time. */
async function advance(page: Page, slug: string, button: string, stage: string | RegExp) {
  await page.goto(`${baseURL()}/organizer/rehearsal`);
  const card = page.locator(`[data-testid=rehearsal][data-slug="${slug}"]`);
  await card.getByRole("button", { name: button }).click();
  await card.getByText("时钟已推进到").waitFor();
  await card.getByTestId("rehearsal-stage").filter({ hasText: stage }).waitFor();
}

const rubric90 = { need: "18", design: "22.5", innovation: "13.5", budget: "13.5", capacity: "13.5", sustainability: "9" };

describe("a rehearsal competition, start to first payment", () => {
  it("runs registration → 初审 → scoring → notice → signing → first tranche in minutes", async () => {
    const organizerPage = await browser.newPage();
    await login(organizerPage, "organizer", DEMO_PASSWORD);

    // 1. The organizer creates the rehearsal.
    await organizerPage.goto(`${baseURL()}/organizer/rehearsal`);
    await hydrated(organizerPage);
    await organizerPage.getByLabel("演练名称（可不填）").fill(name);
    await organizerPage.getByRole("button", { name: "新建演练大赛" }).click();
    await organizerPage.getByText("演练大赛已创建，报名已开放。").waitFor();
    const competition = await db.selectFrom("competitions").selectAll().where("name", "=", `【演练】${name}`).executeTakeFirstOrThrow();
    expect(competition.is_rehearsal).toBe(1);
    const slug = competition.slug;
    await organizerPage.locator(`[data-testid=rehearsal][data-slug="${slug}"]`).getByTestId("rehearsal-stage").filter({ hasText: "申报报名" }).waitFor();

    // 2. An applicant submits a proposal in it; the page says it is a rehearsal.
    const draft = await createApplicantWithProposal(db, competition, { status: "draft", organizationName: `长安区演练社工服务中心${tag}` });
    const applicant = await db.selectFrom("users").select("username").where("id", "=", draft.applicantId).executeTakeFirstOrThrow();
    const applicantPage = await browser.newPage();
    await login(applicantPage, applicant.username, TEST_PASSWORD);
    await applicantPage.goto(`${baseURL()}/applicant/proposals/${draft.proposalId}`);
    await applicantPage.getByTestId("rehearsal-banner").waitFor();
    await hydrated(applicantPage);
    await Promise.all([applicantPage.waitForURL(/submitted=1/), applicantPage.getByRole("button", { name: "提交申报" }).click()]);
    await applicantPage.getByTestId("proposal-status").getByText("已提交").waitFor();

    // 3. Registration ends at the press of a button: a second submission would now be refused.
    await advance(organizerPage, slug, "推进到报名截止后", "初审");

    // 4. The reviewer passes it in 初审, on a page marked 演练.
    const reviewerPage = await browser.newPage();
    await login(reviewerPage, "reviewer", DEMO_PASSWORD);
    await reviewerPage.goto(`${baseURL()}/review?competition=${slug}`);
    await reviewerPage.getByTestId("rehearsal-banner").waitFor();
    await reviewerPage.locator(`[data-testid=review-queue-row][data-proposal-id="${draft.proposalId}"] a`).click();
    await reviewerPage.getByTestId("review-decide").waitFor();
    await hydrated(reviewerPage);
    for (const box of await reviewerPage.locator('[data-testid=review-decide] input[type=checkbox]').all()) await box.check();
    await reviewerPage.getByRole("radio", { name: "通过", exact: true }).check();
    await reviewerPage.getByRole("button", { name: "提交初审结论" }).click();
    await reviewerPage.getByTestId("review-decided").waitFor();
    await reviewerPage.close();

    // 5. The clock moves to expert review; the panel is drawn and scores (both rounds).
    await advance(organizerPage, slug, "推进到初审结束后", "专家审核");
    const organizer = await db.selectFrom("users").select(["id", "role"]).where("username", "=", "organizer").executeTakeFirstOrThrow();
    const experts = await createPanel(db, competition.id, organizer.id);
    const proposal = await db.selectFrom("proposals").select(["division_id", "status"]).where("id", "=", draft.proposalId).executeTakeFirstOrThrow();
    expect(proposal.status).toBe("passed");
    for (const round of ["desk", "live"]) {
      const run = await runAssignment(db, organizer, { competitionId: competition.id, divisionId: proposal.division_id, round }, new Date());
      if (!run.ok) throw new Error(JSON.stringify(run));
    }
    const assignments = await db.selectFrom("assignments").select(["id", "expert_id"]).where("competition_id", "=", competition.id).where("active", "=", 1).execute();
    expect(assignments).toHaveLength(experts.length * 2);
    for (const a of assignments) {
      const saved = await saveScore(db, { id: a.expert_id, role: "expert" }, a.id, { criteria: rubric90, comment: "演练评分：设计完整，预算合理。" }, "submit", new Date());
      if (!saved.ok) throw new Error(JSON.stringify(saved));
    }

    // 6. Review ends; the organizer publishes the notice, which is marked 演练 too.
    await advance(organizerPage, slug, "推进到专家评审结束后", "确定实施方案");
    await organizerPage.goto(`${baseURL()}/organizer/notices?competition=${slug}`);
    await organizerPage.getByTestId("rehearsal-banner").waitFor();
    await organizerPage.locator("form.stack").getByLabel("我已核对，确认执行此操作（无法撤销）").check(); // 发布公示 cannot be undone
    await organizerPage.locator("form.stack button[type=submit]").click();
    const published = organizerPage.getByTestId("notice-published");
    await published.waitFor();
    const noticePath = (await published.getByRole("link").getAttribute("href"))!;
    const publicPage = await browser.newPage();
    await publicPage.goto(`${baseURL()}${noticePath}`);
    await publicPage.getByTestId("rehearsal-banner").waitFor();
    expect(await publicPage.getByTestId("notice-window").textContent()).toContain("公示期内");

    // 7. The notice period ends at once; agreements are generated and signed by both parties.
    await advance(organizerPage, slug, "推进到公示期结束后", "签订协议");
    await publicPage.reload();
    expect(await publicPage.getByTestId("notice-window").textContent()).not.toContain("公示期内");
    await organizerPage.goto(`${baseURL()}/organizer/agreements?competition=${slug}`);
    await organizerPage.getByRole("button", { name: "生成协议" }).click();
    await organizerPage.getByTestId("agreements-generated").waitFor();
    const agreement = await db.selectFrom("agreements").select("id").where("proposal_id", "=", draft.proposalId).executeTakeFirstOrThrow();

    await applicantPage.goto(`${baseURL()}/applicant/agreements/${agreement.id}`);
    await applicantPage.getByLabel("登录密码").fill(TEST_PASSWORD);
    await applicantPage.getByLabel("我已阅读并同意协议全文").check();
    await applicantPage.getByRole("button", { name: "确认签署" }).click();
    await applicantPage.getByText("已签署").first().waitFor();
    await logout(applicantPage);
    await applicantPage.close();

    await organizerPage.goto(`${baseURL()}/organizer/agreements/${agreement.id}`);
    await organizerPage.getByLabel("登录密码").fill(DEMO_PASSWORD);
    await organizerPage.getByLabel("我已阅读并同意协议全文").check();
    await organizerPage.getByRole("button", { name: "确认签署" }).click();
    await organizerPage.getByText("已签署").first().waitFor();
    expect((await db.selectFrom("agreements").select("status").where("id", "=", agreement.id).executeTakeFirstOrThrow()).status).toBe("signed");

    // 8. The first tranche is paid from the rehearsal's own (simulated) pool.
    await organizerPage.goto(`${baseURL()}/organizer/finance/agreements/${agreement.id}`);
    await organizerPage.getByTestId("milestone-1").getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await Promise.all([organizerPage.waitForURL(/done=release/), organizerPage.getByRole("button", { name: "拨付首期款" }).click()]);
    await organizerPage.getByTestId("done").waitFor();
    expect(await organizerPage.getByTestId("milestone-1").textContent()).toContain("已拨付");
    await organizerPage.close();

    // None of it is public: not on the archive, the current notices, or the transparency page.
    await publicPage.goto(`${baseURL()}/competitions`);
    expect(await publicPage.locator("main").textContent()).not.toContain(name);
    await publicPage.goto(`${baseURL()}/transparency`);
    expect(await publicPage.locator("main").textContent()).not.toContain(name);
    expect((await publicPage.goto(`${baseURL()}/competitions/${slug}/transparency`))?.status()).toBe(404);
    await publicPage.close();
  });
});
