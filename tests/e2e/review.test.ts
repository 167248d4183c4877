// Expert scoring in a real browser: an expert saves a draft and submits the score of an assigned
// proposal (which then locks), and the organizer's ranking shows the proposal's new final score.
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { CHANGAN_2021, DEMO_PASSWORD } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { TEST_PASSWORD, createUser } from "../support/factories";
import { createApplicantOrg } from "../support/factories-notice";
import { inviteExpert } from "../../app/services/experts.server";
import { baseURL, launchBrowser, login, logout } from "./browser";

let browser: Browser;
let db: DB;
let competitionId: number;
let proposalId: number;
let assignmentId: number;
let submittedId: number;
const tag = Date.now().toString(36);
const expertUsername = `e2e-expert-${tag}`;
const title = `银龄助餐${tag}`;

/** 80 points over the default rubric (need 20, design 25, innovation 15, budget 15, capacity 15, sustainability 10). */
const EIGHTY = { need: 1600, design: 2000, innovation: 1200, budget: 1200, capacity: 1200, sustainability: 800 };

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  // A competition in its expert-review stage (kept a draft so the home page still features the demo),
  // one desk round averaged plainly, so that four scores of 80 and one of 90 make 82.00.
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.now() + d * day).toISOString();
  competitionId = await insertCompetition(
    db,
    {
      ...CHANGAN_2021, slug: `e2e-review-${tag}`, name: `评审演练大赛${tag}`, status: "draft" as unknown as "published",
      registration_opens_at: at(-60), registration_closes_at: at(-40), initial_review_ends_at: at(-30),
      review_starts_at: at(-1), review_ends_at: at(10), signing_ends_at: at(40), implementation_ends_at: at(200),
      rules: { ...CHANGAN_2021.rules, review: { ...CHANGAN_2021.rules.review, blind: true, aggregation: "mean", rounds: [{ round: "desk", weightPercent: 100 }] } },
    },
    new Date(),
  );
  const organizer = await db.selectFrom("users").select("id").where("username", "=", "organizer").executeTakeFirstOrThrow();
  const division = await db.selectFrom("divisions").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").executeTakeFirstOrThrow();
  const category = await db.selectFrom("categories").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").executeTakeFirstOrThrow();
  const { organizationId } = await createApplicantOrg(db, { name: `长安区${title}服务社` });
  const now = new Date().toISOString();
  proposalId = (
    await db
      .insertInto("proposals")
      .values({
        competition_id: competitionId, organization_id: organizationId, division_id: division.id, category_id: category.id, status: "passed", title,
        community: "韦曲街道某社区", beneficiaries: "社区高龄独居老人", beneficiary_count: 60, goals: "每天为高龄老人提供一餐热饭并上门探访",
        activities_json: "[]", budget_json: "[]", requested_fen: 5_000_000, self_raised_fen: 0, version: 1,
        first_submitted_at: at(-45), last_submitted_at: at(-45), correction_deadline_at: null, created_at: at(-50), updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  submittedId = (
    await db
      .insertInto("proposals")
      .values({
        competition_id: competitionId, organization_id: (await createApplicantOrg(db)).organizationId, division_id: division.id, category_id: category.id,
        status: "submitted", title: `睦邻议事${tag}`, community: "郭杜街道某社区", beneficiaries: "社区居民", beneficiary_count: 200, goals: "建立居民议事会",
        activities_json: "[]", budget_json: "[]", requested_fen: 3_000_000, self_raised_fen: 0, version: 1,
        first_submitted_at: at(-45), last_submitted_at: at(-45), correction_deadline_at: null, created_at: at(-50), updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const expert = await createUser(db, "expert", { username: expertUsername, display_name: `评审专家${tag}` });
  const others = [];
  for (let i = 0; i < 4; i++) others.push(await createUser(db, "expert", { username: `e2e-panel-${tag}-${i}` }));
  for (const [i, e] of [expert, ...others].entries()) {
    await db
      .insertInto("expert_appointments")
      .values({ competition_id: competitionId, expert_id: e.id, division_id: null, letter_no: `E2E${tag}-PS-${String(i + 1).padStart(3, "0")}`, issued_at: now, issued_by: organizer.id })
      .execute();
    const assignment = await db
      .insertInto("assignments")
      .values({ competition_id: competitionId, proposal_id: proposalId, expert_id: e.id, round: "desk", run_id: null, active: 1, reason: "浏览器测试", created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (e.id === expert.id) {
      assignmentId = assignment.id;
      continue;
    }
    await db
      .insertInto("scores")
      .values({ assignment_id: assignment.id, criteria_json: JSON.stringify(EIGHTY), total_centi: 8000, comment: "需求明确，设计可行。", status: "submitted", submitted_at: now, updated_at: now })
      .execute();
  }
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

describe("expert scoring and the organizer's ranking", () => {
  it("the expert finds the assignment, saves a draft and submits the score, which then locks", async () => {
    const page = await browser.newPage();
    await login(page, expertUsername, TEST_PASSWORD);
    const row = page.locator(`[data-testid=assignment-row][data-assignment-id="${assignmentId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(title);
    expect(await row.textContent()).not.toContain("服务社"); // blind review hides the applicant
    await row.getByRole("link").click();
    await page.getByTestId("score-form").waitFor();
    expect(await page.getByTestId("blind-review").count()).toBe(1);

    await page.locator('input[name="criteria.need"]').fill("18");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByTestId("score-saved").filter({ hasText: "草稿已保存" }).waitFor();
    expect(await db.selectFrom("scores").select("status").where("assignment_id", "=", assignmentId).executeTakeFirst()).toEqual({ status: "draft" });

    // 90 points: 18 + 22.5 + 13.5 + 13.5 + 13.5 + 9
    await page.locator('input[name="criteria.design"]').fill("22.5");
    await page.locator('input[name="criteria.innovation"]').fill("13.5");
    await page.locator('input[name="criteria.budget"]').fill("13.5");
    await page.locator('input[name="criteria.capacity"]').fill("13.5");
    await page.locator('input[name="criteria.sustainability"]').fill("9");
    await page.locator('textarea[name="comment"]').fill("需求调研扎实，助餐与探访结合，预算较为合理。");
    await page.getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await page.getByRole("button", { name: "提交评分" }).click();
    await page.getByTestId("score-submitted").waitFor();
    expect(await page.getByTestId("score-total").textContent()).toContain("90.00");
    expect(await page.getByTestId("score-form").count()).toBe(0);

    await page.goto(`${baseURL()}/expert`);
    expect(await row.getByTestId("assignment-state").textContent()).toBe("已提交");
    await logout(page);
    await page.close();
  });

  it("the organizer sees the proposal's final score updated on the ranking", async () => {
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/ranking?competition=${competitionId}`);
    const score = page.locator(`[data-testid=ranking-row][data-proposal-id="${proposalId}"] [data-testid=final-score]`);
    await score.waitFor();
    expect((await score.textContent())?.trim()).toBe("82.00");
    await page.close();
  });
});

describe("初审 and expert invitations in the browser", () => {
  it("the reviewer is told instantly that a return needs reasons, then returns the proposal for 补正", async () => {
    const page = await browser.newPage();
    await login(page, "reviewer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/review?competition=${competitionId}`);
    await page.locator(`[data-testid=review-queue-row][data-proposal-id="${submittedId}"] a`).click();
    await page.getByTestId("review-decide").waitFor();
    await page.getByRole("radio", { name: "退回补正" }).check();
    await page.getByRole("button", { name: "提交初审结论" }).click();
    await page.locator("[data-field-error=reasons]").filter({ hasText: "请写明理由" }).waitFor();
    expect(await page.getByTestId("review-decided").count()).toBe(0);

    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await page.locator("textarea[name=reasons]").fill("缺少民办非企业单位登记证书扫描件，请补充后重新提交。");
    await page.locator("input[name=correctionDeadlineOn]").fill(deadline);
    await page.getByRole("button", { name: "提交初审结论" }).click();
    await page.getByTestId("review-decided").waitFor();
    expect(await page.getByTestId("proposal-status").textContent()).toContain("退回补正");
    expect(await page.getByTestId("review-history").textContent()).toContain("缺少民办非企业单位登记证书扫描件");
    await page.close();
  });

  it("an invited expert sets a password through the link once, logs in, and the link is then refused", async () => {
    const organizer = await db.selectFrom("users").select("id").where("username", "=", "organizer").executeTakeFirstOrThrow();
    const username = `prof-${tag}`;
    const invite = await inviteExpert(db, { id: organizer.id, role: "organizer" }, { username, displayName: `赵教授${tag}`, mobile: "" }, new Date());
    if (!invite.ok) throw new Error("invite failed");
    const page = await browser.newPage();
    const first = await page.goto(`${baseURL()}/invite/${invite.token}`);
    expect(first?.status()).toBe(200);
    expect(await page.locator("main").textContent()).toContain(`赵教授${tag}`);
    await page.getByLabel("设置密码", { exact: true }).fill("Changan-expert-21");
    await page.getByLabel("再次输入密码").fill("Changan-expert-22");
    await page.getByRole("button", { name: "设置密码" }).click();
    await page.locator("[data-field-error=confirm]").filter({ hasText: "两次输入的密码不一致" }).waitFor();
    await page.getByLabel("再次输入密码").fill("Changan-expert-21");
    await page.getByRole("button", { name: "设置密码" }).click();
    await page.getByTestId("invite-done").waitFor();

    await login(page, username, "Changan-expert-21");
    await page.getByTestId("home-expert").waitFor();
    await logout(page);
    const again = await page.goto(`${baseURL()}/invite/${invite.token}`);
    expect(again?.status()).toBe(410);
    expect(await page.getByTestId("invite-refused").textContent()).toContain("已使用");
    await page.close();
  });
});
