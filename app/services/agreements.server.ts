// Grant agreements (资助协议): generated from the final plan once the notice period is over without
// an objection standing, then signed by the organization and countersigned by the organizer
// (password re-entry, SHA-256 of the exact text). Signed agreements never change.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { renderAgreementText } from "../domain/agreement-text";
import { parseRules } from "../domain/competition-rules";
import { parseSnapshot, periodEnded } from "../domain/notice";
import { formatShanghai, shanghaiDate } from "../domain/time";
import { type SignAgreementInput, signAgreementSchema } from "../schemas/notice";
import { parseWithSchema } from "../utils/forms";
import { anyContains } from "../utils/list-query.server";
import type { AgreementStatus } from "../domain/agreement-status";
import { verifyPassword } from "../utils/password.server";
import { blockUntil, blockedKeys, hit, resetLimit } from "../utils/rate-limit.server";
import { recordAudit } from "./audit.server";
import { notifyAgreementsReady } from "./notifications/notify.server";
import { onAgreementSigned } from "./disbursement.server";
import { FinanceError } from "./ledger.server";
import { type Actor, type Failure, NoticeError, latestNotice, sha256Hex, toFailure } from "./notices.server";
import { objectionStates } from "./objections.server";
import { competitionNow } from "./rehearsal.server";

type In<T> = { [K in keyof T]?: unknown };

/** Wrong signing passwords: 5 per user per 15 minutes, then 15 minutes' wait (kept in rate_limits). */
const SIGNING_FAILURES = { limit: 5, windowMs: 15 * 60 * 1000 };

function failure(error: unknown): Failure {
  if (error instanceof FinanceError) {
    return { ok: false, status: error.status, fieldErrors: { _form: error.key }, params: error.params };
  }
  return toFailure(error);
}

type BlockReason = "pending" | "upheld" | "status";

/**
 * Why a proposal may not (yet) be contracted: the latest notice's period must be over, the
 * proposal must be on it, no objection may be pending or upheld, and it must still be "passed".
 */
async function assertSignable(trx: DB, competitionId: number, proposalId: number, now: Date) {
  // signing closes at the competition's signing_ends_at (`now` is already the competition's clock)
  const competition = await trx.selectFrom("competitions").select("signing_ends_at").where("id", "=", competitionId).executeTakeFirstOrThrow();
  if (now.getTime() > Date.parse(competition.signing_ends_at)) {
    throw new NoticeError("rules.dates.signingEnded", 409, { at: formatShanghai(competition.signing_ends_at) });
  }
  const notice = await latestNotice(trx, competitionId);
  if (!notice) throw new NoticeError("agreement.error.noNotice");
  if (!periodEnded(notice, now)) throw new NoticeError("agreement.error.periodNotEnded", 409, { at: formatShanghai(notice.period_ends_at) });
  const states = (await objectionStates(trx, [proposalId])).get(proposalId);
  if (states?.upheld) throw new NoticeError("agreement.error.objectionUpheld");
  if (states?.pending) throw new NoticeError("agreement.error.objectionPending");
  const row = parseSnapshot(notice.snapshot_json).rows.find((r) => r.proposalId === proposalId);
  if (!row) throw new NoticeError("agreement.error.notOnNotice");
  const proposal = await trx.selectFrom("proposals").select("status").where("id", "=", proposalId).executeTakeFirstOrThrow();
  if (proposal.status !== "passed") throw new NoticeError("agreement.error.notPassed");
  return { notice, row };
}

/** The agreement text for one funded row of a notice, from the proposal's final plan. */
async function agreementTextFor(trx: DB, noticeId: number, proposalId: number, amountFen: number) {
  const notice = await trx.selectFrom("notices").selectAll().where("id", "=", noticeId).executeTakeFirstOrThrow();
  const competition = await trx.selectFrom("competitions").selectAll().where("id", "=", notice.competition_id).executeTakeFirstOrThrow();
  const p = await trx
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .leftJoin("divisions", "divisions.id", "proposals.division_id")
    .leftJoin("categories", "categories.id", "proposals.category_id")
    .selectAll("proposals")
    .select([
      "organizations.name as orgName", "organizations.credit_code", "organizations.filing_number", "organizations.legal_rep",
      "organizations.contact_name", "organizations.contact_mobile", "organizations.address",
      "divisions.name as divisionName", "categories.name as categoryName",
    ])
    .where("proposals.id", "=", proposalId)
    .executeTakeFirstOrThrow();
  const json = <T>(text: string, fallback: T): T => {
    try {
      const v = JSON.parse(text);
      return Array.isArray(v) ? (v as T) : fallback;
    } catch {
      return fallback;
    }
  };
  return renderAgreementText({
    agreementNo: `GYCT-${competition.year}-${String(proposalId).padStart(4, "0")}`,
    competition: { name: competition.name, host: competition.host, operator: competition.operator },
    organization: {
      name: p.orgName, creditCode: p.credit_code, filingNumber: p.filing_number, legalRep: p.legal_rep,
      contactName: p.contact_name, contactMobile: p.contact_mobile, address: p.address,
    },
    project: {
      title: p.title, division: p.divisionName ?? "", category: p.categoryName ?? "", community: p.community,
      beneficiaries: p.beneficiaries, beneficiaryCount: p.beneficiary_count, goals: p.goals,
      activities: json(p.activities_json, []), budget: json(p.budget_json, []), selfRaisedFen: p.self_raised_fen,
    },
    amountFen,
    tranches: parseRules(competition.rules_json).tranches,
    implementationEndsOn: shanghaiDate(competition.implementation_ends_at),
    notice: { title: notice.title, version: notice.version, periodEndsOn: notice.period_ends_on, sha256: notice.sha256 },
  });
}

/**
 * After the latest notice's period, creates a draft agreement for every funded row that has no
 * agreement yet and nothing standing against it; reports the rows it had to hold back.
 */
export async function generateAgreements(db: DB, actor: Actor, competitionId: number, now: Date) {
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    return await writeTransaction(db, async (trx) => {
      now = await competitionNow(trx, competitionId, now); // a rehearsal (演练) runs on its own clock
      const notice = await latestNotice(trx, competitionId);
      if (!notice) throw new NoticeError("agreement.error.noNotice");
      if (!periodEnded(notice, now)) throw new NoticeError("agreement.error.periodNotEnded", 409, { at: formatShanghai(notice.period_ends_at) });
      const rows = parseSnapshot(notice.snapshot_json).rows;
      const ids = rows.map((r) => r.proposalId);
      const existing = new Set(
        ids.length ? (await trx.selectFrom("agreements").select("proposal_id").where("proposal_id", "in", ids).execute()).map((r) => r.proposal_id) : [],
      );
      const states = await objectionStates(trx, ids);
      const statuses = new Map(
        ids.length ? (await trx.selectFrom("proposals").select(["id", "status"]).where("id", "in", ids).execute()).map((r) => [r.id, r.status]) : [],
      );
      const created: number[] = [];
      const blocked: { proposalId: number; title: string; reason: BlockReason }[] = [];
      for (const row of rows) {
        if (existing.has(row.proposalId)) continue;
        const s = states.get(row.proposalId);
        const reason: BlockReason | null = s?.upheld ? "upheld" : s?.pending ? "pending" : statuses.get(row.proposalId) !== "passed" ? "status" : null;
        if (reason) {
          blocked.push({ proposalId: row.proposalId, title: row.title, reason });
          continue;
        }
        const text = await agreementTextFor(trx, notice.id, row.proposalId, row.approvedFen);
        const inserted = await trx
          .insertInto("agreements")
          .values({
            proposal_id: row.proposalId, competition_id: competitionId, notice_id: notice.id, amount_fen: row.approvedFen,
            text, text_sha256: sha256Hex(text), status: "draft", org_signed_by: null, org_signed_at: null,
            organizer_signed_by: null, organizer_signed_at: null, created_at: now.toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        created.push(inserted.id);
      }
      await recordAudit(trx, {
        actorId: actor.id, action: "agreement.generated", entityType: "notice", entityId: notice.id,
        before: null, after: { created, blocked }, now,
      });
      await notifyAgreementsReady(trx, { agreementIds: created, now }); // notify (issue 12)
      return { ok: true as const, created, blocked };
    });
  } catch (error) {
    return failure(error);
  }
}

/**
 * Rebuilds a draft's text from the current plan (e.g. after a correction). Refused once either
 * party has signed: a signed agreement is immutable (the database trigger enforces it too).
 */
export async function regenerateAgreement(db: DB, actor: Actor, agreementId: number, now: Date) {
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    return await writeTransaction(db, async (trx) => {
      const agreement = await trx.selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirst();
      if (!agreement) throw new NoticeError("error.notFound", 404);
      if (agreement.status !== "draft" || agreement.org_signed_at || agreement.organizer_signed_at) {
        throw new NoticeError("agreement.error.immutable", 409);
      }
      now = await competitionNow(trx, agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
      const { notice, row } = await assertSignable(trx, agreement.competition_id, agreement.proposal_id, now);
      const text = await agreementTextFor(trx, notice.id, agreement.proposal_id, row.approvedFen);
      await trx
        .updateTable("agreements")
        .set({ text, text_sha256: sha256Hex(text), amount_fen: row.approvedFen, notice_id: notice.id })
        .where("id", "=", agreement.id)
        .execute();
      await recordAudit(trx, {
        actorId: actor.id, action: "agreement.regenerated", entityType: "agreement", entityId: agreement.id,
        before: { textSha256: agreement.text_sha256, amountFen: agreement.amount_fen }, after: { textSha256: sha256Hex(text), amountFen: row.approvedFen }, now,
      });
      return { ok: true as const };
    });
  } catch (error) {
    return failure(error);
  }
}

/**
 * Click-to-sign. The organization (the applicant who owns it) signs first, then the organizer
 * countersigns; each re-enters their password and confirms the SHA-256 of the text they read.
 * The countersignature makes the agreement "signed", the proposal "contracted", and commits the
 * money through onAgreementSigned in the same transaction (a refusal there undoes the signing).
 */
export async function signAgreement(db: DB, actor: Actor, agreementId: number, input: In<SignAgreementInput>, now: Date) {
  const parsed = parseWithSchema(signAgreementSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  try {
    if (actor.role !== "applicant" && actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    const key = `sign:${actor.id}`;
    if ((await blockedKeys(db, [key], now)).has(key)) throw new NoticeError("error.tooManyRequests", 429);
    const user = await db.selectFrom("users").select("password_hash").where("id", "=", actor.id).executeTakeFirst();
    if (!(await verifyPassword(parsed.data.password, user?.password_hash ?? null))) {
      const failures = await hit(db, key, SIGNING_FAILURES.windowMs, now);
      if (failures.count >= SIGNING_FAILURES.limit) await blockUntil(db, key, new Date(now.getTime() + SIGNING_FAILURES.windowMs));
      throw new NoticeError("agreement.error.wrongPassword", 400, {}, "password");
    }
    await resetLimit(db, key);
    return await recordSignature(db, actor, agreementId, parsed.data.textSha256, now);
  } catch (error) {
    return failure(error);
  }
}

/**
 * The signature itself, once the signer is authenticated (signAgreement checks the password; the
 * demo seed, acting for known accounts on historical dates, calls this directly). Every rule except
 * the password applies: ownership, order of signing, text hash, period and objections.
 */
export async function recordSignature(db: DB, actor: Actor, agreementId: number, textSha256: string, now: Date) {
  try {
    if (actor.role !== "applicant" && actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    return await signInTransaction(db, actor, agreementId, textSha256, now);
  } catch (error) {
    return failure(error);
  }
}

async function signInTransaction(db: DB, actor: Actor, agreementId: number, textSha256: string, now: Date) {
  return writeTransaction(db, async (trx) => {
    const agreement = await trx
      .selectFrom("agreements")
      .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .selectAll("agreements")
      .select("organizations.user_id as ownerId")
      .where("agreements.id", "=", agreementId)
      .executeTakeFirst();
    // an applicant never learns whether someone else's agreement exists
    if (!agreement || (actor.role === "applicant" && agreement.ownerId !== actor.id)) throw new NoticeError("error.notFound", 404);
    if (textSha256 !== agreement.text_sha256 || sha256Hex(agreement.text) !== agreement.text_sha256) {
      throw new NoticeError("agreement.error.textChanged", 409);
    }
    const asOrg = actor.role === "applicant";
    if (asOrg && agreement.status !== "draft") throw new NoticeError("agreement.error.alreadySigned");
    if (!asOrg && agreement.status === "draft") throw new NoticeError("agreement.error.orgFirst");
    if (!asOrg && agreement.status !== "org_signed") throw new NoticeError("agreement.error.alreadySigned");
    now = await competitionNow(trx, agreement.competition_id, now); // a rehearsal (演练) runs on its own clock
    await assertSignable(trx, agreement.competition_id, agreement.proposal_id, now);

    const at = now.toISOString();
    if (asOrg) {
      await trx.updateTable("agreements").set({ status: "org_signed", org_signed_by: actor.id, org_signed_at: at }).where("id", "=", agreement.id).execute();
    } else {
      await trx
        .updateTable("agreements")
        .set({ status: "signed", organizer_signed_by: actor.id, organizer_signed_at: at })
        .where("id", "=", agreement.id)
        .execute();
      await trx.updateTable("proposals").set({ status: "contracted", updated_at: at }).where("id", "=", agreement.proposal_id).execute();
      await trx
        .insertInto("proposal_events")
        .values({ proposal_id: agreement.proposal_id, at, actor_id: actor.id, kind: "contracted", note: null })
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: asOrg ? "agreement.orgSigned" : "agreement.signed",
      entityType: "agreement",
      entityId: agreement.id,
      before: { status: agreement.status },
      after: { status: asOrg ? "org_signed" : "signed", textSha256: agreement.text_sha256, signedAt: at },
      now,
    });
    if (!asOrg) await onAgreementSigned(trx, agreement.id, actor.id, now);
    return { ok: true as const, status: asOrg ? ("org_signed" as const) : ("signed" as const) };
  });
}

/** One agreement for display, if `actor` may see it (organizers: all; applicants: their own). */
export async function loadAgreementView(db: DB, actor: Actor, agreementId: number) {
  const row = await db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .innerJoin("competitions", "competitions.id", "agreements.competition_id")
    .leftJoin("users as org_signer", "org_signer.id", "agreements.org_signed_by")
    .leftJoin("users as organizer_signer", "organizer_signer.id", "agreements.organizer_signed_by")
    .selectAll("agreements")
    .select([
      "proposals.title as proposalTitle", "organizations.name as orgName", "organizations.user_id as ownerId",
      "org_signer.display_name as orgSignerName", "organizer_signer.display_name as organizerSignerName",
      "competitions.host as competitionHost",
    ])
    .where("agreements.id", "=", agreementId)
    .executeTakeFirst();
  if (!row) return null;
  if (actor.role === "applicant" && row.ownerId !== actor.id) return null;
  if (actor.role !== "applicant" && actor.role !== "organizer") return null;
  return { ...row, textIntact: sha256Hex(row.text) === row.text_sha256 };
}

export async function listAgreements(db: DB, filter: { competitionId?: number; ownerId?: number }) {
  let q = db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select([
      "agreements.id", "agreements.status", "agreements.amount_fen", "agreements.created_at", "agreements.org_signed_at",
      "agreements.organizer_signed_at", "proposals.title as proposalTitle", "organizations.name as orgName",
    ]);
  if (filter.competitionId !== undefined) q = q.where("agreements.competition_id", "=", filter.competitionId);
  if (filter.ownerId !== undefined) q = q.where("organizations.user_id", "=", filter.ownerId);
  return q.orderBy("agreements.id").execute();
}

/** One page of a competition's agreements, searched by project or organization and filtered by status. */
export async function pageAgreements(db: DB, competitionId: number, filter: { q: string; status: AgreementStatus | ""; offset: number; limit: number }) {
  let base = db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .where("agreements.competition_id", "=", competitionId);
  if (filter.q) base = base.where(anyContains(["proposals.title", "organizations.name"], filter.q));
  if (filter.status) base = base.where("agreements.status", "=", filter.status);
  const [rows, counted] = await Promise.all([
    base
      .select(["agreements.id", "agreements.status", "agreements.amount_fen", "proposals.title as proposalTitle", "organizations.name as orgName"])
      .orderBy("agreements.id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), rows };
}
