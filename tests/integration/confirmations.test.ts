// Irreversible one-click actions (发布大赛, 提交评分, 发布公示, 拨付, 记录评估, 终止协议) need the ticked
// confirmation: without it the server answers 400 in Chinese on the confirmation and writes nothing,
// whether or not the browser ran JavaScript. The forms render the required checkbox.
import { t } from "~/i18n";
import * as competitionRoute from "~/routes/organizer.competitions.$id";
import * as sheetRoute from "~/routes/expert.assignments.$id";
import * as financeAgreementRoute from "~/routes/organizer.finance.agreements.$agreementId";
import * as noticesRoute from "~/routes/organizer.notices._index";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { assign, createProposalRow, createReviewWorld, fullSheet } from "../support/factories-review";
import { renderAfterPost, renderPage } from "../support/render";
import { releaseSigningTranche, submitMilestoneReport } from "~/services/milestones.server";

const ctx = useFreshDatabase();

async function post(route: { action: (args: any) => unknown }, userId: number, url: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(route.action, await requestAs(userId, url, { method: "POST", body: formBody(fields) }), params);
}

async function refusedOnConfirm(response: Response) {
  expect(response.status).toBe(400);
  expect((await response.json()).fieldErrors.confirm).toBe("shell.confirm.required");
}

const CHECKBOX = /<input[^>]*type="checkbox"[^>]*name="confirm"[^>]*value="yes"/;

describe("confirmation of irreversible actions", () => {
  it("拨付 and 终止协议 without the ticked box pay nothing and end nothing; ticked, they go through", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    const url = `/organizer/finance/agreements/${a.agreementId}`;
    const params = { agreementId: String(a.agreementId) };
    const html = await renderPage(financeAgreementRoute, await requestAs(world.organizer.id, url), "/organizer/finance/agreements/:agreementId");
    expect(html).toMatch(CHECKBOX);
    expect(html).toContain(t("shell.confirm.check"));

    await refusedOnConfirm(await post(financeAgreementRoute, world.organizer.id, url, { intent: "release", milestoneId: String(a.milestones[0].id) }, params));
    await refusedOnConfirm(await post(financeAgreementRoute, world.organizer.id, url, { intent: "evaluate", milestoneId: String(a.milestones[1].id), score: "90", note: "好" }, params));
    await refusedOnConfirm(await post(financeAgreementRoute, world.organizer.id, url, { intent: "terminate", reason: "机构解散" }, params));
    await refusedOnConfirm(await post(financeAgreementRoute, world.organizer.id, url, { intent: "release", milestoneId: String(a.milestones[0].id), confirm: "on" }, params));
    expect(await ctx.db.selectFrom("ledger_entries").select("id").where("kind", "=", "tranche").execute()).toHaveLength(0);
    expect(await ctx.db.selectFrom("milestone_evaluations").select("id").execute()).toHaveLength(0);
    expect((await ctx.db.selectFrom("agreements").select("status").where("id", "=", a.agreementId).executeTakeFirstOrThrow()).status).toBe("signed");

    const paid = await post(financeAgreementRoute, world.organizer.id, url, { intent: "release", milestoneId: String(a.milestones[0].id), confirm: "yes" }, params);
    expect(paid.status).toBe(302);
    expect(await ctx.db.selectFrom("ledger_entries").select("id").where("kind", "=", "tranche").execute()).toHaveLength(1);
  });

  it("发布大赛 without the ticked box leaves the competition a draft", async () => {
    const { competition } = await createCompetition(ctx.db);
    await ctx.db.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
    const organizer = await createUser(ctx.db, "organizer");
    const url = `/organizer/competitions/${competition.id}`;
    const html = await renderPage(competitionRoute, await requestAs(organizer.id, url), "/organizer/competitions/:id");
    expect(html).toMatch(CHECKBOX);
    await refusedOnConfirm(await post(competitionRoute, organizer.id, url, { intent: "publish" }, { id: String(competition.id) }));
    expect((await ctx.db.selectFrom("competitions").select("status").where("id", "=", competition.id).executeTakeFirstOrThrow()).status).toBe("draft");
  });

  it("发布公示 without the ticked box publishes no notice", async () => {
    const w = await createReviewWorld(ctx.db);
    await refusedOnConfirm(await post(noticesRoute, w.organizer.id, "/organizer/notices", { competitionId: String(w.competition.id), title: "拟资助项目公示", note: "" }));
    expect(await ctx.db.selectFrom("notices").select("id").execute()).toHaveLength(0);
  });

  it("提交评分 without the ticked box keeps the sheet open and every typed score; 保存草稿 needs no confirmation", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 1 });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
    const url = `/expert/assignments/${assignmentId}`;
    const params = { id: String(assignmentId) };
    const html = await renderPage(sheetRoute, await requestAs(w.experts[0].id, url), "/expert/assignments/:id");
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*name="confirm"/);
    const refused = await post(sheetRoute, w.experts[0].id, url, { ...fullSheet(0.8), intent: "submit" }, params);
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors.confirm).toBe("shell.confirm.required");
    expect(body.values.criteria).toBeTruthy();
    expect(await ctx.db.selectFrom("scores").select("status").where("assignment_id", "=", assignmentId).executeTakeFirst()).toBeUndefined();
    const draft = await post(sheetRoute, w.experts[0].id, url, { ...fullSheet(0.8), intent: "save-draft" }, params);
    expect(draft.status).toBe(200);
    const submitted = await post(sheetRoute, w.experts[0].id, url, { ...fullSheet(0.8), intent: "submit", confirm: "yes" }, params);
    expect(submitted.status).toBe(200);
    expect((await ctx.db.selectFrom("scores").select("status").where("assignment_id", "=", assignmentId).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  describe("the error summary of a refused post links to the confirmation box", () => {
    /** The summary's link for the missing tick, and the checkbox it points at. */
    function expectSummaryFocusesConfirm(html: string) {
      const summary = html.match(/<div class="error-summary"[^>]*autofocus=""[^>]*>([\s\S]*?)<\/div>/);
      expect(summary, "a server-rendered summary that takes focus").not.toBeNull();
      const link = summary![1].match(new RegExp(`<a href="#([^"]+)">${t("shell.confirm.required")}</a>`));
      expect(link, "the summary names the missing confirmation").not.toBeNull();
      expect(html).toMatch(new RegExp(`<input[^>]*id="${link![1]}"[^>]*type="checkbox"[^>]*name="confirm"`));
      return link![1];
    }

    it("拨付, 记录评估 and 终止协议 on one agreement page: each summary points at its own form's box", async () => {
      const world = await createFinanceWorld(ctx.db);
      await fundPool(ctx.db, world, 20_000_000);
      const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
      const url = `/organizer/finance/agreements/${a.agreementId}`;
      const pattern = "/organizer/finance/agreements/:agreementId";
      const send = async (fields: Record<string, string>) => renderAfterPost(financeAgreementRoute, await requestAs(world.organizer.id, url, { method: "POST", body: formBody(fields) }), pattern);

      const release = expectSummaryFocusesConfirm(await send({ intent: "release", milestoneId: String(a.milestones[0].id) }));
      const terminate = expectSummaryFocusesConfirm(await send({ intent: "terminate", reason: "机构已注销" }));
      expect(release).not.toBe(terminate);

      await releaseSigningTranche(ctx.db, { id: world.organizer.id, role: "organizer" }, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
      const applicant = await ctx.db.selectFrom("users").select(["id", "role"]).where("id", "=", a.applicantId).executeTakeFirstOrThrow();
      await submitMilestoneReport(ctx.db, applicant, { milestoneId: String(a.milestones[1].id), summary: "开展助老课堂十二次，服务 360 人次" }, [], new Date("2021-09-01T02:00:00Z"));
      const evaluated = await send({ intent: "evaluate", milestoneId: String(a.milestones[1].id), score: "abc", note: "课堂记录齐全", confirm: "yes" });
      // a refused score links to this milestone's own score input, and the summary keeps the tick's message
      expect(evaluated).toMatch(new RegExp(`<a href="#score-${a.milestones[1].id}">`));
      expect(evaluated).toMatch(new RegExp(`<input[^>]*id="score-${a.milestones[1].id}"`));
      expectSummaryFocusesConfirm(await send({ intent: "evaluate", milestoneId: String(a.milestones[1].id), score: "90", note: "课堂记录齐全" }));
      expect(await ctx.db.selectFrom("milestone_evaluations").select("id").execute()).toHaveLength(0);
    });

    it("发布大赛 without the tick", async () => {
      const { competition } = await createCompetition(ctx.db);
      await ctx.db.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
      const organizer = await createUser(ctx.db, "organizer");
      const url = `/organizer/competitions/${competition.id}`;
      const html = await renderAfterPost(competitionRoute, await requestAs(organizer.id, url, { method: "POST", body: formBody({ intent: "publish" }) }), "/organizer/competitions/:id");
      expectSummaryFocusesConfirm(html);
    });

    it("发布公示 and 提交评分 without the tick", async () => {
      const w = await createReviewWorld(ctx.db, { experts: 1 });
      const notice = await renderAfterPost(noticesRoute, await requestAs(w.organizer.id, "/organizer/notices", { method: "POST", body: formBody({ competitionId: String(w.competition.id), title: "拟资助项目公示", note: "" }) }));
      expectSummaryFocusesConfirm(notice);
      const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
      const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
      const sheet = await renderAfterPost(sheetRoute, await requestAs(w.experts[0].id, `/expert/assignments/${assignmentId}`, { method: "POST", body: formBody({ ...fullSheet(0.8), intent: "submit" }) }), "/expert/assignments/:id");
      expectSummaryFocusesConfirm(sheet);
    });
  });
});
