// Expert scoring: an expert sees only proposals assigned to them (not withdrawn, not conflicted),
// scores each rubric criterion during the review stage, saves drafts, and submits — which locks
// the score until an organizer reopens it with a recorded reason.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { isRanked, RANKED_STATUSES } from "../domain/proposal-lifecycle";
import { isWithin } from "../domain/time";
import { checkCriteria, parsePoints, totalOfCriteria } from "../domain/scoring";
import { type ReopenScoreInput, reopenScoreSchema, scoreSheetSchema } from "../schemas/review";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { once } from "./once.server";
import { type Actor, type In, ReviewError, competitionWithRules, requireRole, toFailure } from "./review-common.server";
import { clockFor } from "../domain/clock";
import { reviewOrderKey } from "../domain/lottery";
import { meanSd } from "../domain/normalisation";

/** The expert's own active assignments with their score state (no applicant identity under blind review). */
export async function listMyAssignments(db: DB, expertId: number) {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
    .innerJoin("competitions", "competitions.id", "assignments.competition_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .leftJoin("divisions", "divisions.id", "proposals.division_id")
    .leftJoin("categories", "categories.id", "proposals.category_id")
    .leftJoin("scores", "scores.assignment_id", "assignments.id")
    .select([
      "assignments.id", "assignments.round", "assignments.competition_id", "proposals.id as proposal_id", "proposals.title",
      "proposals.status as proposal_status", "organizations.name as organization_name", "competitions.name as competition_name",
      "competitions.rules_json", "competitions.review_starts_at", "competitions.review_ends_at", "divisions.name as division_name",
      "categories.name as category_name", "scores.status as score_status", "scores.total_centi", "scores.submitted_at",
    ])
    .where("assignments.expert_id", "=", expertId)
    .where("assignments.active", "=", 1)
    .where("proposals.status", "in", [...RANKED_STATUSES])
    .orderBy("assignments.competition_id", "desc")
    .orderBy("assignments.round")
    .orderBy("proposals.id")
    .execute();
  // within a competition and round, the expert's own seeded order (issue 16: dilutes order effects)
  const key = new Map(rows.map((r) => [r.id, reviewOrderKey(r.competition_id, expertId, r.proposal_id)]));
  const ordered = [...rows].sort(
    (a, b) => b.competition_id - a.competition_id || a.round.localeCompare(b.round) || (key.get(a.id)! < key.get(b.id)! ? -1 : key.get(a.id)! > key.get(b.id)! ? 1 : 0),
  );
  return ordered.map(({ rules_json, organization_name, ...r }) => ({
    ...r,
    organization_name: (JSON.parse(rules_json) as { review: { blind: boolean } }).review.blind ? null : organization_name,
  }));
}

/**
 * The assignment an expert may work on, or a refusal: 404 when it is not theirs (or does not
 * exist — no hint either way), 403 when withdrawn, conflicted or the proposal is out of review.
 */
async function ownAssignment(db: DB, actor: Actor, assignmentId: number, purpose: "read" | "write") {
  requireRole(actor, "expert");
  const a = await db.selectFrom("assignments").selectAll().where("id", "=", assignmentId).executeTakeFirst();
  if (!a || a.expert_id !== actor.id) throw new ReviewError("error.notFound", 404);
  const proposal = await db.selectFrom("proposals").selectAll().where("id", "=", a.proposal_id).executeTakeFirstOrThrow();
  const conflict = await db
    .selectFrom("conflict_declarations")
    .select("id")
    .where("competition_id", "=", a.competition_id)
    .where("expert_id", "=", actor.id)
    .where("organization_id", "=", proposal.organization_id)
    .executeTakeFirst();
  if (conflict) throw new ReviewError("review.score.conflicted", 403);
  if (!a.active) throw new ReviewError("review.score.withdrawn", 403);
  // A contracted proposal's sheet stays readable to its expert; only one still in review can change.
  if (purpose === "write" ? proposal.status !== "passed" : !isRanked(proposal.status)) throw new ReviewError("review.score.notInReview", 403);
  return { assignment: a, proposal };
}

/** The score sheet: the proposal (blinded when the competition says so), the rubric and the saved score. */
export async function loadScoreSheet(db: DB, actor: Actor, assignmentId: number, now: Date) {
  try {
    const { assignment, proposal } = await ownAssignment(db, actor, assignmentId, "read");
    const { competition, rules } = await competitionWithRules(db, assignment.competition_id);
    now = clockFor(competition, now); // a rehearsal (演练) runs on its own clock
    const score = await db.selectFrom("scores").selectAll().where("assignment_id", "=", assignment.id).executeTakeFirst();
    const [division, category] = await Promise.all([
      db.selectFrom("divisions").select("name").where("id", "=", proposal.division_id ?? 0).executeTakeFirst(),
      db.selectFrom("categories").select("name").where("id", "=", proposal.category_id ?? 0).executeTakeFirst(),
    ]);
    const organization = rules.review.blind
      ? null
      : await db.selectFrom("organizations").select(["name", "applicant_type", "contact_name"]).where("id", "=", proposal.organization_id).executeTakeFirst();
    const parse = <T>(s: string, d: T): T => {
      try {
        return JSON.parse(s) as T;
      } catch {
        return d;
      }
    };
    return {
      ok: true as const,
      assignment: { id: assignment.id, round: assignment.round },
      competition: { id: competition.id, name: competition.name, reviewStartsAt: competition.review_starts_at, reviewEndsAt: competition.review_ends_at },
      open: isWithin(now, competition.review_starts_at, competition.review_ends_at),
      blind: rules.review.blind,
      rubric: rules.rubric,
      proposal: {
        id: proposal.id, title: proposal.title, community: proposal.community, beneficiaries: proposal.beneficiaries,
        beneficiaryCount: proposal.beneficiary_count, goals: proposal.goals, requestedFen: proposal.requested_fen,
        selfRaisedFen: proposal.self_raised_fen, divisionName: division?.name ?? "", categoryName: category?.name ?? "",
        activities: parse<{ name?: string; startOn?: string; endOn?: string; description?: string }[]>(proposal.activities_json, []),
        budget: parse<{ category?: string; item?: string; amountFen?: number }[]>(proposal.budget_json, []),
      },
      organization,
      score: score
        ? { id: score.id, status: score.status, criteria: JSON.parse(score.criteria_json) as Record<string, number>, totalCenti: score.total_centi, comment: score.comment, submittedAt: score.submitted_at }
        : null,
    };
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * Saves the expert's score as a draft or submits it. Only the assigned expert, only during the
 * review stage (server clock), never over a submitted score. A draft may be incomplete; a
 * submission needs every criterion and a comment.
 */
export async function saveScore(
  db: DB, actor: Actor, assignmentId: number, input: { criteria?: unknown; comment?: unknown }, intent: "draft" | "submit", now: Date, formKey?: unknown,
) {
  // one-time form: 提交评分 sent twice is answered as submitted (not as 评分已锁定); drafts may be saved again and again
  const submission = { key: intent === "submit" ? formKey : null, action: `score.submit.${assignmentId}`, userId: actor.id };
  try {
    return await writeTransaction(db, (trx) => once(trx, submission, now, async () => {
      const { assignment } = await ownAssignment(trx, actor, assignmentId, "write");
      const { competition, rules } = await competitionWithRules(trx, assignment.competition_id);
      now = clockFor(competition, now); // a rehearsal (演练) runs on its own clock
      if (!isWithin(now, competition.review_starts_at, competition.review_ends_at)) throw new ReviewError("review.score.closed", 409);
      const existing = await trx.selectFrom("scores").selectAll().where("assignment_id", "=", assignment.id).executeTakeFirst();
      if (existing?.status === "submitted") throw new ReviewError("review.score.locked", 409);
      const parsed = parseWithSchema(scoreSheetSchema(rules.rubric, intent), { criteria: input.criteria ?? {}, comment: input.comment ?? "" });
      if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
      const criteria: Record<string, number> = {};
      for (const c of rules.rubric) {
        const v = (parsed.data.criteria as Record<string, string>)[c.key];
        const centi = v ? parsePoints(v) : null;
        if (centi !== null) criteria[c.key] = centi;
      }
      const problems = checkCriteria(rules.rubric, criteria);
      if (intent === "submit" && Object.keys(problems).length > 0) {
        return { ok: false as const, status: 400 as const, fieldErrors: Object.fromEntries(Object.keys(problems).map((k) => [`criteria.${k}`, "review.score.criterionRequired"])) };
      }
      const total = totalOfCriteria(rules.rubric, criteria);
      const values = {
        criteria_json: JSON.stringify(criteria),
        total_centi: total,
        comment: parsed.data.comment,
        status: intent === "submit" ? ("submitted" as const) : ("draft" as const),
        submitted_at: intent === "submit" ? now.toISOString() : null,
        updated_at: now.toISOString(),
      };
      let scoreId: number;
      if (existing) {
        await trx.updateTable("scores").set(values).where("id", "=", existing.id).execute();
        scoreId = existing.id;
      } else {
        scoreId = (await trx.insertInto("scores").values({ assignment_id: assignment.id, ...values }).returning("id").executeTakeFirstOrThrow()).id;
      }
      await recordAudit(trx, {
        actorId: actor.id, action: intent === "submit" ? "score.submit" : "score.saveDraft", entityType: "score", entityId: scoreId,
        before: existing ? { status: existing.status, criteria: JSON.parse(existing.criteria_json), totalCenti: existing.total_centi } : null,
        after: { assignmentId: assignment.id, status: values.status, criteria, totalCenti: total, comment: values.comment }, now,
      });
      return { ok: true as const, scoreId, status: values.status, totalCenti: total };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/** An organizer unlocks a submitted score so the expert can correct it; the reason and the old score are audited. */
export async function reopenScore(db: DB, actor: Actor, input: In<ReopenScoreInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(reopenScoreSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    return await writeTransaction(db, async (trx) => {
      const score = await trx.selectFrom("scores").selectAll().where("id", "=", parsed.data.scoreId).executeTakeFirst();
      if (!score) throw new ReviewError("error.notFound", 404);
      if (score.status !== "submitted") throw new ReviewError("review.score.notSubmitted", 409);
      await trx.updateTable("scores").set({ status: "draft", submitted_at: null, updated_at: now.toISOString() }).where("id", "=", score.id).execute();
      await recordAudit(trx, {
        actorId: actor.id, action: "score.reopen", entityType: "score", entityId: score.id,
        before: { status: score.status, criteria: JSON.parse(score.criteria_json), totalCenti: score.total_centi, submittedAt: score.submitted_at },
        after: { status: "draft", reason: parsed.data.reason }, now,
      });
      return { ok: true as const };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * After a competition's review has ended: per round, the expert's own mean and spread of their
 * submitted totals beside the whole panel's (never anyone else's individual scores).
 */
export async function loadMyCalibration(db: DB, expertId: number, now: Date) {
  const mine = await db
    .selectFrom("assignments")
    .innerJoin("competitions", "competitions.id", "assignments.competition_id")
    .select(["assignments.competition_id", "competitions.name", "competitions.review_ends_at"])
    .where("assignments.expert_id", "=", expertId)
    .distinct()
    .execute();
  const ended = mine.filter((c) => now.getTime() > Date.parse(c.review_ends_at));
  const out: { competitionId: number; name: string; round: string; own: ReturnType<typeof meanSd> & { n: number }; panel: ReturnType<typeof meanSd> & { n: number } }[] = [];
  for (const c of ended) {
    const rows = await db
      .selectFrom("scores")
      .innerJoin("assignments", "assignments.id", "scores.assignment_id")
      .select(["assignments.expert_id", "assignments.round", "scores.total_centi"])
      .where("assignments.competition_id", "=", c.competition_id)
      .where("assignments.active", "=", 1)
      .where("scores.status", "=", "submitted")
      .execute();
    for (const round of ["desk", "live"]) {
      const all = rows.filter((r) => r.round === round && r.total_centi !== null).map((r) => ({ expert: r.expert_id, total: r.total_centi! }));
      const own = all.filter((r) => r.expert === expertId).map((r) => r.total);
      if (own.length === 0) continue;
      const panel = all.map((r) => r.total);
      out.push({ competitionId: c.competition_id, name: c.name, round, own: { n: own.length, ...meanSd(own) }, panel: { n: panel.length, ...meanSd(panel) } });
    }
  }
  return out;
}
