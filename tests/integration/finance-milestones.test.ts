import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { accounts } from "~/domain/ledger";
import { onAgreementSigned } from "~/services/disbursement.server";
import { balanceOf } from "~/services/ledger.server";
import { evaluateMilestone, recordMissedDeadline, recordRecovery, releaseSigningTranche, submitMilestoneReport, terminateAgreement } from "~/services/milestones.server";
import { createUser } from "../support/factories";
import { useFreshDatabase } from "../support/db";
import { createContractedProposal, createFinanceWorld, createSignedAgreementWithMilestones, fundPool, signAgreement } from "../support/factories-finance";

// attachments land in a temporary directory, not the project's data/
process.env.ATTACHMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-finance-"));

const signedAt = new Date("2021-08-01T02:00:00Z");
const later = new Date("2021-08-20T02:00:00Z");

describe("signing an agreement", () => {
  const t = useFreshDatabase();

  it("commits the amount from the pool and creates 50/30/20 milestones due 15 working days, 180 and 365 days after signing", async () => {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 10_000_000);
    const { agreementId, milestones } = await createSignedAgreementWithMilestones(t.db, world, 8_000_001, { now: signedAt });
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(1_999_999);
    expect(await balanceOf(t.db, accounts.commitment(world.competition.id, agreementId))).toBe(8_000_001);
    expect(milestones.map((m) => [m.seq, m.amount_fen, m.due_on, m.requires_report, m.status])).toEqual([
      [1, 4_000_001, "2021-08-20", 0, "pending"],
      [2, 2_400_000, "2022-01-28", 1, "pending"],
      [3, 1_600_000, "2022-08-01", 1, "pending"],
    ]);
    const audit = await t.db.selectFrom("audit_log").select(["action", "entity_id"]).where("action", "=", "agreement.fundsCommitted").execute();
    expect(audit).toEqual([{ action: "agreement.fundsCommitted", entity_id: String(agreementId) }]);
  });

  it("refuses to sign when the uncommitted pool cannot cover the amount, and writes nothing", async () => {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 5_000_000);
    await createSignedAgreementWithMilestones(t.db, world, 3_000_000);
    const p = await createContractedProposal(t.db, world);
    await expect(signAgreement(t.db, world, p.proposalId, 2_000_001)).rejects.toMatchObject({
      key: "finance.error.poolInsufficient",
      params: { available: 2_000_000 },
    });
    expect(await t.db.selectFrom("agreements").select("id").where("proposal_id", "=", p.proposalId).execute()).toEqual([]);
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(2_000_000);
  });

  it("does nothing the second time it is called for the same agreement", async () => {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 10_000_000);
    const { agreementId } = await createSignedAgreementWithMilestones(t.db, world, 1_000_000);
    await onAgreementSigned(t.db, agreementId, world.organizer.id, later);
    expect(await t.db.selectFrom("milestones").select("id").where("agreement_id", "=", agreementId).execute()).toHaveLength(3);
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(9_000_000);
  });
});

describe("milestone reports, evaluations and payments", () => {
  const t = useFreshDatabase();

  async function setup() {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 10_000_000);
    const a = await createSignedAgreementWithMilestones(t.db, world, 8_000_000);
    const organizer = { id: world.organizer.id, role: "organizer" };
    const applicant = { id: a.applicantId, role: "applicant" };
    return { world, organizer, applicant, ...a };
  }

  it("pays the signing tranche on the organizer's release, without a report", async () => {
    const s = await setup();
    expect(await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later)).toMatchObject({ ok: true });
    expect(await balanceOf(t.db, accounts.paid(s.world.competition.id, s.organizationId))).toBe(4_000_000);
    expect(await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[1].id }, later)).toMatchObject({
      ok: false, fieldErrors: { _form: "finance.error.reportRequired" },
    });
  });

  it("refuses a report before the earlier tranche is paid, and a report on someone else's milestone", async () => {
    const s = await setup();
    const report = { milestoneId: s.milestones[1].id, summary: "中期活动已开展十二场" };
    expect(await submitMilestoneReport(t.db, s.applicant, report, [], later)).toMatchObject({ ok: false, fieldErrors: { _form: "finance.error.reportNotOpen" } });
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    const stranger = await createUser(t.db, "applicant");
    expect(await submitMilestoneReport(t.db, { id: stranger.id, role: "applicant" }, report, [], later)).toMatchObject({ ok: false, status: 404 });
    expect(await submitMilestoneReport(t.db, s.organizer, report, [], later)).toMatchObject({ ok: false, status: 403 });
  });

  it("stores the report's attachments and pays the tranche when the evaluation passes", async () => {
    const s = await setup();
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    const file = { name: "中期报告.pdf", type: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.4 report") };
    const sub = await submitMilestoneReport(t.db, s.applicant, { milestoneId: s.milestones[1].id, summary: "中期活动已开展十二场" }, [file], later);
    expect(sub).toMatchObject({ ok: true });
    const attachments = await t.db.selectFrom("attachments").selectAll().where("owner_type", "=", "milestone_report").execute();
    expect(attachments).toHaveLength(1);
    expect(attachments[0].original_name).toBe("中期报告.pdf");
    const ev = await evaluateMilestone(t.db, s.organizer, { milestoneId: s.milestones[1].id, score: "85", note: "执行良好" }, later);
    expect(ev).toMatchObject({ ok: true, grade: "good", outcome: "pay" });
    expect(await balanceOf(t.db, accounts.paid(s.world.competition.id, s.organizationId))).toBe(6_400_000);
    expect(await balanceOf(t.db, accounts.commitment(s.world.competition.id, s.agreementId))).toBe(1_600_000);
    const key = await t.db.selectFrom("ledger_entries").select("idempotency_key").where("kind", "=", "tranche").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(key.idempotency_key).toBe(`tranche:${s.milestones[1].id}`);
  });

  it("refuses an attachment of a type it does not accept", async () => {
    const s = await setup();
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    const exe = { name: "x.exe", type: "application/x-msdownload", bytes: new Uint8Array([1, 2, 3]) };
    expect(await submitMilestoneReport(t.db, s.applicant, { milestoneId: s.milestones[1].id, summary: "中期活动已开展十二场" }, [exe], later)).toMatchObject({
      ok: false, status: 400, fieldErrors: { files: "finance.validation.fileType" },
    });
  });

  it("allows one rectification after a fail, and terminates the agreement on the second fail", async () => {
    const s = await setup();
    const m2 = s.milestones[1].id;
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    await submitMilestoneReport(t.db, s.applicant, { milestoneId: m2, summary: "中期活动开展不足，台账不全" }, [], later);
    expect(await evaluateMilestone(t.db, s.organizer, { milestoneId: m2, score: "55", note: "活动不足" }, later)).toMatchObject({ ok: true, grade: "fail", outcome: "rectify" });
    expect((await t.db.selectFrom("milestones").select(["status", "fail_count", "due_on"]).where("id", "=", m2).executeTakeFirstOrThrow())).toEqual({
      status: "rectifying", fail_count: 1, due_on: "2021-09-19", // 30 days to rectify from the evaluation on 2021-08-20
    });
    await submitMilestoneReport(t.db, s.applicant, { milestoneId: m2, summary: "整改后补充了活动记录" }, [], later);
    const second = await evaluateMilestone(t.db, s.organizer, { milestoneId: m2, score: "50", note: "整改仍不合格" }, later);
    expect(second).toMatchObject({ ok: true, outcome: "terminate", returnedFen: 4_000_000 });
    expect((await t.db.selectFrom("agreements").select("status").where("id", "=", s.agreementId).executeTakeFirstOrThrow()).status).toBe("terminated");
    expect((await t.db.selectFrom("proposals").select("status").where("id", "=", s.proposalId).executeTakeFirstOrThrow()).status).toBe("terminated");
    const statuses = await t.db.selectFrom("milestones").select("status").where("agreement_id", "=", s.agreementId).orderBy("seq").execute();
    expect(statuses.map((m) => m.status)).toEqual(["paid", "failed", "cancelled"]);
    expect(await balanceOf(t.db, accounts.commitment(s.world.competition.id, s.agreementId))).toBe(0);
    expect(await balanceOf(t.db, accounts.pool(s.world.competition.id))).toBe(2_000_000 + 4_000_000);
  });

  it("records recovered money back into the pool, never more than was paid, and once per request", async () => {
    const s = await setup();
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    await terminateAgreement(t.db, s.organizer, { agreementId: s.agreementId, reason: "严重违反协议约定" }, later);
    const tooMuch = await recordRecovery(t.db, s.organizer, { agreementId: s.agreementId, amount: "40000.01", receivedOn: "2021-09-01", note: "退回", requestKey: "req-aaaaaaaa" }, later);
    expect(tooMuch).toMatchObject({ ok: false, status: 400, fieldErrors: { amount: "finance.error.recoveryExceedsPaid" } });
    const input = { agreementId: s.agreementId, amount: "15000", receivedOn: "2021-09-01", note: "退回未使用资金", requestKey: "req-bbbbbbbb" };
    expect(await recordRecovery(t.db, s.organizer, input, later)).toMatchObject({ ok: true, replayed: false });
    expect(await recordRecovery(t.db, s.organizer, input, later)).toMatchObject({ ok: true, replayed: true });
    expect(await balanceOf(t.db, accounts.recovered(s.world.competition.id, s.organizationId))).toBe(1_500_000);
    expect(await balanceOf(t.db, accounts.pool(s.world.competition.id))).toBe(2_000_000 + 4_000_000 + 1_500_000);
    const audits = await t.db.selectFrom("audit_log").select("action").where("action", "=", "agreement.fundsRecovered").execute();
    expect(audits).toHaveLength(1);
  });

  it("counts a report missing after its due date as a fail: rectification first, termination the second time", async () => {
    const s = await setup();
    const m2 = s.milestones[1];
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    const onTime = new Date("2022-01-28T10:00:00Z"); // due 2022-01-28 (signed 2021-08-01 + 180 days)
    expect(await recordMissedDeadline(t.db, s.organizer, { milestoneId: m2.id, note: "未按期提交中期报告" }, onTime)).toMatchObject({
      ok: false, status: 409, fieldErrors: { _form: "finance.error.notOverdue" },
    });
    const late = new Date("2022-01-29T02:00:00Z");
    expect(await recordMissedDeadline(t.db, s.organizer, { milestoneId: m2.id, note: "未按期提交中期报告" }, late)).toMatchObject({
      ok: true, outcome: "rectify", dueOn: "2022-02-28",
    });
    const stillLate = new Date("2022-03-01T02:00:00Z");
    expect(await recordMissedDeadline(t.db, s.organizer, { milestoneId: m2.id, note: "整改期满仍未提交" }, stillLate)).toMatchObject({
      ok: true, outcome: "terminate", returnedFen: 4_000_000,
    });
    expect((await t.db.selectFrom("agreements").select("status").where("id", "=", s.agreementId).executeTakeFirstOrThrow()).status).toBe("terminated");
    expect(await balanceOf(t.db, accounts.commitment(s.world.competition.id, s.agreementId))).toBe(0);
    const audit = await t.db.selectFrom("audit_log").select("action").where("entity_type", "=", "milestone").where("entity_id", "=", String(m2.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(["milestone.deadlineMissed", "milestone.deadlineMissed"]);
  });

  it("does not fail a tranche for a missing report while the earlier tranche is unpaid", async () => {
    const s = await setup();
    expect(await recordMissedDeadline(t.db, s.organizer, { milestoneId: s.milestones[1].id, note: "未交" }, new Date("2022-06-01T02:00:00Z"))).toMatchObject({
      ok: false, fieldErrors: { _form: "finance.error.notOverdue" },
    });
  });

  it("refuses every finance action to the wrong role before looking at the input", async () => {
    const s = await setup();
    const { createSponsor, receiveContribution } = await import("~/services/sponsors.server");
    expect(await createSponsor(t.db, s.applicant, {}, later)).toMatchObject({ ok: false, status: 403 });
    expect(await receiveContribution(t.db, s.applicant, {}, later)).toMatchObject({ ok: false, status: 403 });
    expect(await releaseSigningTranche(t.db, s.applicant, { milestoneId: s.milestones[0].id }, later)).toMatchObject({ ok: false, status: 403 });
    expect(await evaluateMilestone(t.db, s.applicant, {}, later)).toMatchObject({ ok: false, status: 403 });
    expect(await terminateAgreement(t.db, s.applicant, { agreementId: s.agreementId, reason: "想终止协议" }, later)).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.selectFrom("ledger_entries").select("id").where("kind", "=", "tranche").execute()).toEqual([]);
  });

  it("records an audit entry for every state change", async () => {
    const s = await setup();
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, later);
    await submitMilestoneReport(t.db, s.applicant, { milestoneId: s.milestones[1].id, summary: "中期活动已开展十二场" }, [], later);
    await evaluateMilestone(t.db, s.organizer, { milestoneId: s.milestones[1].id, score: "92", note: "优秀" }, later);
    const actions = (await t.db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((r) => r.action);
    expect(actions).toEqual([
      "sponsor.created", "contribution.pledged", "contribution.received", "agreement.fundsCommitted",
      "milestone.released", "milestone.reportSubmitted", "milestone.evaluated",
    ]);
  });
});
