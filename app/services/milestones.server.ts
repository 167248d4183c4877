// Tranches after signing: the organization reports on a milestone, the organizer evaluates it, a pass
// pays the tranche (commitment → paid), a first fail asks for rectification and a second fail ends the
// agreement (the unpaid commitment returns to the pool). Recovered money goes back to the pool.
// Every state change is checked and written inside one writeTransaction (the write lock on either engine), so two clicks
// on the same tranche pay it once.
import { randomUUID } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { RECTIFY_DAYS, canSubmitReport, evaluationOutcome, gradeForScore, missedDeadlineOutcome } from "../domain/evaluation";
import { accounts, assertRecoveryWithinPaid, recoveryEntry, releaseEntry, trancheEntry } from "../domain/ledger";
import { formatYuan } from "../domain/money";
import { addCalendarDays, shanghaiDate } from "../domain/time";
import {
  type EvaluationInput, type MissedDeadlineInput, type RecoveryInput, type ReleaseInput, type ReportInput, type TerminationInput,
  evaluationSchema, missedDeadlineSchema, recoverySchema, releaseSchema, reportSchema, terminationSchema,
} from "../schemas/finance";
import { parseWithSchema } from "../utils/forms";
import { anyContains } from "../utils/list-query.server";
import { SIGNED_AGREEMENT_STATUSES } from "../domain/agreement-status";
import { type AttachmentMime, OFFICE_TYPES, readAttachmentBytes, safeFileName, sniffFileType, withBlobs } from "./attachments.server";
import { recordAudit } from "./audit.server";
import { notifyAgreementTerminated, notifyTrancheReleased } from "./notifications/notify.server";
import { competitionNow } from "./rehearsal.server";
import { type Actor, type Failure, FinanceError, forbidUnless, balanceOf, postEntry, toFailure } from "./ledger.server";
import { once } from "./once.server";

type In<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

function invalid(fieldErrors: Record<string, string>): Failure {
  return { ok: false, status: 400, fieldErrors };
}

async function loadContext(trx: DB, milestoneId: number) {
  const milestone = await trx.selectFrom("milestones").selectAll().where("id", "=", milestoneId).executeTakeFirst();
  if (!milestone) throw new FinanceError("error.notFound", 404);
  const agreement = await trx.selectFrom("agreements").selectAll().where("id", "=", milestone.agreement_id).executeTakeFirstOrThrow();
  const proposal = await trx
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["proposals.id", "proposals.title", "proposals.status", "proposals.organization_id", "organizations.user_id", "organizations.name as organization"])
    .where("proposals.id", "=", agreement.proposal_id)
    .executeTakeFirstOrThrow();
  return { milestone, agreement, proposal };
}

type Context = Awaited<ReturnType<typeof loadContext>>;

/** Pays one tranche inside the caller's transaction: status check, ledger entry, status change. */
async function payTranche(trx: DB, ctx: Context, actorId: number, now: Date) {
  const { milestone, agreement, proposal } = ctx;
  if (milestone.status === "paid") throw new FinanceError("finance.error.alreadyPaid");
  if (agreement.status !== "signed") throw new FinanceError("finance.error.agreementNotActive");
  // A zero tranche (a tiny grant split by percents) is marked paid without a ledger line.
  const { entryId, replayed } = milestone.amount_fen === 0 ? { entryId: null, replayed: false } : await postEntry(
    trx,
    trancheEntry({
      competitionId: agreement.competition_id,
      agreementId: agreement.id,
      organizationId: proposal.organization_id,
      milestoneId: milestone.id,
      amountFen: milestone.amount_fen,
      memo: `拨付 ${proposal.title} · ${milestone.name}`,
    }),
    actorId,
    now,
  );
  if (replayed) throw new FinanceError("finance.error.alreadyPaid");
  const updated = await trx
    .updateTable("milestones")
    .set({ status: "paid" })
    .where("id", "=", milestone.id)
    .where("status", "<>", "paid")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new FinanceError("finance.error.alreadyPaid");
  const open = await trx
    .selectFrom("milestones")
    .select("id")
    .where("agreement_id", "=", agreement.id)
    .where("status", "<>", "paid")
    .executeTakeFirst();
  if (!open) {
    await trx.updateTable("agreements").set({ status: "completed" }).where("id", "=", agreement.id).execute();
    await trx.updateTable("proposals").set({ status: "completed", updated_at: now.toISOString() }).where("id", "=", proposal.id).execute();
  }
  await notifyTrancheReleased(trx, { agreementId: agreement.id, milestoneName: milestone.name, amountFen: milestone.amount_fen, now }); // notify (issue 12)
  return { entryId, completed: !open };
}

/** The organizer releases the signing tranche, which needs no report. */
export async function releaseSigningTranche(db: DB, actor: Actor, input: In<ReleaseInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(releaseSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `milestone.release.${parsed.data.milestoneId}`, userId: actor.id }, now, async () => {
      const ctx = await loadContext(trx, parsed.data.milestoneId);
      now = await competitionNow(trx, ctx.agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
      if (ctx.milestone.requires_report) throw new FinanceError("finance.error.reportRequired");
      if (ctx.milestone.status !== "pending") throw new FinanceError(ctx.milestone.status === "paid" ? "finance.error.alreadyPaid" : "finance.error.wrongStatus");
      const result = await payTranche(trx, ctx, actor.id, now);
      await recordAudit(trx, {
        actorId: actor.id, action: "milestone.released", entityType: "milestone", entityId: ctx.milestone.id,
        before: { status: ctx.milestone.status }, after: { status: "paid", amountFen: ctx.milestone.amount_fen, ledgerEntryId: result.entryId }, now,
      });
      return { ok: true as const, ...result };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

export interface UploadedFile {
  name: string;
  /** What the browser claimed; ignored: the type is read from the bytes. */
  type?: string;
  bytes: Uint8Array;
}

export const REPORT_FILE_LIMITS = { maxFiles: 5, maxBytes: 10 * 1024 * 1024, mimes: OFFICE_TYPES };

/** The organization reports on a milestone (or resubmits after a fail), with attachments. */
export async function submitMilestoneReport(db: DB, actor: Actor, input: In<ReportInput>, files: UploadedFile[], now: Date) {
  const denied = forbidUnless(actor, "applicant");
  if (denied) return denied;
  const parsed = parseWithSchema(reportSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  const real = files.filter((f) => f.bytes.byteLength > 0);
  if (real.length > REPORT_FILE_LIMITS.maxFiles) return invalid({ files: "finance.validation.tooManyFiles" });
  const typed: { file: UploadedFile; mime: AttachmentMime; name: string }[] = [];
  for (const f of real) {
    if (f.bytes.byteLength > REPORT_FILE_LIMITS.maxBytes) return invalid({ files: "finance.validation.fileTooLarge" });
    const mime = sniffFileType(f.bytes, REPORT_FILE_LIMITS.mimes);
    if (!mime) return invalid({ files: "finance.validation.fileType" });
    typed.push({ file: f, mime, name: safeFileName(f.name, mime) });
  }
  try {
    // one-time form: the report sent twice (double click, resend) is filed once and both posts are answered as done
    const submission = { key: input.formKey, action: `milestone.report.${parsed.data.milestoneId}`, userId: actor.id };
    return await withBlobs(db, now, (store) => writeTransaction(db, (trx) => once(trx, submission, now, async () => {
      const ctx = await loadContext(trx, parsed.data.milestoneId);
      now = await competitionNow(trx, ctx.agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
      if (ctx.proposal.user_id !== actor.id) throw new FinanceError("error.notFound", 404);
      if (ctx.agreement.status !== "signed") throw new FinanceError("finance.error.agreementNotActive");
      const all = await trx.selectFrom("milestones").select(["seq", "status"]).where("agreement_id", "=", ctx.agreement.id).execute();
      if (!canSubmitReport(ctx.milestone, all)) throw new FinanceError("finance.error.reportNotOpen");
      // Only now, with the owner and the tranche checked, does anything reach the disk.
      const stored = [];
      for (const t of typed) stored.push({ ...t, blob: await store(trx, t.file.bytes) });
      const report = await trx
        .insertInto("milestone_reports")
        .values({ milestone_id: ctx.milestone.id, summary: parsed.data.summary, submitted_by: actor.id, submitted_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const s of stored) {
        await trx
          .insertInto("attachments")
          .values({
            owner_type: "milestone_report", owner_id: report.id, original_name: s.name, mime: s.mime,
            size_bytes: s.file.bytes.byteLength, sha256: s.blob.sha256, storage_key: s.blob.storageKey, uploaded_by: actor.id,
            created_at: now.toISOString(),
          })
          .execute();
      }
      await trx.updateTable("milestones").set({ status: "submitted" }).where("id", "=", ctx.milestone.id).execute();
      await recordAudit(trx, {
        actorId: actor.id, action: "milestone.reportSubmitted", entityType: "milestone", entityId: ctx.milestone.id,
        before: { status: ctx.milestone.status }, after: { status: "submitted", reportId: report.id, files: stored.map((s) => s.blob.sha256) }, now,
      });
      return { ok: true as const, reportId: report.id };
    })));
  } catch (error) {
    return toFailure(error);
  }
}

/** Ends an agreement inside the caller's transaction: unpaid commitment back to the pool, open tranches cancelled. */
async function terminateInTransaction(trx: DB, agreementId: number, actorId: number, reason: string, now: Date) {
  const agreement = await trx.selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirst();
  if (!agreement) throw new FinanceError("error.notFound", 404);
  if (agreement.status !== "signed") throw new FinanceError("finance.error.agreementNotActive");
  const proposal = await trx.selectFrom("proposals").select(["id", "title", "status"]).where("id", "=", agreement.proposal_id).executeTakeFirstOrThrow();
  const remaining = await balanceOf(trx, accounts.commitment(agreement.competition_id, agreement.id));
  let entryId: number | null = null;
  if (remaining > 0) {
    ({ entryId } = await postEntry(
      trx,
      releaseEntry({ competitionId: agreement.competition_id, agreementId, amountFen: remaining, memo: `终止协议，承诺余额退回资金池：${proposal.title}` }),
      actorId,
      now,
    ));
  }
  await trx.updateTable("agreements").set({ status: "terminated" }).where("id", "=", agreementId).execute();
  await trx.updateTable("proposals").set({ status: "terminated", updated_at: now.toISOString() }).where("id", "=", proposal.id).execute();
  await trx
    .updateTable("milestones")
    .set({ status: "cancelled" })
    .where("agreement_id", "=", agreementId)
    .where("status", "in", ["pending", "submitted", "rectifying"])
    .execute();
  await recordAudit(trx, {
    actorId, action: "agreement.terminated", entityType: "agreement", entityId: agreementId,
    before: { status: agreement.status, proposalStatus: proposal.status },
    after: { status: "terminated", proposalStatus: "terminated", returnedToPoolFen: remaining, ledgerEntryId: entryId, reason },
    now,
  });
  await notifyAgreementTerminated(trx, { agreementId, reason, now }); // notify (issue 12)
  return { returnedFen: remaining };
}

/** The organizer records an evaluation of the latest report: pass pays, fail asks for rectification or terminates. */
export async function evaluateMilestone(db: DB, actor: Actor, input: In<EvaluationInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(evaluationSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `milestone.evaluate.${parsed.data.milestoneId}`, userId: actor.id }, now, async () => {
      const ctx = await loadContext(trx, parsed.data.milestoneId);
      now = await competitionNow(trx, ctx.agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
      if (ctx.milestone.status !== "submitted") {
        throw new FinanceError(ctx.milestone.status === "paid" ? "finance.error.alreadyPaid" : "finance.error.notSubmitted");
      }
      const report = await trx
        .selectFrom("milestone_reports")
        .select("id")
        .where("milestone_id", "=", ctx.milestone.id)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
      const grade = gradeForScore(parsed.data.score);
      const outcome = evaluationOutcome(ctx.milestone.status, ctx.milestone.fail_count, grade);
      const evaluation = await trx
        .insertInto("milestone_evaluations")
        .values({
          milestone_id: ctx.milestone.id, report_id: report.id, grade, score_centi: parsed.data.score, note: parsed.data.note,
          evaluator_id: actor.id, created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      let paid: { entryId: number | null } | null = null;
      if (outcome.kind === "pay") {
        paid = await payTranche(trx, ctx, actor.id, now);
      } else {
        // a rectification gets a fresh deadline; a terminating fail keeps the old one
        const dueOn = outcome.kind === "rectify" ? addCalendarDays(shanghaiDate(now), RECTIFY_DAYS) : ctx.milestone.due_on;
        await trx
          .updateTable("milestones")
          .set({ status: outcome.status, fail_count: outcome.failCount, due_on: dueOn })
          .where("id", "=", ctx.milestone.id)
          .execute();
      }
      await recordAudit(trx, {
        actorId: actor.id, action: "milestone.evaluated", entityType: "milestone", entityId: ctx.milestone.id,
        before: { status: ctx.milestone.status, failCount: ctx.milestone.fail_count },
        after: { status: outcome.status, failCount: outcome.failCount, grade, scoreCenti: parsed.data.score, evaluationId: evaluation.id, ledgerEntryId: paid?.entryId ?? null },
        now,
      });
      let returnedFen = 0;
      if (outcome.kind === "terminate") {
        ({ returnedFen } = await terminateInTransaction(trx, ctx.agreement.id, actor.id, `中期/结项评估两次不合格：${parsed.data.note}`, now));
      }
      return { ok: true as const, grade, outcome: outcome.kind, returnedFen };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * The organizer records that a tranche's report is missing after its due date: it counts as a fail
 * (first time: rectification with a new due date RECTIFY_DAYS ahead; second time: termination).
 */
export async function recordMissedDeadline(db: DB, actor: Actor, input: In<MissedDeadlineInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(missedDeadlineSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    // one-time form: the same rendered form posted twice records the missed report once
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `milestone.missed.${parsed.data.milestoneId}`, userId: actor.id }, now, async () => {
      const ctx = await loadContext(trx, parsed.data.milestoneId);
      now = await competitionNow(trx, ctx.agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
      if (ctx.agreement.status !== "signed") throw new FinanceError("finance.error.agreementNotActive");
      const today = shanghaiDate(now);
      const all = await trx.selectFrom("milestones").select(["seq", "status"]).where("agreement_id", "=", ctx.agreement.id).execute();
      const outcome = missedDeadlineOutcome(ctx.milestone, today);
      // only a report the organization could have submitted can be missing
      if (!outcome || !canSubmitReport(ctx.milestone, all)) throw new FinanceError("finance.error.notOverdue");
      const dueOn = outcome.kind === "rectify" ? addCalendarDays(today, RECTIFY_DAYS) : ctx.milestone.due_on;
      await trx
        .updateTable("milestones")
        .set({ status: outcome.status, fail_count: outcome.failCount, due_on: dueOn })
        .where("id", "=", ctx.milestone.id)
        .execute();
      await recordAudit(trx, {
        actorId: actor.id, action: "milestone.deadlineMissed", entityType: "milestone", entityId: ctx.milestone.id,
        before: { status: ctx.milestone.status, failCount: ctx.milestone.fail_count, dueOn: ctx.milestone.due_on },
        after: { status: outcome.status, failCount: outcome.failCount, dueOn, note: parsed.data.note },
        now,
      });
      let returnedFen = 0;
      if (outcome.kind === "terminate") {
        ({ returnedFen } = await terminateInTransaction(trx, ctx.agreement.id, actor.id, `逾期未提交报告（第二次不合格）：${parsed.data.note}`, now));
      }
      return { ok: true as const, outcome: outcome.kind, dueOn, returnedFen };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/** The organizer ends an agreement (e.g. serious breach) with a reason. */
export async function terminateAgreement(db: DB, actor: Actor, input: In<TerminationInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(terminationSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    // one-time form: a double click or a resent 终止协议 is answered as done, not refused as "not active"
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `agreement.terminate.${parsed.data.agreementId}`, userId: actor.id }, now, async () => ({
      ok: true as const,
      ...(await terminateInTransaction(trx, parsed.data.agreementId, actor.id, parsed.data.reason, now)),
    })));
  } catch (error) {
    return toFailure(error);
  }
}

/** Money the organization paid back (never more than it was paid) returns to the pool. */
export async function recordRecovery(db: DB, actor: Actor, input: In<RecoveryInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(recoverySchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  const { agreementId, amount, receivedOn, note, requestKey } = parsed.data;
  try {
    return await writeTransaction(db, async (trx) => {
      const agreement = await trx.selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirst();
      if (!agreement || agreement.status === "draft" || agreement.status === "org_signed") throw new FinanceError("error.notFound", 404);
      const proposal = await trx.selectFrom("proposals").select(["organization_id", "title"]).where("id", "=", agreement.proposal_id).executeTakeFirstOrThrow();
      const draft = recoveryEntry({
        competitionId: agreement.competition_id,
        organizationId: proposal.organization_id,
        key: requestKey,
        amountFen: amount,
        memo: `追回资金 ${receivedOn}：${proposal.title}（${note}）`,
      });
      const exists = await trx.selectFrom("ledger_entries").select("id").where("idempotency_key", "=", draft.idempotencyKey).executeTakeFirst();
      if (!exists) {
        const paid = await balanceOf(trx, accounts.paid(agreement.competition_id, proposal.organization_id));
        const recovered = await balanceOf(trx, accounts.recovered(agreement.competition_id, proposal.organization_id));
        try {
          assertRecoveryWithinPaid(paid, recovered, amount);
        } catch {
          throw new FinanceError("finance.error.recoveryExceedsPaid", 400, { max: formatYuan(paid - recovered) }, "amount");
        }
      }
      const { entryId, replayed } = await postEntry(trx, draft, actor.id, now);
      if (!replayed) {
        await recordAudit(trx, {
          actorId: actor.id, action: "agreement.fundsRecovered", entityType: "agreement", entityId: agreementId,
          before: null, after: { amountFen: amount, receivedOn, note, ledgerEntryId: entryId }, now,
        });
      }
      return { ok: true as const, entryId, replayed };
    });
  } catch (error) {
    return toFailure(error);
  }
}


async function milestonesWithReports(db: DB, agreementIds: number[]) {
  if (agreementIds.length === 0) return [];
  const milestones = await db.selectFrom("milestones").selectAll().where("agreement_id", "in", agreementIds).orderBy("agreement_id").orderBy("seq").execute();
  const ids = milestones.map((m) => m.id);
  const reports = ids.length ? await db.selectFrom("milestone_reports").selectAll().where("milestone_id", "in", ids).orderBy("id").execute() : [];
  const reportIds = reports.map((r) => r.id);
  const evaluations = reportIds.length ? await db.selectFrom("milestone_evaluations").selectAll().where("report_id", "in", reportIds).execute() : [];
  const files = reportIds.length
    ? await db
        .selectFrom("attachments")
        .select(["id", "owner_id", "original_name", "size_bytes", "mime"])
        .where("owner_type", "=", "milestone_report")
        .where("owner_id", "in", reportIds)
        .orderBy("id")
        .execute()
    : [];
  return milestones.map((m) => ({
    ...m,
    reports: reports
      .filter((r) => r.milestone_id === m.id)
      .map((r) => ({
        ...r,
        files: files.filter((f) => f.owner_id === r.id),
        evaluation: evaluations.find((e) => e.report_id === r.id) ?? null,
      })),
  }));
}

/** The organizer's list: every signed (or ended) agreement of the competition with its tranches. */
export type MilestoneListFilter = { q: string; status: "" | "waiting" | (typeof SIGNED_AGREEMENT_STATUSES)[number]; offset: number; limit: number };

/** One page of the competition's signed agreements with their tranches (search by project or organization,
 * filter by agreement status or "a report waits for evaluation"), plus the page's total and the number of
 * reports waiting in the whole competition. */
export async function listAgreementMilestones(db: DB, competitionId: number, filter: MilestoneListFilter) {
  let base = db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .where("agreements.competition_id", "=", competitionId)
    .where("agreements.status", "in", [...SIGNED_AGREEMENT_STATUSES]);
  if (filter.q) base = base.where(anyContains(["proposals.title", "organizations.name"], filter.q));
  if (filter.status === "waiting") {
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("milestones").select("milestones.id").whereRef("milestones.agreement_id", "=", "agreements.id").where("milestones.status", "=", "submitted")),
    );
  } else if (filter.status) base = base.where("agreements.status", "=", filter.status);
  const [agreements, counted, waiting] = await Promise.all([
    base
      .select(["agreements.id", "agreements.amount_fen", "agreements.status", "proposals.title", "organizations.name as organization"])
      .orderBy("agreements.id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db
      .selectFrom("milestones")
      .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
      .where("agreements.competition_id", "=", competitionId)
      .where("agreements.status", "in", [...SIGNED_AGREEMENT_STATUSES])
      .where("milestones.status", "=", "submitted")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const milestones = await milestonesWithReports(db, agreements.map((a) => a.id));
  return {
    total: Number(counted.n),
    waitingReports: Number(waiting.n),
    agreements: agreements.map((a) => ({ ...a, milestones: milestones.filter((m) => m.agreement_id === a.id) })),
  };
}

/** One agreement with its tranches, reports, evaluations and money, for the organizer. */
export async function loadAgreementDetail(db: DB, agreementId: number) {
  const agreement = await db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select([
      "agreements.id", "agreements.competition_id", "agreements.amount_fen", "agreements.status", "agreements.organizer_signed_at",
      "proposals.title", "proposals.organization_id", "organizations.name as organization",
    ])
    .where("agreements.id", "=", agreementId)
    .where("agreements.status", "in", ["signed", "terminated", "completed"])
    .executeTakeFirst();
  if (!agreement) return null;
  const milestones = await milestonesWithReports(db, [agreement.id]);
  return {
    agreement,
    milestones,
    money: {
      outstandingFen: await balanceOf(db, accounts.commitment(agreement.competition_id, agreement.id)),
      orgPaidFen: await balanceOf(db, accounts.paid(agreement.competition_id, agreement.organization_id)),
      orgRecoveredFen: await balanceOf(db, accounts.recovered(agreement.competition_id, agreement.organization_id)),
    },
  };
}

/** The organization's own agreements and tranches, with which tranche it may report on now. */
export async function listMyMilestones(db: DB, userId: number) {
  const agreements = await db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["agreements.id", "agreements.amount_fen", "agreements.status", "proposals.title"])
    .where("organizations.user_id", "=", userId)
    .where("agreements.status", "in", ["signed", "terminated", "completed"])
    .orderBy("agreements.id")
    .execute();
  const milestones = await milestonesWithReports(db, agreements.map((a) => a.id));
  return agreements.map((a) => {
    const mine = milestones.filter((m) => m.agreement_id === a.id);
    return {
      ...a,
      milestones: mine.map((m) => ({ ...m, canSubmit: a.status === "signed" && canSubmitReport(m, mine) })),
    };
  });
}

/** A report attachment, if `user` may read it: the organizer, or the organization that uploaded it. */
export async function loadReportAttachment(db: DB, user: Actor, attachmentId: number) {
  const file = await db
    .selectFrom("attachments")
    .innerJoin("milestone_reports", "milestone_reports.id", "attachments.owner_id")
    .select(["attachments.id", "attachments.original_name", "attachments.mime", "attachments.storage_key", "milestone_reports.submitted_by"])
    .where("attachments.id", "=", attachmentId)
    .where("attachments.owner_type", "=", "milestone_report")
    .executeTakeFirst();
  if (!file) return null;
  if (user.role !== "organizer" && file.submitted_by !== user.id) return null;
  const bytes = await readAttachmentBytes(db, file.storage_key);
  return bytes ? { name: file.original_name, mime: file.mime, bytes } : null;
}

/** A fresh idempotency key for a form that posts money (rendered as a hidden field). */
export function newRequestKey(): string {
  return randomUUID();
}
