// 初审 (initial review): reviewers check submitted proposals against a checklist and pass them,
// return them for correction (补正, with reasons and a deadline) or reject them (reasons shown to
// the applicant through a proposal_events row).
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { ProposalStatus } from "../../db/schema";
import { endOfShanghaiDay, shanghaiDate } from "../domain/time";
import { type InitialReviewInput, initialReviewSchema } from "../schemas/review";
import { parseWithSchema } from "../utils/forms";
import { anyContains } from "../utils/list-query.server";
import { recordAudit } from "./audit.server";
import { notifyInitialReview } from "./notifications/notify.server";
import { proposalNow } from "./rehearsal.server";
import { type Actor, type In, ReviewError, requireRole, toFailure } from "./review-common.server";

export interface InitialReviewFilter {
  competitionId: number;
  divisionId?: number | null;
  categoryId?: number | null;
  status?: ProposalStatus | "all";
}

/** The reviewer's queue: submitted proposals first, filterable by division, category and status. */
export async function listForInitialReview(db: DB, filter: InitialReviewFilter) {
  return queueQuery(db, filter).orderBy("proposals.last_submitted_at").orderBy("proposals.id").execute();
}

/** One page of the queue (search in title and organization on the server) and how many matched. */
export async function pageForInitialReview(db: DB, filter: InitialReviewFilter & { q: string; offset: number; pageSize: number }) {
  const base = queueQuery(db, filter);
  const [rows, total] = await Promise.all([
    base.orderBy("proposals.last_submitted_at").orderBy("proposals.id").limit(filter.pageSize).offset(filter.offset).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

function queueQuery(db: DB, filter: InitialReviewFilter & { q?: string }) {
  let q = db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .leftJoin("divisions", "divisions.id", "proposals.division_id")
    .leftJoin("categories", "categories.id", "proposals.category_id")
    .select([
      "proposals.id", "proposals.title", "proposals.status", "proposals.version", "proposals.requested_fen",
      "proposals.last_submitted_at", "proposals.correction_deadline_at", "organizations.name as organization_name",
      "divisions.name as division_name", "categories.name as category_name",
    ])
    .where("proposals.competition_id", "=", filter.competitionId)
    .where("proposals.status", "!=", "draft");
  if (filter.divisionId) q = q.where("proposals.division_id", "=", filter.divisionId);
  if (filter.categoryId) q = q.where("proposals.category_id", "=", filter.categoryId);
  const status = filter.status ?? "submitted";
  if (status !== "all") q = q.where("proposals.status", "=", status);
  if (filter.q) q = q.where(anyContains(["proposals.title", "organizations.name"], filter.q));
  return q;
}

/** One proposal as the reviewer sees it: full content, organization, earlier reviews and events. */
export async function loadForInitialReview(db: DB, proposalId: number) {
  const proposal = await db.selectFrom("proposals").selectAll().where("id", "=", proposalId).executeTakeFirst();
  if (!proposal || proposal.status === "draft") return null;
  const [organization, division, category, reviews, events, attachments, members] = await Promise.all([
    db.selectFrom("organizations").selectAll().where("id", "=", proposal.organization_id).executeTakeFirstOrThrow(),
    proposal.division_id ? db.selectFrom("divisions").select("name").where("id", "=", proposal.division_id).executeTakeFirst() : undefined,
    proposal.category_id ? db.selectFrom("categories").select("name").where("id", "=", proposal.category_id).executeTakeFirst() : undefined,
    db.selectFrom("initial_reviews").innerJoin("users", "users.id", "initial_reviews.reviewer_id")
      .select(["initial_reviews.id", "initial_reviews.proposal_version", "initial_reviews.decision", "initial_reviews.reasons",
        "initial_reviews.correction_deadline_at", "initial_reviews.created_at", "initial_reviews.checklist_json", "users.display_name as reviewer_name"])
      .where("proposal_id", "=", proposalId).orderBy("initial_reviews.id").execute(),
    db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", proposalId).orderBy("id").execute(),
    db.selectFrom("attachments").select(["id", "original_name", "size_bytes"]).where("owner_type", "=", "proposal").where("owner_id", "=", proposalId).execute(),
    db.selectFrom("team_members").select(["name", "mobile"]).where("organization_id", "=", proposal.organization_id).orderBy("sort_order").execute(),
  ]);
  return {
    proposal, organization, members, attachments, reviews, events,
    divisionName: division?.name ?? "", categoryName: category?.name ?? "",
    activities: safeJson<{ name?: string; startOn?: string; endOn?: string; description?: string }[]>(proposal.activities_json, []),
    budget: safeJson<{ category?: string; item?: string; amountFen?: number }[]>(proposal.budget_json, []),
  };
}

function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const STATUS_AFTER = { pass: "passed", return: "returned", reject: "rejected" } as const;

/**
 * Records the reviewer's decision on the proposal's current version. Only a submitted proposal can
 * be decided, and each version once. A return sets the correction deadline (end of that Shanghai
 * day, which must not be in the past); return and reject write their reasons as a proposal event
 * so the applicant sees them.
 */
export async function decideInitialReview(db: DB, actor: Actor, proposalId: number, input: In<InitialReviewInput>, now: Date) {
  try {
    requireRole(actor, "reviewer");
    const parsed = parseWithSchema(initialReviewSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const data = parsed.data;
    const deadline = data.decision === "return" ? endOfShanghaiDay(data.correctionDeadlineOn) : null;
    now = await proposalNow(db, proposalId, now); // a rehearsal (演练) runs on its own clock
    if (deadline && data.correctionDeadlineOn < shanghaiDate(now)) throw new ReviewError("review.initial.deadlinePast", 400, "correctionDeadlineOn");
    return await writeTransaction(db, async (trx) => {
      const proposal = await trx.selectFrom("proposals").selectAll().where("id", "=", proposalId).executeTakeFirst();
      if (!proposal || proposal.status === "draft") throw new ReviewError("error.notFound", 404);
      if (proposal.status !== "submitted") throw new ReviewError("review.initial.notSubmitted", 409);
      const done = await trx.selectFrom("initial_reviews").select("id").where("proposal_id", "=", proposalId).where("proposal_version", "=", proposal.version).executeTakeFirst();
      if (done) throw new ReviewError("review.initial.alreadyDecided", 409);
      const checklist = Object.fromEntries(
        Object.entries(data.checklist as Record<string, unknown>).map(([k, v]) => [k, v === true || v === "on" || v === "yes" || v === "true"]),
      );
      const review = await trx
        .insertInto("initial_reviews")
        .values({
          proposal_id: proposalId,
          proposal_version: proposal.version,
          reviewer_id: actor.id,
          decision: data.decision,
          checklist_json: JSON.stringify(checklist),
          reasons: data.reasons || null,
          correction_deadline_at: deadline?.toISOString() ?? null,
          created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const status = STATUS_AFTER[data.decision];
      await trx
        .updateTable("proposals")
        .set({ status, correction_deadline_at: deadline?.toISOString() ?? null, updated_at: now.toISOString() })
        .where("id", "=", proposalId)
        .execute();
      await trx
        .insertInto("proposal_events")
        .values({ proposal_id: proposalId, at: now.toISOString(), actor_id: actor.id, kind: status, note: data.decision === "pass" ? null : data.reasons })
        .execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: `initialReview.${data.decision}`,
        entityType: "proposal",
        entityId: proposalId,
        before: { status: proposal.status, version: proposal.version },
        after: { status, reviewId: review.id, reasons: data.reasons || null, correctionDeadlineAt: deadline?.toISOString() ?? null, checklist },
        now,
      });
      // notify (issue 12): the applicant learns the result (补正 with reasons and deadline) in the same transaction
      await notifyInitialReview(trx, { proposalId, decision: data.decision, reasons: data.reasons || null, deadlineAt: deadline?.toISOString() ?? null, now });
      return { ok: true as const, status, reviewId: review.id };
    });
  } catch (error) {
    return toFailure(error);
  }
}
