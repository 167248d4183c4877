// Assigning experts to passed proposals: a seeded, recorded draw per division and round, and the
// organizer's adjustments (add/remove with a reason), plus the progress board.
import { randomBytes } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { ReviewRound } from "../../db/schema";
import { belowMinimum, drawAssignments, seedFromBytes, type Shortfall } from "../domain/assignment";
import { t } from "../i18n";
import {
  type AddAssignmentInput, type RemoveAssignmentInput, type RunAssignmentInput,
  addAssignmentSchema, removeAssignmentSchema, runAssignmentSchema,
} from "../schemas/review";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { notifyAssignmentsReady } from "./notifications/notify.server";
import { groupBy } from "../domain/group-by";
import { anyContains } from "../utils/list-query.server";
import { rankingVersion, sameVersion, type RankingVersion } from "./ranking-snapshot.server";
import { type Actor, type In, ReviewError, competitionWithRules, requireRole, toFailure } from "./review-common.server";
import { once } from "./once.server";

/** Experts who may serve a division: appointed to it or to every division, account enabled. */
async function eligibleExperts(trx: DB, competitionId: number, divisionId: number) {
  return trx
    .selectFrom("expert_appointments")
    .innerJoin("users", "users.id", "expert_appointments.expert_id")
    .select(["users.id"])
    .where("expert_appointments.competition_id", "=", competitionId)
    .where((eb) => eb.or([eb("expert_appointments.division_id", "=", divisionId), eb("expert_appointments.division_id", "is", null)]))
    .where("users.disabled", "=", 0)
    .execute();
}

/** Why the draw cannot give every proposal the minimum of experts, in the organizer's words. */
function belowMinimumMessage(short: readonly Shortfall[], min: number, maxLoad: number): string {
  const shown = short.slice(0, 5).map((s) =>
    t("fair.assign.shortfallOne", { id: s.proposalId, got: s.got, panel: s.panel, conflicted: s.conflicted, excluded: s.excluded, full: s.atMaxLoad, maxLoad: maxLoad || "—" }),
  );
  return t("fair.assign.belowMin", { min, count: short.length, details: shown.join("；") + (short.length > 5 ? "……" : "") });
}

/**
 * Draws k experts for every passed proposal of the division in the round, keeping assignments
 * already in place and never re-drawing one the organizer removed. The seed (given, or fresh) is
 * recorded in assignment_runs so anyone can re-run the draw and get the same result.
 */
export async function runAssignment(db: DB, actor: Actor, input: In<RunAssignmentInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(runAssignmentSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const data = parsed.data;
    const seed = data.seed || seedFromBytes(randomBytes(8));
    // one-time form: the same 抽取 sent twice records one run (the second post gets the first one's seed and count)
    const submission = { key: (input as { formKey?: unknown }).formKey, action: `assignment.run.${data.competitionId}.${data.divisionId}.${data.round}`, userId: actor.id };
    return await writeTransaction(db, (trx) => once(trx, submission, now, async () => {
      const { rules } = await competitionWithRules(trx, data.competitionId);
      if (!rules.review.rounds.some((r) => r.round === data.round)) throw new ReviewError("review.assign.roundNotUsed", 400, "round");
      const division = await trx.selectFrom("divisions").select("id").where("id", "=", data.divisionId).where("competition_id", "=", data.competitionId).executeTakeFirst();
      if (!division) throw new ReviewError("review.expert.divisionInvalid", 400, "divisionId");
      const k = rules.review.expertsPerProposal;
      const proposals = await trx.selectFrom("proposals").select(["id", "organization_id"]).where("competition_id", "=", data.competitionId).where("division_id", "=", data.divisionId).where("status", "=", "passed").execute();
      if (proposals.length === 0) throw new ReviewError("review.assign.noProposals", 409);
      const experts = await eligibleExperts(trx, data.competitionId, data.divisionId);
      const conflicts = await trx.selectFrom("conflict_declarations").select(["expert_id", "organization_id"]).where("competition_id", "=", data.competitionId).execute();
      const current = await trx.selectFrom("assignments").select(["proposal_id", "expert_id", "active"]).where("competition_id", "=", data.competitionId).where("round", "=", data.round).execute();
      const proposalIds = new Set(proposals.map((p) => p.id));
      const load = new Map<number, number>();
      for (const a of current) if (a.active) load.set(a.expert_id, (load.get(a.expert_id) ?? 0) + 1);
      const minExperts = Math.min(rules.review.minExpertsPerProposal, k);
      const draw = drawAssignments({
        proposals: proposals.map((p) => ({ proposalId: p.id, organizationId: p.organization_id })),
        experts: experts.map((e) => ({ expertId: e.id, existingLoad: load.get(e.id) ?? 0 })),
        conflicts: conflicts.map((c) => ({ expertId: c.expert_id, organizationId: c.organization_id })),
        k,
        seed,
        existing: current.filter((a) => a.active && proposalIds.has(a.proposal_id)).map((a) => ({ proposalId: a.proposal_id, expertId: a.expert_id })),
        excluded: current.filter((a) => !a.active && proposalIds.has(a.proposal_id)).map((a) => ({ proposalId: a.proposal_id, expertId: a.expert_id })),
        maxLoad: rules.review.maxLoadPerExpert,
        minK: minExperts,
      });
      // The minimum per proposal is a hard constraint: a draw that cannot meet it writes nothing and says why.
      const short = belowMinimum(draw, minExperts);
      if (short.length) return { ok: false as const, status: 409 as const, fieldErrors: { _form: belowMinimumMessage(short, minExperts, rules.review.maxLoadPerExpert) } };
      const run = await trx
        .insertInto("assignment_runs")
        .values({ competition_id: data.competitionId, division_id: data.divisionId, round: data.round, seed, experts_per_proposal: k, created_by: actor.id, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const a of draw.assignments) {
        await trx
          .insertInto("assignments")
          .values({ competition_id: data.competitionId, proposal_id: a.proposalId, expert_id: a.expertId, round: data.round, run_id: run.id, active: 1, reason: null, created_at: now.toISOString(), updated_at: now.toISOString() })
          .execute();
      }
      await recordAudit(trx, {
        actorId: actor.id, action: "assignment.run", entityType: "assignment_run", entityId: run.id,
        after: { divisionId: data.divisionId, round: data.round, seed, k, drawn: draw.assignments, shortfalls: draw.shortfalls }, now,
      });
      // notify (issue 12): each drawn expert hears how many projects await them, never whose
      await notifyAssignmentsReady(trx, { competitionId: data.competitionId, expertIds: draw.assignments.map((a) => a.expertId), now });
      return { ok: true as const, runId: run.id, seed, drawn: draw.assignments.length, shortfalls: draw.shortfalls };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/** The organizer adds one expert to a proposal by hand, with a reason (never a conflicted or ineligible one). */
export async function addAssignment(db: DB, actor: Actor, input: In<AddAssignmentInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(addAssignmentSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const data = parsed.data;
    return await writeTransaction(db, async (trx) => {
      const proposal = await trx.selectFrom("proposals").select(["id", "competition_id", "division_id", "organization_id", "status"]).where("id", "=", data.proposalId).executeTakeFirst();
      if (!proposal) throw new ReviewError("error.notFound", 404, "proposalId");
      if (proposal.status !== "passed") throw new ReviewError("review.assign.notPassed", 409, "proposalId");
      const { rules } = await competitionWithRules(trx, proposal.competition_id);
      if (!rules.review.rounds.some((r) => r.round === data.round)) throw new ReviewError("review.assign.roundNotUsed", 400, "round");
      const eligible = await eligibleExperts(trx, proposal.competition_id, proposal.division_id ?? 0);
      if (!eligible.some((e) => e.id === data.expertId)) throw new ReviewError("review.assign.expertNotEligible", 400, "expertId");
      const conflicted = await trx.selectFrom("conflict_declarations").select("id").where("competition_id", "=", proposal.competition_id).where("expert_id", "=", data.expertId).where("organization_id", "=", proposal.organization_id).executeTakeFirst();
      if (conflicted) throw new ReviewError("review.assign.conflicted", 409, "expertId");
      const existing = await trx.selectFrom("assignments").selectAll().where("proposal_id", "=", data.proposalId).where("expert_id", "=", data.expertId).where("round", "=", data.round).executeTakeFirst();
      if (existing?.active) throw new ReviewError("review.assign.alreadyAssigned", 409, "expertId");
      let assignmentId: number;
      if (existing) {
        await trx.updateTable("assignments").set({ active: 1, reason: data.reason, run_id: null, updated_at: now.toISOString() }).where("id", "=", existing.id).execute();
        assignmentId = existing.id;
      } else {
        const row = await trx
          .insertInto("assignments")
          .values({ competition_id: proposal.competition_id, proposal_id: data.proposalId, expert_id: data.expertId, round: data.round, run_id: null, active: 1, reason: data.reason, created_at: now.toISOString(), updated_at: now.toISOString() })
          .returning("id")
          .executeTakeFirstOrThrow();
        assignmentId = row.id;
      }
      await recordAudit(trx, { actorId: actor.id, action: "assignment.add", entityType: "assignment", entityId: assignmentId, before: existing ?? null, after: { proposalId: data.proposalId, expertId: data.expertId, round: data.round, reason: data.reason }, now });
      await notifyAssignmentsReady(trx, { competitionId: proposal.competition_id, expertIds: [data.expertId], now }); // notify (issue 12)
      return { ok: true as const, assignmentId };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/** The organizer withdraws an expert from a proposal, with a reason; any score of it stops counting. */
export async function removeAssignment(db: DB, actor: Actor, input: In<RemoveAssignmentInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(removeAssignmentSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    return await writeTransaction(db, async (trx) => {
      const a = await trx.selectFrom("assignments").selectAll().where("id", "=", parsed.data.assignmentId).executeTakeFirst();
      if (!a) throw new ReviewError("error.notFound", 404);
      if (!a.active) throw new ReviewError("review.assign.alreadyRemoved", 409);
      await trx.updateTable("assignments").set({ active: 0, reason: parsed.data.reason, updated_at: now.toISOString() }).where("id", "=", a.id).execute();
      const score = await trx.selectFrom("scores").select(["id", "status", "total_centi"]).where("assignment_id", "=", a.id).executeTakeFirst();
      await recordAudit(trx, { actorId: actor.id, action: "assignment.remove", entityType: "assignment", entityId: a.id, before: { active: 1, reason: a.reason, score: score ?? null }, after: { active: 0, reason: parsed.data.reason }, now });
      return { ok: true as const };
    });
  } catch (error) {
    return toFailure(error);
  }
}

export interface BoardQuery {
  divisionId?: number | null;
  page?: number;
  pageSize?: number;
  q?: string;
}

/**
 * The assignment board: runs with their seeds, ONE page of one division's passed proposals with their
 * assignments, progress per expert (counted in SQL), declared conflicts and the latest adjustments.
 * Nothing here grows with the size of the competition except the counts.
 */
type ProgressRow = { expert_id: number; assigned: number | string | bigint; submitted: number | string | bigint | null; drafts: number | string | bigint | null };
const progressCache = new WeakMap<DB, Map<number, { version: RankingVersion; rows: ProgressRow[] }>>();

/**
 * Assigned / submitted / draft counts per expert. Counting means reading every assignment of the
 * competition (100,000 at a city's scale), so the counts are kept per database handle and reused
 * while the ranking change log (which every write to assignments and scores appends to) stays put.
 */
async function expertProgress(db: DB, competitionId: number): Promise<ProgressRow[]> {
  const version = await rankingVersion(db);
  let byCompetition = progressCache.get(db);
  if (!byCompetition) progressCache.set(db, (byCompetition = new Map()));
  const kept = byCompetition.get(competitionId);
  if (kept && sameVersion(kept.version, version)) return kept.rows;
  const rows = await db.selectFrom("assignments").leftJoin("scores", "scores.assignment_id", "assignments.id")
    .select((eb) => [
      "assignments.expert_id",
      eb.fn.countAll().as("assigned"),
      eb.fn.sum(eb.case().when("scores.status", "=", "submitted").then(1).else(0).end()).as("submitted"),
      eb.fn.sum(eb.case().when("scores.status", "=", "draft").then(1).else(0).end()).as("drafts"),
    ])
    .where("assignments.competition_id", "=", competitionId).where("assignments.active", "=", 1)
    .groupBy("assignments.expert_id").execute();
  byCompetition.set(competitionId, { version, rows });
  return rows;
}

export async function loadAssignmentBoard(db: DB, competitionId: number, query: BoardQuery = {}) {
  const { rules } = await competitionWithRules(db, competitionId);
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  const divisions = await db.selectFrom("divisions").select(["id", "name"]).where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const division = divisions.find((d) => d.id === query.divisionId) ?? divisions[0] ?? null;
  const passed = db.selectFrom("proposals")
    .where("proposals.competition_id", "=", competitionId).where("proposals.status", "=", "passed").where("proposals.division_id", "=", division?.id ?? 0);
  let inDivision = passed.innerJoin("organizations", "organizations.id", "proposals.organization_id");
  if (query.q) inDivision = inDivision.where(anyContains(["proposals.title", "organizations.name"], query.q));
  // without a search the count reads the index alone (no join per proposal)
  const countFrom = query.q ? inDivision : passed;
  const [runs, proposals, total, experts, progress, history, conflicts] = await Promise.all([
    db.selectFrom("assignment_runs").innerJoin("users", "users.id", "assignment_runs.created_by")
      .select(["assignment_runs.id", "assignment_runs.division_id", "assignment_runs.round", "assignment_runs.seed", "assignment_runs.experts_per_proposal", "assignment_runs.created_at", "users.display_name as created_by_name"])
      .where("competition_id", "=", competitionId).orderBy("assignment_runs.id", "desc").limit(100).execute(),
    inDivision.select(["proposals.id", "proposals.title", "proposals.division_id", "proposals.organization_id", "organizations.name as organization_name"])
      .orderBy("proposals.id").limit(pageSize).offset((page - 1) * pageSize).execute(),
    countFrom.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("expert_appointments").innerJoin("users", "users.id", "expert_appointments.expert_id")
      .select(["users.id", "users.display_name", "expert_appointments.division_id", "expert_appointments.letter_no"])
      .where("expert_appointments.competition_id", "=", competitionId).orderBy("expert_appointments.letter_no").execute(),
    expertProgress(db, competitionId),
    db.selectFrom("assignments").innerJoin("users", "users.id", "assignments.expert_id").innerJoin("proposals", "proposals.id", "assignments.proposal_id")
      .select(["assignments.id", "assignments.expert_id", "assignments.round", "assignments.active", "assignments.reason", "users.display_name as expert_name", "proposals.title"])
      .where("assignments.competition_id", "=", competitionId).where("assignments.reason", "is not", null)
      .where((eb) => eb.or([eb("assignments.run_id", "is", null), eb("assignments.active", "=", 0)]))
      .orderBy("assignments.updated_at", "desc").orderBy("assignments.id", "desc").limit(100).execute(),
    db.selectFrom("conflict_declarations")
      .innerJoin("users", "users.id", "conflict_declarations.expert_id")
      .innerJoin("organizations", "organizations.id", "conflict_declarations.organization_id")
      .select([
        "conflict_declarations.id", "conflict_declarations.expert_id", "conflict_declarations.organization_id", "conflict_declarations.ground",
        "conflict_declarations.note", "conflict_declarations.declared_at", "users.display_name as expert_name", "organizations.name as organization_name",
      ])
      .where("conflict_declarations.competition_id", "=", competitionId)
      .orderBy("conflict_declarations.id")
      .execute(),
  ]);
  const rows = await db.selectFrom("assignments").innerJoin("users", "users.id", "assignments.expert_id").leftJoin("scores", "scores.assignment_id", "assignments.id")
    .select(["assignments.id", "assignments.proposal_id", "assignments.expert_id", "assignments.round", "assignments.active", "assignments.reason", "assignments.run_id",
      "users.display_name as expert_name", "scores.id as score_id", "scores.status as score_status", "scores.total_centi", "scores.submitted_at"])
    .where("assignments.proposal_id", "in", [0, ...proposals.map((p) => p.id)]).orderBy("assignments.id").execute();
  const rounds = rules.review.rounds.map((r) => r.round as ReviewRound);
  const byProposal = proposalsWithAssignments(rounds, proposals, rows);
  const counted = new Map(progress.map((p) => [p.expert_id, p]));
  const progressByExpert = experts.map((e) => {
    const c = counted.get(e.id);
    return { ...e, assigned: Number(c?.assigned ?? 0), submitted: Number(c?.submitted ?? 0), drafts: Number(c?.drafts ?? 0) };
  });
  const organizationOf: Record<number, number> = Object.fromEntries(proposals.map((p) => [p.id, p.organization_id]));
  return {
    rules, rounds, divisions, division, runs, proposals: byProposal, total: Number(total.n), page, pageSize,
    progressByExpert, experts, conflicts, organizationOf, history,
  };
}

interface BoardRow { proposal_id: number; round: string; active: number; score_status: string | null }

/** Assignments per proposal and round; grouped once, so linear in the assignments. */
export function proposalsWithAssignments<P extends { id: number }, R extends BoardRow>(rounds: readonly ReviewRound[], proposals: readonly P[], rows: readonly R[]) {
  const rowsByProposal = groupBy(rows, (r) => r.proposal_id);
  return proposals.map((p) => {
    const own = rowsByProposal.get(p.id) ?? [];
    return {
      ...p,
      rounds: rounds.map((round) => {
        const list = own.filter((r) => r.round === round);
        const act = list.filter((r) => r.active);
        return { round, assignments: list, assigned: act.length, submitted: act.filter((r) => r.score_status === "submitted").length };
      }),
    };
  });
}
