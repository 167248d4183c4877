// Agreements: generated and signed only after the notice period with no objection standing;
// signed by the organization then the organizer (password + text hash); immutable once signed.
import { sql } from "kysely";
import { decideObjection, fileObjection } from "~/services/objections.server";
import { generateAgreements, regenerateAgreement, signAgreement } from "~/services/agreements.server";
import { sha256Hex } from "~/services/notices.server";
import { useFreshDatabase } from "../support/db";
import { TEST_PASSWORD, createUser } from "../support/factories";
import { fundPool } from "../support/factories-finance";
import { createReviewedCompetition, createSignedAgreement, insertNotice } from "../support/factories-notice";

const ctx = useFreshDatabase();

const PERIOD_ENDS_AT = "2021-07-12T15:59:59.999Z";
const beforeEnd = new Date(Date.parse(PERIOD_ENDS_AT) - 60_000);
const afterEnd = new Date("2021-07-13T02:00:00Z");

async function world(options: { fund?: number } = {}) {
  const w = await createReviewedCompetition(ctx.db, { proposals: 2, requestedFen: 5_000_000 });
  const noticeId = await insertNotice(ctx.db, {
    competitionId: w.competition.id, publishedBy: w.organizer.id, periodEndsAt: PERIOD_ENDS_AT,
    rows: w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 })),
  });
  if (options.fund) await fundPool(ctx.db, { ...w, noticeId }, options.fund);
  const organizer = { id: w.organizer.id, role: "organizer" };
  const applicant = (i: number) => ({ id: w.proposals[i].applicantId, role: "applicant" });
  return { ...w, noticeId, organizer, applicant };
}

/** A draft inserted directly, so the signing rules are tested on their own. */
async function insertDraft(w: Awaited<ReturnType<typeof world>>, i: number) {
  const text = `协议文本 ${i}`;
  return (
    await ctx.db
      .insertInto("agreements")
      .values({
        proposal_id: w.proposals[i].proposalId, competition_id: w.competition.id, notice_id: w.noticeId, amount_fen: 5_000_000,
        text, text_sha256: sha256Hex(text), status: "draft", org_signed_by: null, org_signed_at: null,
        organizer_signed_by: null, organizer_signed_at: null, created_at: "2021-07-13T01:00:00.000Z",
      })
      .returning(["id", "text_sha256"])
      .executeTakeFirstOrThrow()
  );
}

const signInput = (hash: string, password = TEST_PASSWORD) => ({ password, textSha256: hash, confirm: "yes" });

async function objectTo(w: Awaited<ReturnType<typeof world>>, i: number) {
  const r = await fileObjection(
    ctx.db, w.noticeId,
    { proposalId: String(w.proposals[i].proposalId), name: "李四", mobile: "13811112222", relation: "resident", reasons: "项目实施地点与申报材料不符，社区并无此项服务需求。" },
    null, new Date("2021-07-08T02:00:00Z"), `agreements-test-${Math.random()}`,
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.objectionId;
}

describe("generating agreements", () => {
  it("refuses before the notice period ends, then drafts one per funded row with the text's SHA-256", async () => {
    const w = await world();
    expect(await generateAgreements(ctx.db, w.organizer, w.competition.id, beforeEnd)).toMatchObject({
      ok: false, status: 409, fieldErrors: { _form: "agreement.error.periodNotEnded" },
    });
    const result = await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd);
    expect(result).toMatchObject({ ok: true, blocked: [] });
    const rows = await ctx.db.selectFrom("agreements").selectAll().orderBy("id").execute();
    expect(rows.map((r) => [r.proposal_id, r.status, r.amount_fen])).toEqual(w.proposals.map((p) => [p.proposalId, "draft", 5_000_000]));
    expect(rows[0].text_sha256).toBe(sha256Hex(rows[0].text));
    expect(rows[0].text).toContain("伍万元整");
    expect(rows[0].text).toContain("首期款");
    // running it again creates nothing new
    expect(await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd)).toMatchObject({ ok: true, created: [] });
  });

  it("holds back a project with a pending or an upheld objection", async () => {
    const w = await world();
    const objectionId = await objectTo(w, 0);
    let result = await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd);
    expect(result).toMatchObject({ ok: true, blocked: [{ proposalId: w.proposals[0].proposalId, reason: "pending" }] });
    await decideObjection(ctx.db, w.organizer, objectionId, { decision: "upheld", finding: "经核查异议属实，取消资助。" }, afterEnd);
    result = await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd);
    expect(result).toMatchObject({ ok: true, created: [], blocked: [{ proposalId: w.proposals[0].proposalId, reason: "upheld" }] });
  });
});

describe("signing an agreement", () => {
  it("cannot be signed before the notice period ends", async () => {
    const w = await world({ fund: 20_000_000 });
    const draft = await insertDraft(w, 0);
    expect(await signAgreement(ctx.db, w.applicant(0), draft.id, signInput(draft.text_sha256), beforeEnd)).toMatchObject({
      ok: false, status: 409, fieldErrors: { _form: "agreement.error.periodNotEnded" },
    });
    const row = await ctx.db.selectFrom("agreements").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("cannot be signed for a proposal with an upheld objection", async () => {
    const w = await world({ fund: 20_000_000 });
    const draft = await insertDraft(w, 0);
    const objectionId = await objectTo(w, 0);
    await decideObjection(ctx.db, w.organizer, objectionId, { decision: "upheld", finding: "经核查异议属实，取消资助。" }, afterEnd);
    expect(await signAgreement(ctx.db, w.applicant(0), draft.id, signInput(draft.text_sha256), afterEnd)).toMatchObject({
      ok: false, fieldErrors: { _form: "agreement.error.objectionUpheld" },
    });
  });

  it("cannot be signed while an objection is still pending", async () => {
    const w = await world({ fund: 20_000_000 });
    const draft = await insertDraft(w, 0);
    await objectTo(w, 0);
    expect(await signAgreement(ctx.db, w.applicant(0), draft.id, signInput(draft.text_sha256), afterEnd)).toMatchObject({
      ok: false, fieldErrors: { _form: "agreement.error.objectionPending" },
    });
  });

  it("is signed by the organization, then countersigned by the organizer: contracted, with milestones", async () => {
    const w = await world({ fund: 20_000_000 });
    await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd);
    const agreement = await ctx.db.selectFrom("agreements").selectAll().where("proposal_id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();

    expect(await signAgreement(ctx.db, w.organizer, agreement.id, signInput(agreement.text_sha256), afterEnd)).toMatchObject({ ok: false, fieldErrors: { _form: "agreement.error.orgFirst" } });
    expect(await signAgreement(ctx.db, w.applicant(1), agreement.id, signInput(agreement.text_sha256), afterEnd)).toMatchObject({ ok: false, status: 404 });
    expect(await signAgreement(ctx.db, w.applicant(0), agreement.id, signInput(agreement.text_sha256, "wrong-password"), afterEnd)).toMatchObject({
      ok: false, status: 400, fieldErrors: { password: "agreement.error.wrongPassword" },
    });
    expect(await signAgreement(ctx.db, w.applicant(0), agreement.id, signInput("0".repeat(64)), afterEnd)).toMatchObject({ ok: false, fieldErrors: { _form: "agreement.error.textChanged" } });

    const orgSigned = new Date("2021-07-20T02:00:00Z");
    expect(await signAgreement(ctx.db, w.applicant(0), agreement.id, signInput(agreement.text_sha256), orgSigned)).toMatchObject({ ok: true, status: "org_signed" });
    const signed = new Date("2021-07-21T02:00:00Z");
    expect(await signAgreement(ctx.db, w.organizer, agreement.id, signInput(agreement.text_sha256), signed)).toMatchObject({ ok: true, status: "signed" });

    const row = await ctx.db.selectFrom("agreements").selectAll().where("id", "=", agreement.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "signed", org_signed_by: w.proposals[0].applicantId, org_signed_at: orgSigned.toISOString(),
      organizer_signed_by: w.organizer.id, organizer_signed_at: signed.toISOString(), text_sha256: agreement.text_sha256,
    });
    const proposal = await ctx.db.selectFrom("proposals").select("status").where("id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
    expect(proposal.status).toBe("contracted");
    const milestones = await ctx.db.selectFrom("milestones").select(["seq", "amount_fen"]).where("agreement_id", "=", agreement.id).orderBy("seq").execute();
    expect(milestones.map((m) => m.amount_fen)).toEqual([2_500_000, 1_500_000, 1_000_000]);
    const audit = await ctx.db.selectFrom("audit_log").select("action").where("entity_type", "=", "agreement").execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["agreement.orgSigned", "agreement.signed", "agreement.fundsCommitted"]));
  });

  it("turns a pool that cannot cover the agreement into a clear refusal and leaves it unsigned by the organizer", async () => {
    const w = await world({ fund: 1_000_000 });
    await generateAgreements(ctx.db, w.organizer, w.competition.id, afterEnd);
    const agreement = await ctx.db.selectFrom("agreements").selectAll().where("proposal_id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
    await signAgreement(ctx.db, w.applicant(0), agreement.id, signInput(agreement.text_sha256), afterEnd);
    const result = await signAgreement(ctx.db, w.organizer, agreement.id, signInput(agreement.text_sha256), afterEnd);
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "finance.error.poolInsufficient" } });
    const row = await ctx.db.selectFrom("agreements").select(["status", "organizer_signed_at"]).where("id", "=", agreement.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "org_signed", organizer_signed_at: null });
    const proposal = await ctx.db.selectFrom("proposals").select("status").where("id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
    expect(proposal.status).toBe("passed");
  });
});

describe("a signed agreement is immutable", () => {
  it("the service refuses to change or re-sign it", async () => {
    const { agreementId, organizerId, applicantId, } = await createSignedAgreement(ctx.db);
    const row = await ctx.db.selectFrom("agreements").select("text_sha256").where("id", "=", agreementId).executeTakeFirstOrThrow();
    expect(await regenerateAgreement(ctx.db, { id: organizerId, role: "organizer" }, agreementId, afterEnd)).toMatchObject({
      ok: false, status: 409, fieldErrors: { _form: "agreement.error.immutable" },
    });
    expect(await signAgreement(ctx.db, { id: applicantId, role: "applicant" }, agreementId, signInput(row.text_sha256), afterEnd)).toMatchObject({
      ok: false, fieldErrors: { _form: "agreement.error.alreadySigned" },
    });
  });

  it("a direct UPDATE of its text, amount or signature, or a DELETE, is aborted by the database", async () => {
    const { agreementId } = await createSignedAgreement(ctx.db);
    const other = await createUser(ctx.db, "organizer");
    await expect(sql`update agreements set text = 'changed' where id = ${agreementId}`.execute(ctx.db)).rejects.toThrow(/immutable/);
    await expect(sql`update agreements set amount_fen = 1 where id = ${agreementId}`.execute(ctx.db)).rejects.toThrow(/immutable/);
    await expect(sql`update agreements set organizer_signed_by = ${other.id} where id = ${agreementId}`.execute(ctx.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from agreements where id = ${agreementId}`.execute(ctx.db)).rejects.toThrow(/immutable/);
    const row = await ctx.db.selectFrom("agreements").select(["text", "amount_fen"]).where("id", "=", agreementId).executeTakeFirstOrThrow();
    expect(row.text).not.toBe("changed");
    expect(row.amount_fen).toBe(5_000_000);
  });
});
