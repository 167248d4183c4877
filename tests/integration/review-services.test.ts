import { createHash } from "node:crypto";
import { reviewOrderKey } from "~/domain/lottery";
import { appointExpert, acceptInvite, declareConflict, inviteExpert, letterPrefix, loadInvite, recuseFromAssignment } from "~/services/experts.server";
import { decideInitialReview } from "~/services/initial-review.server";
import { addAssignment, removeAssignment, runAssignment } from "~/services/assignments.server";
import { listMyAssignments, loadScoreSheet, reopenScore, saveScore } from "~/services/scores.server";
import { decideAward, loadRanking } from "~/services/ranking.server";
import { verifyAuditLog } from "~/services/audit.server";
import { useFreshDatabase } from "../support/db";
import { createUser } from "../support/factories";
import { assign, createProposalRow, createReviewWorld } from "../support/factories-review";

const ctx = useFreshDatabase();
const actor = (u: { id: number; role: string }) => ({ id: u.id, role: u.role });
const sheet = (fraction = 0.8, comment = "项目需求清楚，设计可行，预算基本合理。") => ({
  criteria: { need: String(20 * fraction), design: String(25 * fraction), innovation: String(15 * fraction), budget: String(15 * fraction), capacity: String(15 * fraction), sustainability: String(10 * fraction) },
  comment,
});
const auditActions = async () => (await ctx.db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((r) => r.action);

describe("initial review (初审)", () => {
  const ticked = { checklist: { eligible: "on", complete: "on", budget: "on", scope: "on", noDoubleFunding: "on" } };

  it("passes a submitted proposal only when every checklist item is ticked", async () => {
    const w = await createReviewWorld(ctx.db);
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    const half = await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "pass", checklist: { eligible: "on" } }, w.now);
    expect(half).toMatchObject({ ok: false, status: 400, fieldErrors: { checklist: "review.initial.checklistIncomplete" } });
    const ok = await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "pass", ...ticked }, w.now);
    expect(ok).toMatchObject({ ok: true, status: "passed" });
    const p = await ctx.db.selectFrom("proposals").select("status").where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(p.status).toBe("passed");
    expect(await auditActions()).toContain("initialReview.pass");
  });

  it("returns a proposal for correction with reasons and a deadline the applicant can see", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-05T02:00:00Z") });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    const r = await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "return", reasons: "缺少登记证书扫描件", correctionDeadlineOn: "2021-06-08" }, w.now);
    expect(r).toMatchObject({ ok: true, status: "returned" });
    const p = await ctx.db.selectFrom("proposals").selectAll().where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(p.status).toBe("returned");
    expect(p.correction_deadline_at).toBe("2021-06-08T15:59:59.999Z");
    const event = await ctx.db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "returned", note: "缺少登记证书扫描件" });
  });

  it("refuses a return without reasons or with a deadline already past", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-05T02:00:00Z") });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "return", correctionDeadlineOn: "2021-06-08" }, w.now))
      .toMatchObject({ ok: false, fieldErrors: { reasons: "review.initial.reasonsRequired" } });
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "return", reasons: "缺少登记证书", correctionDeadlineOn: "2021-06-04" }, w.now))
      .toMatchObject({ ok: false, fieldErrors: { correctionDeadlineOn: "review.initial.deadlinePast" } });
  });

  it("rejects with reasons written as a proposal event, and decides each version only once", async () => {
    const w = await createReviewWorld(ctx.db);
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "reject", reasons: "申报主体不在本区登记" }, w.now)).toMatchObject({ ok: true, status: "rejected" });
    const event = await ctx.db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "rejected", note: "申报主体不在本区登记" });
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), proposalId, { decision: "pass", ...ticked }, w.now)).toMatchObject({ ok: false, status: 409 });
  });

  it("lets only reviewers decide", async () => {
    const w = await createReviewWorld(ctx.db);
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    expect(await decideInitialReview(ctx.db, actor(w.experts[0]), proposalId, { decision: "pass", ...ticked }, w.now)).toMatchObject({ ok: false, status: 403 });
  });
});

describe("expert panel", () => {
  it("invites an expert with a one-time link that expires and works once", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const inv = await inviteExpert(ctx.db, actor(w.organizer), { username: "prof.zhao", displayName: "赵教授", mobile: "" }, w.now);
    if (!inv.ok) throw new Error("invite failed");
    const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", inv.expertId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "expert", password_hash: null });
    const stored = await ctx.db.selectFrom("expert_invites").select("token_sha256").executeTakeFirstOrThrow();
    expect(stored.token_sha256).not.toContain(inv.token);
    expect((await loadInvite(ctx.db, inv.token, w.now)).state).toBe("valid");
    expect(await acceptInvite(ctx.db, inv.token, { password: "short", confirm: "short" }, w.now)).toMatchObject({ ok: false, status: 400 });
    expect(await acceptInvite(ctx.db, inv.token, { password: "Zhao-review-2021", confirm: "Zhao-review-2021" }, w.now)).toMatchObject({ ok: true });
    expect(await acceptInvite(ctx.db, inv.token, { password: "Other-pass-2021", confirm: "Other-pass-2021" }, w.now)).toMatchObject({ ok: false, fieldErrors: { _form: "review.invite.used" } });
    const later = await inviteExpert(ctx.db, actor(w.organizer), { username: "prof.qian", displayName: "钱教授" }, w.now);
    if (!later.ok) throw new Error("invite failed");
    const eightDays = new Date(w.now.getTime() + 8 * 86_400_000);
    expect((await loadInvite(ctx.db, later.token, eightDays)).state).toBe("expired");
    expect(await acceptInvite(ctx.db, later.token, { password: "Qian-review-2021", confirm: "Qian-review-2021" }, eightDays)).toMatchObject({ ok: false, fieldErrors: { _form: "review.invite.expired" } });
  });

  it("numbers appointment letters per competition and appoints an expert once", async () => {
    expect(letterPrefix("changan-2021", 2021)).toBe("CA2021");
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const a = await createUser(ctx.db, "expert");
    const b = await createUser(ctx.db, "expert");
    const first = await appointExpert(ctx.db, actor(w.organizer), { competitionId: w.competition.id, expertId: a.id, divisionId: "" }, w.now);
    const second = await appointExpert(ctx.db, actor(w.organizer), { competitionId: w.competition.id, expertId: b.id, divisionId: String(w.divisions[1].id) }, w.now);
    expect(first).toMatchObject({ ok: true, letterNo: expect.stringMatching(/-PS-001$/) });
    expect(second).toMatchObject({ ok: true, letterNo: expect.stringMatching(/-PS-002$/) });
    expect(await appointExpert(ctx.db, actor(w.organizer), { competitionId: w.competition.id, expertId: a.id }, w.now)).toMatchObject({ ok: false, status: 409 });
  });

  it("withdraws an expert's assignments to an organization they declare a conflict with", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 1 });
    const { proposalId, organizationId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
    const r = await declareConflict(ctx.db, actor(w.experts[0]), { competitionId: w.competition.id, organizationId, ground: "employment" }, w.now);
    expect(r).toMatchObject({ ok: true, withdrawn: [assignmentId] });
    const a = await ctx.db.selectFrom("assignments").selectAll().where("id", "=", assignmentId).executeTakeFirstOrThrow();
    expect(a.active).toBe(0);
    expect(await addAssignment(ctx.db, actor(w.organizer), { proposalId, expertId: w.experts[0].id, round: "desk", reason: "补充专家" }, w.now))
      .toMatchObject({ ok: false, fieldErrors: { expertId: "review.assign.conflicted" } });
  });

  it("lets an expert recuse from an assigned proposal without seeing whose it is", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 1 });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
    expect(await recuseFromAssignment(ctx.db, actor(w.experts[0]), assignmentId, { ground: "other" }, w.now)).toMatchObject({ ok: false, fieldErrors: { note: "review.conflict.noteRequired" } });
    expect(await recuseFromAssignment(ctx.db, actor(w.experts[0]), assignmentId, { ground: "helpedWrite" }, w.now)).toMatchObject({ ok: true });
    expect(await ctx.db.selectFrom("conflict_declarations").selectAll().execute()).toHaveLength(1);
  });
});

describe("assignment runs", () => {
  it("refuses a draw that cannot give every proposal the minimum of experts, says why in Chinese and writes nothing", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 3, review: { expertsPerProposal: 3, minExpertsPerProposal: 3, maxLoadPerExpert: 0 } });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    await ctx.db.insertInto("conflict_declarations").values({ competition_id: w.competition.id, expert_id: w.experts[0].id, organization_id: p.organizationId, ground: "kinship", note: null, declared_at: w.now.toISOString() }).execute();
    const run = await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "s" }, w.now);
    expect(run).toMatchObject({ ok: false, status: 409 });
    if (run.ok) return;
    expect(run.fieldErrors._form).toBe(
      `抽取未执行：有 1 个项目无法满足每个项目至少 3 位专家的要求。项目 #${p.proposalId} 只能分到 2 位（专家库 3 人，其中回避 1 人、已被移除 0 人、已达上限 — 个项目 0 人）。请增加本赛区专家、处理回避声明或提高每位专家的评审上限后重试。`,
    );
    expect(await ctx.db.selectFrom("assignments").selectAll().execute()).toHaveLength(0);
    expect(await ctx.db.selectFrom("assignment_runs").selectAll().execute()).toHaveLength(0);
  });

  it("keeps every expert at or under the maximum load and refuses when that leaves a proposal under the minimum", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 4, review: { expertsPerProposal: 2, minExpertsPerProposal: 2, maxLoadPerExpert: 2 } });
    for (let i = 0; i < 4; i++) await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const ok = await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "s" }, w.now);
    expect(ok).toMatchObject({ ok: true, drawn: 8 });
    const rows = await ctx.db.selectFrom("assignments").select("expert_id").execute();
    for (const e of w.experts) expect(rows.filter((r) => r.expert_id === e.id)).toHaveLength(2);
    await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const full = await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "t" }, w.now);
    expect(full).toMatchObject({ ok: false, status: 409 });
    if (!full.ok) expect(full.fieldErrors._form).toContain("已达上限 2 个项目 4 人");
    expect(await ctx.db.selectFrom("assignments").selectAll().execute()).toHaveLength(8);
  });

  it("gives each passed proposal k distinct unconflicted experts, records the seed, and reproduces a draw from it", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 7 });
    const proposals: { proposalId: number; organizationId: number }[] = [];
    for (let i = 0; i < 4; i++) proposals.push(await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" }));
    await ctx.db.insertInto("conflict_declarations").values({ competition_id: w.competition.id, expert_id: w.experts[0].id, organization_id: proposals[0].organizationId, ground: "kinship", note: null, declared_at: w.now.toISOString() }).execute();
    const run = await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "demo-seed-1" }, w.now);
    expect(run).toMatchObject({ ok: true, seed: "demo-seed-1", drawn: 20, shortfalls: [] });
    const rows = await ctx.db.selectFrom("assignments").selectAll().where("round", "=", "desk").execute();
    for (const p of proposals) {
      const experts = rows.filter((r) => r.proposal_id === p.proposalId).map((r) => r.expert_id);
      expect(new Set(experts).size).toBe(5);
    }
    expect(rows.some((r) => r.proposal_id === proposals[0].proposalId && r.expert_id === w.experts[0].id)).toBe(false);
    const loads = w.experts.map((e) => rows.filter((r) => r.expert_id === e.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const stored = await ctx.db.selectFrom("assignment_runs").selectAll().executeTakeFirstOrThrow();
    expect(stored.seed).toBe("demo-seed-1");

    // the same seed on the same data draws the same experts
    const drawn = rows.map((r) => [r.proposal_id, r.expert_id]);
    await ctx.db.deleteFrom("assignments").execute();
    await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "demo-seed-1" }, w.now);
    const again = (await ctx.db.selectFrom("assignments").selectAll().execute()).map((r) => [r.proposal_id, r.expert_id]);
    expect(again).toEqual(drawn);
  });

  it("requires a reason to remove an expert and never redraws a removed one", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 6 });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "s" }, w.now);
    const first = await ctx.db.selectFrom("assignments").selectAll().orderBy("id").executeTakeFirstOrThrow();
    expect(await removeAssignment(ctx.db, actor(w.organizer), { assignmentId: first.id, reason: "" }, w.now)).toMatchObject({ ok: false, fieldErrors: { reason: "review.reasonRequired" } });
    expect(await removeAssignment(ctx.db, actor(w.organizer), { assignmentId: first.id, reason: "专家出差无法参加" }, w.now)).toMatchObject({ ok: true });
    await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "t" }, w.now);
    const active = await ctx.db.selectFrom("assignments").selectAll().where("proposal_id", "=", p.proposalId).where("active", "=", 1).execute();
    expect(active).toHaveLength(5);
    expect(active.some((a) => a.expert_id === first.expert_id)).toBe(false);
    expect(await auditActions()).toEqual(expect.arrayContaining(["assignment.run", "assignment.remove"]));
  });
});

describe("scoring", () => {
  async function scoringWorld() {
    const w = await createReviewWorld(ctx.db, { experts: 2, review: { rounds: [{ round: "desk", weightPercent: 100 }] } });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
    const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId: p.proposalId, expertId: w.experts[0].id });
    return { ...w, ...p, assignmentId };
  }

  it("saves a draft, submits it, and then refuses any change", async () => {
    const w = await scoringWorld();
    const expert = actor(w.experts[0]);
    expect(await saveScore(ctx.db, expert, w.assignmentId, { criteria: { need: "15" }, comment: "" }, "draft", w.now)).toMatchObject({ ok: true, status: "draft", totalCenti: 1500 });
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(0.8), "submit", w.now)).toMatchObject({ ok: true, status: "submitted", totalCenti: 8000 });
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(1), "submit", w.now)).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "review.score.locked" } });
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(1), "draft", w.now)).toMatchObject({ ok: false, status: 409 });
    const score = await ctx.db.selectFrom("scores").selectAll().executeTakeFirstOrThrow();
    expect(score.total_centi).toBe(8000);
  });

  it("stays readable, not changeable, to its expert once the proposal is contracted", async () => {
    const w = await scoringWorld();
    const expert = actor(w.experts[0]);
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(0.8), "submit", w.now)).toMatchObject({ ok: true });
    await ctx.db.updateTable("proposals").set({ status: "contracted" }).where("id", "=", w.proposalId).execute();
    expect(await loadScoreSheet(ctx.db, expert, w.assignmentId, w.now)).toMatchObject({ ok: true });
    expect((await listMyAssignments(ctx.db, w.experts[0].id)).map((a) => a.id)).toEqual([w.assignmentId]);
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(1), "draft", w.now)).toMatchObject({ ok: false, status: 403 });
    await ctx.db.updateTable("proposals").set({ status: "disqualified" }).where("id", "=", w.proposalId).execute();
    expect(await loadScoreSheet(ctx.db, expert, w.assignmentId, w.now)).toMatchObject({ ok: false, status: 403 });
  });

  it("can be changed only after an organizer reopens it with a reason, and the reopening is audited", async () => {
    const w = await scoringWorld();
    const expert = actor(w.experts[0]);
    const saved = await saveScore(ctx.db, expert, w.assignmentId, sheet(0.8), "submit", w.now);
    if (!saved.ok) throw new Error("submit failed");
    expect(await reopenScore(ctx.db, expert, { scoreId: saved.scoreId, reason: "专家要求更正" }, w.now)).toMatchObject({ ok: false, status: 403 });
    expect(await reopenScore(ctx.db, actor(w.organizer), { scoreId: saved.scoreId, reason: "" }, w.now)).toMatchObject({ ok: false, status: 400 });
    expect(await reopenScore(ctx.db, actor(w.organizer), { scoreId: saved.scoreId, reason: "专家误将预算分填反，申请更正" }, w.now)).toMatchObject({ ok: true });
    const reopen = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "score.reopen").executeTakeFirstOrThrow();
    expect(JSON.parse(reopen.after_json!)).toMatchObject({ status: "draft", reason: "专家误将预算分填反，申请更正" });
    expect(JSON.parse(reopen.before_json!)).toMatchObject({ status: "submitted", totalCenti: 8000 });
    expect(reopen.actor_id).toBe(w.organizer.id);
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(0.9), "submit", w.now)).toMatchObject({ ok: true, totalCenti: 9000 });
    expect((await verifyAuditLog(ctx.db)).problems).toEqual([]);
  });

  it("refuses scores outside the review stage, above a maximum, off the half-point grid, or incomplete on submit", async () => {
    const w = await scoringWorld();
    const expert = actor(w.experts[0]);
    const after = new Date(w.now.getTime() + 11 * 86_400_000);
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(0.8), "submit", after)).toMatchObject({ ok: false, fieldErrors: { _form: "review.score.closed" } });
    const before = new Date(w.now.getTime() - 2 * 86_400_000);
    expect(await saveScore(ctx.db, expert, w.assignmentId, sheet(0.8), "draft", before)).toMatchObject({ ok: false, fieldErrors: { _form: "review.score.closed" } });
    const s = sheet(0.8);
    expect(await saveScore(ctx.db, expert, w.assignmentId, { ...s, criteria: { ...s.criteria, need: "21" } }, "submit", w.now)).toMatchObject({ ok: false, fieldErrors: { "criteria.need": "review.score.aboveMax" } });
    expect(await saveScore(ctx.db, expert, w.assignmentId, { ...s, criteria: { ...s.criteria, need: "12.3" } }, "submit", w.now)).toMatchObject({ ok: false, fieldErrors: { "criteria.need": "review.score.halfSteps" } });
    expect(await saveScore(ctx.db, expert, w.assignmentId, { ...s, criteria: { ...s.criteria, need: "" } }, "submit", w.now)).toMatchObject({ ok: false, fieldErrors: { "criteria.need": "review.score.criterionRequired" } });
    expect(await saveScore(ctx.db, expert, w.assignmentId, { ...s, comment: "好" }, "submit", w.now)).toMatchObject({ ok: false, fieldErrors: { comment: "review.score.commentRequired" } });
  });

  it("refuses an expert who is not assigned (404) and one who declared a conflict (403)", async () => {
    const w = await scoringWorld();
    expect(await saveScore(ctx.db, actor(w.experts[1]), w.assignmentId, sheet(0.8), "submit", w.now)).toMatchObject({ ok: false, status: 404 });
    await ctx.db.insertInto("conflict_declarations").values({ competition_id: w.competition.id, expert_id: w.experts[0].id, organization_id: w.organizationId, ground: "dispute", note: null, declared_at: w.now.toISOString() }).execute();
    expect(await saveScore(ctx.db, actor(w.experts[0]), w.assignmentId, sheet(0.8), "submit", w.now)).toMatchObject({ ok: false, status: 403 });
  });

  it("puts a fully scored proposal into the ranking", async () => {
    const w = await scoringWorld();
    await saveScore(ctx.db, actor(w.experts[0]), w.assignmentId, sheet(0.8), "submit", w.now);
    const ranking = await loadRanking(ctx.db, w.competition.id);
    expect(ranking.divisions[0].rows[0]).toMatchObject({ proposalId: w.proposalId, finalCenti: 8000, rank: 1 });
  });
});

describe("award decisions", () => {
  it("lets the organizer fund less than requested with a reason, never more", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", requestedFen: 3_000_000 });
    expect(await decideAward(ctx.db, actor(w.organizer), { proposalId: p.proposalId, approvedYuan: "30000.01", reason: "核减宣传费" }, w.now)).toMatchObject({ ok: false, fieldErrors: { approvedYuan: "review.award.aboveRequested" } });
    expect(await decideAward(ctx.db, actor(w.organizer), { proposalId: p.proposalId, approvedYuan: "25000", reason: "" }, w.now)).toMatchObject({ ok: false, fieldErrors: { reason: "review.reasonRequired" } });
    expect(await decideAward(ctx.db, actor(w.organizer), { proposalId: p.proposalId, approvedYuan: "25000", reason: "核减宣传费" }, w.now)).toMatchObject({ ok: true, approvedFen: 2_500_000 });
    const ranking = await loadRanking(ctx.db, w.competition.id);
    expect(ranking.divisions[0].rows[0].award).toMatchObject({ approvedFen: 2_500_000, reason: "核减宣传费" });
  });
});

describe("the expert's own order of proposals", () => {
  it("is seeded per expert: the same on every visit, recomputable, and not simply by proposal number", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed" });
      ids.push(proposalId);
      for (const e of w.experts) await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: e.id });
    }
    const orderOf = async (expertId: number) => (await listMyAssignments(ctx.db, expertId)).map((a) => a.proposal_id);
    const first = await orderOf(w.experts[0].id);
    expect(await orderOf(w.experts[0].id)).toEqual(first);
    expect([...first].sort((a, b) => a - b)).toEqual(ids);
    const expected = [...ids].sort((a, b) => (reviewOrderKey(w.competition.id, w.experts[0].id, a) < reviewOrderKey(w.competition.id, w.experts[0].id, b) ? -1 : 1));
    expect(first).toEqual(expected);
    expect(reviewOrderKey(1, 2, 3)).toBe(createHash("sha256").update("order:1:2:3", "utf8").digest("hex"));
    expect(await orderOf(w.experts[1].id)).not.toEqual(first);
  });
});
