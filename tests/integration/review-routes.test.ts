// The reviewer's, the expert's and the invitation pages through their loaders and actions: who may open
// what, the score lock and its audited reopening, 初审 decisions with field errors, one-time invitations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { action as decideAction, loader as reviewLoader } from "~/routes/review.proposals.$id";
import { loader as queueLoader } from "~/routes/review._index";
import { loader as fileLoader } from "~/routes/review.files.$attachmentId";
import { action as sheetAction, loader as sheetLoader } from "~/routes/expert.assignments.$id";
import { loader as expertHomeLoader } from "~/routes/expert._index";
import { action as conflictAction, loader as conflictLoader } from "~/routes/expert.conflicts";
import { loader as letterLoader } from "~/routes/expert.letters.$id";
import { action as inviteAction, loader as inviteLoader } from "~/routes/invite.$token";
import { t, tMaybe } from "~/i18n";
import { declareConflict, inviteExpert } from "~/services/experts.server";
import { reopenScore } from "~/services/scores.server";
import { verifyPassword } from "~/utils/password.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, formBody, requestAs } from "../support/factories";
import { assign, createProposalRow, createReviewWorld, fullSheet } from "../support/factories-review";

const ctx = useFreshDatabase();
const CJK = /[\u4e00-\u9fff]/;

async function scoredWorld(options: Parameters<typeof createReviewWorld>[1] = {}) {
  const w = await createReviewWorld(ctx.db, { experts: 2, ...options });
  const { proposalId, organizationId } = await createProposalRow(ctx.db, {
    competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", title: "银龄互助食堂",
  });
  const [mine, other] = w.experts;
  const assignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: mine.id });
  const othersAssignmentId = await assign(ctx.db, { competitionId: w.competition.id, proposalId, expertId: other.id });
  return { ...w, proposalId, organizationId, mine, other, assignmentId, othersAssignmentId };
}

const post = (userId: number, url: string, fields: Record<string, string>) => requestAs(userId, url, { method: "POST", body: formBody(fields) });
const scoreRow = (assignmentId: number) => ctx.db.selectFrom("scores").selectAll().where("assignment_id", "=", assignmentId).executeTakeFirst();

describe("expert score sheet: only one's own, unconflicted assignment", () => {
  it("answers 404 for another expert's assignment, in the loader and the action, and stores nothing", async () => {
    const w = await scoredWorld();
    const url = `/expert/assignments/${w.othersAssignmentId}`;
    const params = { id: String(w.othersAssignmentId) };
    expect((await callRoute(sheetLoader, await requestAs(w.mine.id, url), params)).status).toBe(404);
    const posted = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(), intent: "submit", confirm: "yes" }), params);
    expect(posted.status).toBe(404);
    expect(await scoreRow(w.othersAssignmentId)).toBeUndefined();
  });

  it("answers 404 for an assignment that does not exist", async () => {
    const w = await scoredWorld();
    expect((await callRoute(sheetLoader, await requestAs(w.mine.id, "/expert/assignments/99999"), { id: "99999" })).status).toBe(404);
    expect((await callRoute(sheetLoader, await requestAs(w.mine.id, "/expert/assignments/abc"), { id: "abc" })).status).toBe(404);
  });

  it("answers 403 with the reason in Chinese once the expert has declared a conflict with the applicant", async () => {
    const w = await scoredWorld();
    const declared = await declareConflict(ctx.db, { id: w.mine.id, role: "expert" }, { competitionId: w.competition.id, organizationId: w.organizationId, ground: "helpedWrite" }, w.now);
    expect(declared.ok).toBe(true);
    const url = `/expert/assignments/${w.assignmentId}`;
    const params = { id: String(w.assignmentId) };
    const page = await callRoute(sheetLoader, await requestAs(w.mine.id, url), params);
    expect(page.status).toBe(403);
    expect(await page.text()).toBe(t("review.score.conflicted"));
    const posted = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(), intent: "submit", confirm: "yes" }), params);
    expect(posted.status).toBe(403);
    expect(await posted.json()).toMatchObject({ ok: false, fieldErrors: { _form: "review.score.conflicted" } });
    expect(await scoreRow(w.assignmentId)).toBeUndefined();
  });

  it("hides the applicant under blind review and shows it otherwise", async () => {
    const blind = await scoredWorld({ review: { blind: true } });
    const sheet = await (await callRoute(sheetLoader, await requestAs(blind.mine.id, "/"), { id: String(blind.assignmentId) })).json();
    expect(sheet).toMatchObject({ blind: true, organization: null, proposal: { title: "银龄互助食堂" } });
    expect(JSON.stringify(sheet)).not.toContain("社工服务中心");
    const home = await (await callRoute(expertHomeLoader, await requestAs(blind.mine.id, "/expert"))).json();
    expect(home.competitions[0].rows[0]).toMatchObject({ title: "银龄互助食堂", organization_name: null });

    const open = await scoredWorld({ review: { blind: false } });
    const shown = await (await callRoute(sheetLoader, await requestAs(open.mine.id, "/"), { id: String(open.assignmentId) })).json();
    expect(shown.organization.name).toContain("社工服务中心");
  });
});

describe("expert scoring: draft, submit, lock and the organizer's audited reopen", () => {
  it("saves a draft, submits, then refuses a second submission with 409 and leaves the row unchanged", async () => {
    const w = await scoredWorld();
    const url = `/expert/assignments/${w.assignmentId}`;
    const params = { id: String(w.assignmentId) };

    const draft = await callRoute(sheetAction, await post(w.mine.id, url, { "criteria.need": "15", comment: "", intent: "save-draft" }), params);
    expect(await draft.json()).toMatchObject({ ok: true, status: "draft" });
    expect(await scoreRow(w.assignmentId)).toMatchObject({ status: "draft", total_centi: 1500 });

    const incomplete = await callRoute(sheetAction, await post(w.mine.id, url, { "criteria.need": "15", comment: "太短", intent: "submit", confirm: "yes" }), params);
    expect(incomplete.status).toBe(400);
    expect((await incomplete.json()).fieldErrors).toMatchObject({ "criteria.design": "review.score.criterionRequired", comment: "review.score.commentRequired" });

    const aboveMax = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(), "criteria.need": "21", intent: "submit", confirm: "yes" }), params);
    expect(aboveMax.status).toBe(400);
    expect((await aboveMax.json()).fieldErrors["criteria.need"]).toBe("review.score.aboveMax");

    const submitted = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(0.8), intent: "submit", confirm: "yes" }), params);
    expect(await submitted.json()).toMatchObject({ ok: true, status: "submitted" });
    const before = await scoreRow(w.assignmentId);
    expect(before).toMatchObject({ status: "submitted", total_centi: 8000 });

    const again = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(0.5), intent: "submit", confirm: "yes" }), params);
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.fieldErrors._form).toBe("review.score.locked");
    expect(tMaybe(body.fieldErrors._form)).toMatch(CJK);
    const draftOver = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(0.5), intent: "save-draft" }), params);
    expect(draftOver.status).toBe(409);
    expect(await scoreRow(w.assignmentId)).toEqual(before);

    const page = await (await callRoute(sheetLoader, await requestAs(w.mine.id, url), params)).json();
    expect(page.score).toMatchObject({ status: "submitted", totalCenti: 8000 });
  });

  it("accepts a corrected score after an organizer reopens it, with the reopening in the audit log", async () => {
    const w = await scoredWorld();
    const url = `/expert/assignments/${w.assignmentId}`;
    const params = { id: String(w.assignmentId) };
    await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(0.8), intent: "submit", confirm: "yes" }), params);
    const score = (await scoreRow(w.assignmentId))!;

    const reopened = await reopenScore(ctx.db, { id: w.organizer.id, role: "organizer" }, { scoreId: score.id, reason: "专家申请更正预算项打分" }, w.now);
    expect(reopened).toEqual({ ok: true });
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "score.reopen").where("entity_id", "=", String(score.id)).executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(w.organizer.id);
    expect(audit.after_json).toContain("专家申请更正预算项打分");
    expect(audit.before_json).toContain("8000");

    const corrected = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(0.9), intent: "submit", confirm: "yes" }), params);
    expect(await corrected.json()).toMatchObject({ ok: true, status: "submitted" });
    expect(await scoreRow(w.assignmentId)).toMatchObject({ status: "submitted", total_centi: 9000 });
  });

  it("refuses to save outside the review stage, and the sheet says so", async () => {
    const w = await scoredWorld();
    await ctx.db
      .updateTable("competitions")
      .set({ review_ends_at: new Date(Date.now() - 60_000).toISOString() })
      .where("id", "=", w.competition.id)
      .execute();
    const url = `/expert/assignments/${w.assignmentId}`;
    const params = { id: String(w.assignmentId) };
    const page = await (await callRoute(sheetLoader, await requestAs(w.mine.id, url), params)).json();
    expect(page.open).toBe(false);
    const posted = await callRoute(sheetAction, await post(w.mine.id, url, { ...fullSheet(), intent: "submit", confirm: "yes" }), params);
    expect(posted.status).toBe(409);
    expect((await posted.json()).fieldErrors._form).toBe("review.score.closed");
    expect(t("review.score.closed")).toMatch(CJK);
    expect(await scoreRow(w.assignmentId)).toBeUndefined();
  });
});

describe("expert conflicts page and appointment letters", () => {
  it("declares a conflict through the page, which withdraws the assignment from the expert's list", async () => {
    const w = await scoredWorld();
    const missing = await callRoute(conflictAction, await post(w.mine.id, "/expert/conflicts", { intent: "declare", competitionId: String(w.competition.id), organizationId: String(w.organizationId) }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).fieldErrors.ground).toBe("review.conflict.groundRequired");

    const ok = await callRoute(conflictAction, await post(w.mine.id, "/expert/conflicts", { intent: "declare", competitionId: String(w.competition.id), organizationId: String(w.organizationId), ground: "kinship", note: "" }));
    expect(await ok.json()).toMatchObject({ ok: true, form: "declare", withdrawn: 1 });
    const page = await (await callRoute(conflictLoader, await requestAs(w.mine.id, "/expert/conflicts"))).json();
    expect(page.assignments).toEqual([]);
    expect(page.declarations).toHaveLength(1);
  });

  it("recuses from one assignment; another expert's assignment answers 404", async () => {
    const w = await scoredWorld();
    const foreign = await callRoute(conflictAction, await post(w.mine.id, "/expert/conflicts", { intent: "recuse", assignmentId: String(w.othersAssignmentId), ground: "employment" }));
    expect(foreign.status).toBe(404);
    const ok = await callRoute(conflictAction, await post(w.mine.id, "/expert/conflicts", { intent: "recuse", assignmentId: String(w.assignmentId), ground: "employment" }));
    expect(await ok.json()).toMatchObject({ ok: true, form: "recuse" });
    const row = await ctx.db.selectFrom("assignments").select("active").where("id", "=", w.assignmentId).executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
    expect((await callRoute(sheetLoader, await requestAs(w.mine.id, "/"), { id: String(w.assignmentId) })).status).toBe(403);
  });

  it("shows an expert their own letter and nobody else's", async () => {
    const w = await scoredWorld();
    const letters = await ctx.db.selectFrom("expert_appointments").select(["id", "expert_id", "letter_no"]).where("competition_id", "=", w.competition.id).orderBy("id").execute();
    const own = letters.find((l) => l.expert_id === w.mine.id)!;
    const others = letters.find((l) => l.expert_id === w.other.id)!;
    const page = await callRoute(letterLoader, await requestAs(w.mine.id, "/"), { id: String(own.id) });
    expect(page.status).toBe(200);
    expect((await page.json()).letter.letter_no).toBe(own.letter_no);
    expect((await callRoute(letterLoader, await requestAs(w.mine.id, "/"), { id: String(others.id) })).status).toBe(404);
  });
});

describe("reviewer 初审 through the page", () => {
  async function submittedProposal() {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, title: "社区议事厅" });
    return { ...w, proposalId, url: `/review/proposals/${proposalId}`, params: { id: String(proposalId) } };
  }
  const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const ticked = { "checklist.eligible": "on", "checklist.complete": "on", "checklist.budget": "on", "checklist.scope": "on", "checklist.noDoubleFunding": "on" };

  it("lists submitted proposals in the queue, filtered by division", async () => {
    const w = await submittedProposal();
    const queue = await (await callRoute(queueLoader, await requestAs(w.reviewer.id, `/review?competition=${w.competition.id}`))).json();
    expect(queue.proposals.map((p: { id: number }) => p.id)).toEqual([w.proposalId]);
    const other = await (await callRoute(queueLoader, await requestAs(w.reviewer.id, `/review?competition=${w.competition.id}&division=${w.divisions[1].id}`))).json();
    expect(other.proposals).toEqual([]);
  });

  it("returns for 补正 only with reasons and a deadline", async () => {
    const w = await submittedProposal();
    const bare = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "return" }), w.params);
    expect(bare.status).toBe(400);
    expect((await bare.json()).fieldErrors).toMatchObject({ reasons: "review.initial.reasonsRequired", correctionDeadlineOn: "review.initial.deadlineInvalid" });
    const ok = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "return", reasons: "缺少登记证书扫描件", correctionDeadlineOn: tomorrow() }), w.params);
    expect(await ok.json()).toMatchObject({ ok: true, status: "returned" });
    const page = await (await callRoute(reviewLoader, await requestAs(w.reviewer.id, w.url), w.params)).json();
    expect(page.proposal.status).toBe("returned");
    expect(page.reviews[0]).toMatchObject({ decision: "return", reasons: "缺少登记证书扫描件" });
    const twice = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "reject", reasons: "重复作出结论" }), w.params);
    expect(twice.status).toBe(409);
  });

  it("rejects only with reasons, shown to the applicant as a proposal event", async () => {
    const w = await submittedProposal();
    const bare = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "reject", reasons: "" }), w.params);
    expect(bare.status).toBe(400);
    expect((await bare.json()).fieldErrors.reasons).toBe("review.initial.reasonsRequired");
    const ok = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "reject", reasons: "申报主体不在本区登记" }), w.params);
    expect(await ok.json()).toMatchObject({ ok: true, status: "rejected" });
    const event = await ctx.db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", w.proposalId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "rejected", note: "申报主体不在本区登记" });
  });

  it("passes only with the whole checklist ticked", async () => {
    const w = await submittedProposal();
    const none = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "pass" }), w.params);
    expect(none.status).toBe(400);
    expect((await none.json()).fieldErrors.checklist).toBe("review.initial.checklistIncomplete");
    const missingDecision = await callRoute(decideAction, await post(w.reviewer.id, w.url, { ...ticked }), w.params);
    expect((await missingDecision.json()).fieldErrors.decision).toBe("review.initial.decisionRequired");
    const ok = await callRoute(decideAction, await post(w.reviewer.id, w.url, { decision: "pass", ...ticked }), w.params);
    expect(await ok.json()).toMatchObject({ ok: true, status: "passed" });
    const audit = await ctx.db.selectFrom("audit_log").select(["action", "actor_id"]).where("action", "=", "initialReview.pass").executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(w.reviewer.id);
  });

  it("lets the reviewer download a proposal's attachment, and answers 404 for an unknown one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-files-"));
    process.env.ATTACHMENTS_DIR = dir;
    try {
      const w = await submittedProposal();
      const bytes = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
      fs.writeFileSync(path.join(dir, "k1.pdf"), bytes);
      const row = await ctx.db
        .insertInto("attachments")
        .values({ owner_type: "proposal", owner_id: w.proposalId, original_name: "登记证书.pdf", mime: "application/pdf", size_bytes: bytes.length, sha256: "x", storage_key: "k1.pdf", uploaded_by: null, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const page = await (await callRoute(reviewLoader, await requestAs(w.reviewer.id, w.url), w.params)).json();
      expect(page.attachments).toEqual([expect.objectContaining({ id: row.id, original_name: "登记证书.pdf" })]);
      const file = await callRoute(fileLoader, await requestAs(w.reviewer.id, `/review/files/${row.id}`), { attachmentId: String(row.id) });
      expect(file.status).toBe(200);
      expect(file.headers.get("Content-Type")).toBe("application/pdf");
      expect(file.headers.get("Content-Disposition")).toContain(encodeURIComponent("登记证书.pdf"));
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
      expect((await callRoute(fileLoader, await requestAs(w.reviewer.id, "/review/files/999"), { attachmentId: "999" })).status).toBe(404);
    } finally {
      delete process.env.ATTACHMENTS_DIR;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 404 for a draft or missing proposal", async () => {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const { proposalId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "draft" });
    expect((await callRoute(reviewLoader, await requestAs(w.reviewer.id, "/"), { id: String(proposalId) })).status).toBe(404);
    expect((await callRoute(reviewLoader, await requestAs(w.reviewer.id, "/"), { id: "99999" })).status).toBe(404);
  });
});

describe("expert invitation page", () => {
  async function invited() {
    const w = await createReviewWorld(ctx.db, { experts: 0 });
    const inv = await inviteExpert(ctx.db, { id: w.organizer.id, role: "organizer" }, { username: "prof.zhao", displayName: "赵教授", mobile: "" }, new Date());
    if (!inv.ok) throw new Error("invite failed");
    return { ...w, token: inv.token, expertId: inv.expertId, url: `/invite/${inv.token}`, params: { token: inv.token } };
  }

  it("shows whom the link is for and who sent it, without a login", async () => {
    const w = await invited();
    const page = await callRoute(inviteLoader, await requestAs(null, w.url), w.params);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ state: "valid", username: "prof.zhao", displayName: "赵教授", invitedBy: w.organizer.display_name });
  });

  it("sets the password once and refuses the link the second time", async () => {
    const w = await invited();
    const differ = await callRoute(inviteAction, await requestAs(null, w.url, { method: "POST", body: formBody({ password: "Xian-welfare-21", confirm: "Xian-welfare-22" }) }), w.params);
    expect(differ.status).toBe(400);
    expect((await differ.json()).fieldErrors.confirm).toBe("review.invite.passwordsDiffer");
    const weak = await callRoute(inviteAction, await requestAs(null, w.url, { method: "POST", body: formBody({ password: "12345678", confirm: "12345678" }) }), w.params);
    expect(weak.status).toBe(400);

    const ok = await callRoute(inviteAction, await requestAs(null, w.url, { method: "POST", body: formBody({ password: "Xian-welfare-21", confirm: "Xian-welfare-21" }) }), w.params);
    // a successful activation answers a success page (redirect → 200), never the 410 of a used link
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`${w.url}?activated=1`);
    const donePage = await callRoute(inviteLoader, await requestAs(null, `${w.url}?activated=1`), w.params);
    expect(donePage.status).toBe(200);
    expect(await donePage.json()).toMatchObject({ state: "used", done: true });
    const user = await ctx.db.selectFrom("users").select("password_hash").where("id", "=", w.expertId).executeTakeFirstOrThrow();
    expect(await verifyPassword("Xian-welfare-21", user.password_hash)).toBe(true);

    const second = await callRoute(inviteAction, await requestAs(null, w.url, { method: "POST", body: formBody({ password: "Another-pass-99", confirm: "Another-pass-99" }) }), w.params);
    expect(second.status).toBe(409);
    expect((await second.json()).fieldErrors._form).toBe("review.invite.used");
    const after = await ctx.db.selectFrom("users").select("password_hash").where("id", "=", w.expertId).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(user.password_hash);

    const usedPage = await callRoute(inviteLoader, await requestAs(null, w.url), w.params);
    expect(usedPage.status).toBe(410);
    expect((await usedPage.json()).state).toBe("used");
    expect(t("review.invite.state.used")).toMatch(CJK);
  });

  it("answers 404 for an unknown token and 410 for an expired one", async () => {
    const w = await invited();
    expect((await callRoute(inviteLoader, await requestAs(null, "/invite/nope"), { token: "nope" })).status).toBe(404);
    await ctx.db.updateTable("expert_invites").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const expired = await callRoute(inviteLoader, await requestAs(null, w.url), w.params);
    expect(expired.status).toBe(410);
    expect((await expired.json()).state).toBe("expired");
    const posted = await callRoute(inviteAction, await requestAs(null, w.url, { method: "POST", body: formBody({ password: "Xian-welfare-21", confirm: "Xian-welfare-21" }) }), w.params);
    expect(posted.status).toBe(409);
    expect((await posted.json()).fieldErrors._form).toBe("review.invite.expired");
  });
});
