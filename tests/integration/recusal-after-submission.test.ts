// An expert must not pull a submitted, locked score out of the ranking by "recusing" afterwards (from the
// assignment or by declaring a conflict with the applicant), and recusing never reveals the applicant's
// name under blind review.
import * as conflicts from "~/routes/expert.conflicts";
import { declareConflict, loadConflictPage, recuseFromAssignment } from "~/services/experts.server";
import { saveScore } from "~/services/scores.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, formBody, requestAs } from "../support/factories";
import { assign, createProposalRow, createReviewWorld } from "../support/factories-review";

const ctx = useFreshDatabase();
const actor = (u: { id: number; role: string }) => ({ id: u.id, role: u.role });
const sheet = { criteria: { need: "16", design: "20", innovation: "12", budget: "12", capacity: "12", sustainability: "8" }, comment: "项目需求清楚，设计可行，预算基本合理。" };

async function scored() {
  const w = await createReviewWorld(ctx.db, { experts: 1 });
  const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", title: "长者助餐点" });
  const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId: p.proposalId, expertId: w.experts[0].id });
  const expert = actor(w.experts[0]);
  expect(await saveScore(ctx.db, expert, assignmentId, sheet, "submit", w.now)).toMatchObject({ ok: true });
  return { w, p, assignmentId, expert };
}

const activeAssignment = async (id: number) => (await ctx.db.selectFrom("assignments").select("active").where("id", "=", id).executeTakeFirstOrThrow()).active;

describe("recusal after a submitted score", () => {
  it("refuses to withdraw a submitted, locked score by recusing from the assignment, and audits the attempt", async () => {
    const { w, assignmentId, expert } = await scored();
    const result = await recuseFromAssignment(ctx.db, expert, assignmentId, { ground: "helpedWrite" }, w.now);
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "review.conflict.afterSubmission" } });
    expect(await activeAssignment(assignmentId)).toBe(1);
    expect(await ctx.db.selectFrom("conflict_declarations").selectAll().execute()).toEqual([]);
    const audit = await ctx.db.selectFrom("audit_log").select(["action", "actor_id", "after_json"]).where("action", "=", "expert.recusalAfterSubmissionRefused").executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(expert.id);
    expect(JSON.parse(audit.after_json!)).toMatchObject({ assignmentId, ground: "helpedWrite", lockedAssignments: [assignmentId] });
  });

  it("refuses the same through a conflict declaration against the applicant organization", async () => {
    const { w, p, assignmentId, expert } = await scored();
    const result = await declareConflict(ctx.db, expert, { competitionId: String(w.competition.id), organizationId: String(p.organizationId), ground: "kinship" }, w.now);
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(await activeAssignment(assignmentId)).toBe(1);
  });

  it("answers the expert's POST with a 409 and a Chinese message", async () => {
    const { assignmentId, expert } = await scored();
    const response = await callRoute(conflicts.action, await requestAs(expert.id, "/expert/conflicts", { method: "POST", body: formBody({ intent: "recuse", assignmentId: String(assignmentId), ground: "helpedWrite" }) }));
    expect(response.status).toBe(409);
    expect((await response.json()).fieldErrors._form).toBe("review.conflict.afterSubmission");
  });
});

describe("recusal under blind review", () => {
  it("shows the recused proposal, not the applicant's name, in the expert's own declaration list", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 1 });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", title: "长者助餐点" });
    const org = await ctx.db.selectFrom("organizations").select("name").where("id", "=", p.organizationId).executeTakeFirstOrThrow();
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId: p.proposalId, expertId: w.experts[0].id });
    expect(await recuseFromAssignment(ctx.db, actor(w.experts[0]), assignmentId, { ground: "helpedWrite" }, w.now)).toMatchObject({ ok: true });
    const page = await loadConflictPage(ctx.db, w.experts[0].id);
    expect(page.declarations).toEqual([expect.objectContaining({ organization_name: null, recused_title: "长者助餐点" })]);
    const response = await callRoute(conflicts.loader, await requestAs(w.experts[0].id, "/expert/conflicts"));
    expect(JSON.stringify((await response.json()).declarations)).not.toContain(org.name);
    // naming that organization afterwards does not confirm it was the recused proposal's applicant
    const again = await declareConflict(ctx.db, actor(w.experts[0]), { competitionId: String(w.competition.id), organizationId: String(p.organizationId), ground: "kinship" }, w.now);
    expect(again).toMatchObject({ ok: true, withdrawn: [] });
  });
});
