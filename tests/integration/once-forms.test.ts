// A create-form posted twice — a double click, the back button and resend, two racing requests — makes
// one record, and the second post gets the first one's answer (issue 14: 保存认捐 twice made two pledges).
import { FORM_KEY_FIELD } from "~/domain/form-key";
import * as contributionsRoute from "~/routes/organizer.finance.contributions";
import * as financeAgreementRoute from "~/routes/organizer.finance.agreements.$agreementId";
import * as proposalRoute from "~/routes/applicant.proposals.$id";
import * as proposalsRoute from "~/routes/applicant.proposals._index";
import * as rehearsalRoute from "~/routes/organizer.rehearsal";
import * as myMilestonesRoute from "~/routes/applicant.milestones";
import * as competitionRoute from "~/routes/organizer.competitions.$id";
import * as assignmentsRoute from "~/routes/organizer.assignments";
import * as noticeDeskRoute from "~/routes/organizer.notices._index";
import { assign, createProposalRow, createReviewWorld, fullSheet } from "../support/factories-review";
import * as sheetRoute from "~/routes/expert.assignments.$id";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { createApplicantWithProposal, proposalFormFields, validContent } from "../support/factories-registration";
import { renderPage } from "../support/render";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import { fileObjection } from "~/services/objections.server";
import { releaseSigningTranche } from "~/services/milestones.server";

const ctx = useFreshDatabase();

async function post(route: { action: (args: any) => unknown }, userId: number, url: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(route.action, await requestAs(userId, url, { method: "POST", body: formBody(fields) }), params);
}

/** The one-time key the page rendered into its form. */
function keyIn(html: string): string {
  const m = html.match(new RegExp(`name="${FORM_KEY_FIELD}" value="([^"]+)"`));
  if (!m) throw new Error("the form carries no one-time key");
  return m[1];
}

async function pledgeWorld() {
  const world = await createFinanceWorld(ctx.db);
  const sponsor = await ctx.db.insertInto("sponsors").values({ name: "陕西某建设集团", contact: "张经理", user_id: null }).returning("id").executeTakeFirstOrThrow();
  const page = await renderPage(contributionsRoute, await requestAs(world.organizer.id, `/organizer/finance/contributions?competition=${world.competition.slug}`));
  const fields = { intent: "pledge", competitionId: String(world.competition.id), sponsorId: String(sponsor.id), amount: "50000", pledgedOn: "2021-05-01", [FORM_KEY_FIELD]: keyIn(page) };
  return { world, fields };
}

const pledges = () => ctx.db.selectFrom("contributions").select("id").execute();

describe("one-time forms", () => {
  it("保存认捐 posted twice from one rendered form records one pledge, and both posts land on the same page", async () => {
    const { world, fields } = await pledgeWorld();
    const first = await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields);
    const second = await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await pledges()).toHaveLength(1);
    const audit = await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "contribution.pledged").execute();
    expect(audit).toHaveLength(1);
  });

  it("two racing posts of one pledge form record one pledge", async () => {
    const { world, fields } = await pledgeWorld();
    const responses = await Promise.all(Array.from({ length: 4 }, () => post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields)));
    expect(responses.map((r) => r.status)).toEqual([302, 302, 302, 302]);
    expect(await pledges()).toHaveLength(1);
  });

  it("a freshly rendered form records a second pledge (a new key is a new intention)", async () => {
    const { world, fields } = await pledgeWorld();
    await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields);
    const again = await renderPage(contributionsRoute, await requestAs(world.organizer.id, `/organizer/finance/contributions?competition=${world.competition.slug}`));
    expect(keyIn(again)).not.toBe(fields[FORM_KEY_FIELD]);
    await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", { ...fields, [FORM_KEY_FIELD]: keyIn(again) });
    expect(await pledges()).toHaveLength(2);
  });

  it("a refused post does not use up its key: corrected and sent again, it is recorded once", async () => {
    const { world, fields } = await pledgeWorld();
    const refused = await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", { ...fields, amount: "壹万" });
    expect(refused.status).toBe(400);
    expect(await pledges()).toHaveLength(0);
    expect((await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields)).status).toBe(302);
    expect((await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields)).status).toBe(302);
    expect(await pledges()).toHaveLength(1);
  });

  it("another organizer's post with the same key is that organizer's own pledge", async () => {
    const { world, fields } = await pledgeWorld();
    const other = await createUser(ctx.db, "organizer");
    await post(contributionsRoute, world.organizer.id, "/organizer/finance/contributions", fields);
    await post(contributionsRoute, other.id, "/organizer/finance/contributions", fields);
    expect(await pledges()).toHaveLength(2);
  });

  it("拨付 of the signing tranche clicked twice (and raced) pays once and answers both as done", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    const url = `/organizer/finance/agreements/${a.agreementId}`;
    const params = { agreementId: String(a.agreementId) };
    const detail = await (await callRoute(financeAgreementRoute.loader, await requestAs(world.organizer.id, url), params)).json();
    const fields = { intent: "release", milestoneId: String(a.milestones[0].id), [FORM_KEY_FIELD]: detail.requestKey, confirm: "yes" };
    const responses = await Promise.all([0, 1, 2].map(() => post(financeAgreementRoute, world.organizer.id, url, fields, params)));
    expect(responses.map((r) => r.status)).toEqual([302, 302, 302]);
    const entries = await ctx.db.selectFrom("ledger_entries").select("id").where("kind", "=", "tranche").execute();
    expect(entries).toHaveLength(1);
  });

  it("提交 of a proposal sent twice freezes one version and both posts show it submitted", async () => {
    const fixture = await createCompetition(ctx.db, { openRegistration: true });
    const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft" });
    const url = `/applicant/proposals/${made.proposalId}`;
    const params = { id: String(made.proposalId) };
    const page = await renderPage(proposalRoute, await requestAs(made.applicantId, url), "/applicant/proposals/:id");
    const fields = { ...proposalFormFields(validContent(fixture)), intent: "submit", [FORM_KEY_FIELD]: keyIn(page) };
    const [first, second] = await Promise.all([post(proposalRoute, made.applicantId, url, fields, params), post(proposalRoute, made.applicantId, url, fields, params)]);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const versions = await ctx.db.selectFrom("proposal_versions").select("id").where("proposal_id", "=", made.proposalId).execute();
    expect(versions).toHaveLength(1);
  });

  it("新建申报 clicked twice starts one draft", async () => {
    const fixture = await createCompetition(ctx.db, { openRegistration: true });
    const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft" });
    const page = await renderPage(proposalsRoute, await requestAs(made.applicantId, "/applicant/proposals"));
    const fields = { competitionId: String(fixture.competition.id), [FORM_KEY_FIELD]: keyIn(page) };
    const before = (await ctx.db.selectFrom("proposals").select("id").execute()).length;
    const [a, b] = await Promise.all([post(proposalsRoute, made.applicantId, "/applicant/proposals", fields), post(proposalsRoute, made.applicantId, "/applicant/proposals", fields)]);
    expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    expect((await ctx.db.selectFrom("proposals").select("id").execute()).length).toBe(before + 1);
  });

  it("提交异议 sent twice from one form files one objection; another person's objection from the same (cached) form is their own", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const noticeId = await insertNotice(ctx.db, {
      competitionId: w.competition.id, publishedBy: w.organizer.id, publishedAt: "2021-07-05T02:00:00.000Z", periodEndsAt: "2021-07-12T15:59:59.999Z",
      rows: w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 })),
    });
    const now = new Date("2021-07-08T02:00:00Z");
    const fields = { proposalId: String(w.proposals[0].proposalId), name: "张三丰", mobile: "13912345678", relation: "resident", reasons: "该项目申报材料中所列的服务场地实际并不存在，社区居委会并未同意提供场地。", website: "", [FORM_KEY_FIELD]: "0b7c4f7e-5d1a-4c1e-9a55-3f0f3c2b9d11" };
    const [a, b] = await Promise.all([fileObjection(ctx.db, noticeId, fields, null, now, "client-a"), fileObjection(ctx.db, noticeId, fields, null, now, "client-a")]);
    expect(a).toEqual(b);
    expect(await ctx.db.selectFrom("objections").select("id").execute()).toHaveLength(1);
    await fileObjection(ctx.db, noticeId, { ...fields, name: "李四", mobile: "13712345678" }, null, now, "client-b");
    expect(await ctx.db.selectFrom("objections").select("id").execute()).toHaveLength(2);
  });

  it("终止协议 sent twice from one page ends the agreement once and answers both posts as done", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    const url = `/organizer/finance/agreements/${a.agreementId}`;
    const params = { agreementId: String(a.agreementId) };
    const page = await renderPage(financeAgreementRoute, await requestAs(world.organizer.id, url), "/organizer/finance/agreements/:agreementId");
    const fields = { intent: "terminate", reason: "机构已注销，无法继续执行", confirm: "yes", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(financeAgreementRoute, world.organizer.id, url, fields, params);
    const second = await post(financeAgreementRoute, world.organizer.id, url, fields, params);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "agreement.terminated").execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom("ledger_entries").select("id").where("kind", "=", "release").execute()).toHaveLength(1);
    // a post without the page's key is not replayed: the ended agreement refuses it
    const bare = await post(financeAgreementRoute, world.organizer.id, url, { intent: "terminate", reason: "机构已注销，无法继续执行", confirm: "yes" }, params);
    expect(bare.status).toBe(409);
  });

  it("逾期未提交 recorded twice from one page sets one rectification, not a second failure", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    const organizer = { id: world.organizer.id, role: "organizer" };
    await releaseSigningTranche(ctx.db, organizer, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    const url = `/organizer/finance/agreements/${a.agreementId}`;
    const params = { agreementId: String(a.agreementId) };
    const page = await renderPage(financeAgreementRoute, await requestAs(world.organizer.id, url), "/organizer/finance/agreements/:agreementId");
    expect(page).toMatch(/name="intent" value="missed"/); // the mid-term report (due in 2022) is overdue today
    const fields = { intent: "missed", milestoneId: String(a.milestones[1].id), note: "多次催告仍未提交", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(financeAgreementRoute, world.organizer.id, url, fields, params);
    const second = await post(financeAgreementRoute, world.organizer.id, url, fields, params);
    expect([first.status, second.status]).toEqual([302, 302]);
    const milestone = await ctx.db.selectFrom("milestones").select(["status", "fail_count"]).where("id", "=", a.milestones[1].id).executeTakeFirstOrThrow();
    expect(milestone.fail_count).toBe(1);
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "milestone.deadlineMissed").execute()).toHaveLength(1);
  });

  it("新建演练大赛 clicked twice makes one rehearsal; +N 天 sent twice from one page moves its clock once", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const page = await renderPage(rehearsalRoute, await requestAs(organizer.id, "/organizer/rehearsal"));
    const create = { intent: "create", name: "新人培训", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await (await post(rehearsalRoute, organizer.id, "/organizer/rehearsal", create)).json();
    const second = await (await post(rehearsalRoute, organizer.id, "/organizer/rehearsal", create)).json();
    expect(first).toMatchObject({ ok: true });
    expect(second.competitionId).toBe(first.competitionId);
    expect(await ctx.db.selectFrom("competitions").select("id").where("is_rehearsal", "=", 1).execute()).toHaveLength(1);

    const desk = await renderPage(rehearsalRoute, await requestAs(organizer.id, "/organizer/rehearsal"));
    const advance = { intent: "advance", competitionId: String(first.competitionId), days: "3", [FORM_KEY_FIELD]: keyIn(desk) };
    const moved = await (await post(rehearsalRoute, organizer.id, "/organizer/rehearsal", advance)).json();
    const resent = await (await post(rehearsalRoute, organizer.id, "/organizer/rehearsal", advance)).json();
    expect(resent.clock).toBe(moved.clock);
    const offset = async () => Number((await ctx.db.selectFrom("competitions").select("clock_offset_seconds").where("id", "=", first.competitionId).executeTakeFirstOrThrow()).clock_offset_seconds);
    expect(await offset()).toBe(3 * 86_400);
    // another step from the same page is another intention
    await post(rehearsalRoute, organizer.id, "/organizer/rehearsal", { ...advance, days: "1" });
    expect(await offset()).toBe(4 * 86_400);
  });

  it("a milestone report sent twice from one page files one report, and both posts land on the done page", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    await releaseSigningTranche(ctx.db, { id: world.organizer.id, role: "organizer" }, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    const page = await renderPage(myMilestonesRoute, await requestAs(a.applicantId, "/applicant/milestones"));
    // the summary of a refused report links to this tranche's own field
    expect(page).toMatch(new RegExp(`<textarea[^>]*id="summary-${a.milestones[1].id}"`));
    const fields = { milestoneId: String(a.milestones[1].id), summary: "开展助老课堂十二次，服务 360 人次", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(myMilestonesRoute, a.applicantId, "/applicant/milestones", fields);
    const second = await post(myMilestonesRoute, a.applicantId, "/applicant/milestones", fields);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await ctx.db.selectFrom("milestone_reports").select("id").execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "milestone.reportSubmitted").execute()).toHaveLength(1);
  });

  it("发布公示 sent twice from one page publishes one version and answers both with it", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const url = `/organizer/notices?competition=${world.competition.id}`;
    const page = await renderPage(noticeDeskRoute, await requestAs(world.organizer.id, url));
    const fields = { competitionId: String(world.competition.id), title: "", note: "", confirm: "yes", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(noticeDeskRoute, world.organizer.id, url, fields);
    const second = await post(noticeDeskRoute, world.organizer.id, url, fields);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toMatchObject({ ok: true, version: 1, noticeId: a.noticeId });
    expect(await ctx.db.selectFrom("notices").select("id").where("competition_id", "=", world.competition.id).execute()).toHaveLength(1);
    // without the page's key a resend is refused as unchanged (409), never a second version
    const { [FORM_KEY_FIELD]: _key, ...unkeyed } = fields;
    expect((await post(noticeDeskRoute, world.organizer.id, url, unkeyed)).status).toBe(409);
  });

  it("发布大赛 sent twice from one page publishes once and answers both as published", async () => {
    const { competition } = await createCompetition(ctx.db);
    await ctx.db.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
    const organizer = await createUser(ctx.db, "organizer");
    const url = `/organizer/competitions/${competition.id}`;
    const params = { id: String(competition.id) };
    const page = await renderPage(competitionRoute, await requestAs(organizer.id, url), "/organizer/competitions/:id");
    const fields = { intent: "publish", confirm: "yes", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(competitionRoute, organizer.id, url, fields, params);
    const second = await post(competitionRoute, organizer.id, url, fields, params);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ ok: true, intent: "publish" });
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "competition.published").execute()).toHaveLength(1);
    // without the page's key a resend is refused as already published (409), never published twice
    expect((await post(competitionRoute, organizer.id, url, { intent: "publish", confirm: "yes" }, params)).status).toBe(409);
  });

  it("抽取评审专家 sent twice from one page records one draw run and answers both with its seed", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 8 });
    for (let i = 0; i < 3; i++) await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const url = `/organizer/assignments?competition=${w.competition.id}`;
    const page = await renderPage(assignmentsRoute, await requestAs(w.organizer.id, url));
    const fields = { intent: "run", competitionId: String(w.competition.id), divisionId: String(w.divisions[0].id), round: "desk", seed: "", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await (await post(assignmentsRoute, w.organizer.id, "/organizer/assignments", fields)).json();
    const second = await (await post(assignmentsRoute, w.organizer.id, "/organizer/assignments", fields)).json();
    expect(first).toMatchObject({ ok: true, drawn: 15 });
    expect(second).toEqual(first); // the same random seed and count: the second post ran nothing
    expect(await ctx.db.selectFrom("assignment_runs").select("id").execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "assignment.run").execute()).toHaveLength(1);
  });

  it("提交评分 sent twice from one sheet is answered as submitted both times, with one submission recorded", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 1 });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
    const url = `/expert/assignments/${assignmentId}`;
    const params = { id: String(assignmentId) };
    const page = await renderPage(sheetRoute, await requestAs(w.experts[0].id, url), "/expert/assignments/:id");
    const fields = { ...fullSheet(0.8), intent: "submit", confirm: "yes", [FORM_KEY_FIELD]: keyIn(page) };
    const first = await post(sheetRoute, w.experts[0].id, url, fields, params);
    const second = await post(sheetRoute, w.experts[0].id, url, fields, params);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ ok: true, status: "submitted" });
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "score.submit").execute()).toHaveLength(1);
    // a sheet sent without the page's key is still locked once submitted
    expect((await post(sheetRoute, w.experts[0].id, url, { ...fullSheet(0.5), intent: "submit", confirm: "yes" }, params)).status).toBe(409);
  });
});
