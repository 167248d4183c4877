// Well-formed bodies with impossible values: each is a 4xx with a message key, never a 500.
import * as calendar from "~/routes/organizer.calendar";
import * as proposal from "~/routes/applicant.proposals.$id";
import { decideAward } from "~/services/ranking.server";
import { decideInitialReview } from "~/services/initial-review.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createApplicantWithProposal, proposalFormFields } from "../support/factories-registration";
import { createProposalRow, createReviewWorld } from "../support/factories-review";

const ctx = useFreshDatabase();

describe("impossible values", () => {
  it("refuses a calendar override for 2026-02-30 as input (400 on the date), storing nothing", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const response = await callRoute(calendar.action, await requestAs(organizer.id, "/organizer/calendar", { method: "POST", body: formBody({ dateOn: "2026-02-30", kind: "holiday", note: "不存在的日子" }) }));
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.dateOn).toBe("calendar.dateInvalid");
    expect(await ctx.db.selectFrom("calendar_overrides").selectAll().execute()).toEqual([]);
  });

  it("refuses a 补正 deadline of 2026-02-30 instead of rolling it into March", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    const result = await decideInitialReview(ctx.db, { id: w.reviewer.id, role: "reviewer" }, p.proposalId, { decision: "return", reasons: "缺少登记证书扫描件", correctionDeadlineOn: "2026-02-30" }, w.now);
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { correctionDeadlineOn: "review.initial.deadlineInvalid" } });
  });

  it("answers divisionId=0 on a proposal with a 4xx, not a 500", async () => {
    const fixture = await createCompetition(ctx.db, { openRegistration: true });
    const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft" });
    for (const intent of ["save-draft", "submit"]) {
      const body = formBody({ ...proposalFormFields(made.content), divisionId: "0", intent });
      const response = await callRoute(proposal.action, await requestAs(made.applicantId, `/applicant/proposals/${made.proposalId}`, { method: "POST", body }), { id: String(made.proposalId) });
      expect(response.status, intent).toBeGreaterThanOrEqual(400);
      expect(response.status, intent).toBeLessThan(500);
    }
  });

  it("refuses a second award decision on the same proposal with a 4xx", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", requestedFen: 3_000_000 });
    const organizer = { id: w.organizer.id, role: "organizer" };
    expect(await decideAward(ctx.db, organizer, { proposalId: p.proposalId, approvedYuan: "25000", reason: "核减宣传费" }, w.now)).toMatchObject({ ok: true });
    const second = await decideAward(ctx.db, organizer, { proposalId: p.proposalId, approvedYuan: "20000", reason: "再次核减" }, w.now);
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.status).toBeGreaterThanOrEqual(400);
      expect(second.status).toBeLessThan(500);
    }
  });
});
