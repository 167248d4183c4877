// Ranking and budget-constrained selection of a competition, as the notice stage consumes it, plus
// the full explanation (every score, what was dropped, weights, budget left) the ranking page shows.
// CONTRACT (issue 4 implements, issue 5 consumes): keep loadSelection/loadPanelNames names and shapes.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { parseYuan } from "../domain/money";
import { RANKED_STATUSES } from "../domain/proposal-lifecycle";
import { type AwardDecisionInput, awardDecisionSchema } from "../schemas/review";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { type Actor, type In, ReviewError, requireRole, toFailure } from "./review-common.server";
import { parseRules, type CompetitionRules } from "../domain/competition-rules";
import { rankDivision, type TieBreak } from "../domain/ranking";
import {
  aggregateRound, compositeScore, type CompositeScore, type ReviewRoundName, type RoundAggregate, type ScoreEntry,
} from "../domain/scoring";
import { groupBy } from "../domain/group-by";
import type { SelectionStep } from "../domain/selection";
import { type DivisionDraw, publicNumber, selectWithLottery } from "../domain/lottery-selection";
import { selectionRulesOf } from "../domain/competition-settings";
import { type NormalisedScore, normaliseByRound, spreadOf } from "../domain/normalisation";

export interface SelectionRow {
  proposalId: number;
  /** the public number the lottery digests (e.g. WQ-0007) */
  number: string;
  divisionId: number;
  categoryId: number;
  title: string;
  organizationName: string;
  requestedFen: number;
  /** the amount to fund: the organizer's approved amount, else the requested amount */
  approvedFen: number;
  /** final composite score in hundredths of a point; null when not fully scored */
  finalScoreCenti: number | null;
  /** rank within the division, 1 = best; null when unranked */
  rank: number | null;
  funded: boolean;
  /** the experts' scores spread beyond the discordance threshold (a panel note is needed before a notice) */
  discordant: boolean;
}

export interface RoundExplanation {
  round: ReviewRoundName;
  weightPercent: number;
  /** active assignments in this round */
  assigned: number;
  submitted: number;
  complete: boolean;
  /** over the submitted scores so far (provisional until complete); over the normalised totals when normalisation is on */
  aggregate: RoundAggregate | null;
  /** normalisation on: the same aggregation over the raw totals, shown beside the normalised one */
  rawAggregate?: RoundAggregate | null;
  /** normalisation on: each submitted score raw and normalised (rawBecause says why one stayed raw) */
  normalised?: Pick<NormalisedScore, "expertId" | "totalCenti" | "normalisedCenti" | "rawBecause">[];
  /** max − min of the raw submitted totals */
  spreadCenti: number;
  /** the spread is beyond the competition's discordance threshold: a panel note is needed before a notice */
  discordant: boolean;
  /** fewer experts assigned than the competition's minimum per proposal */
  belowMinExperts: boolean;
}

export interface RankedProposal {
  proposalId: number;
  /** public number, e.g. WQ-0007 (docs/lottery.md) */
  number: string;
  divisionId: number;
  categoryId: number;
  title: string;
  organizationName: string;
  requestedFen: number;
  /** organizer's decision, if any */
  award: { approvedFen: number; reason: string; decidedAt: string } | null;
  firstSubmittedAt: string | null;
  rounds: RoundExplanation[];
  firstCriterion: { key: string; name: string; round: ReviewRoundName; aggregate: RoundAggregate | null };
  composite: CompositeScore | null;
  /** normalisation on: the composite of the raw round values, beside the normalised one */
  rawComposite?: CompositeScore | null;
  /** some round's spread is beyond the discordance threshold */
  discordant: boolean;
  /** some round has fewer experts than the minimum per proposal */
  belowMinExperts: boolean;
  finalCenti: number | null;
  liveCenti: number | null;
  rank: number | null;
  decidedBy: TieBreak | null;
  selection: SelectionStep;
  /** this proposal was in its division's draw (near-tie group or lottery track) */
  drawn?: { kind: DivisionDraw["kind"]; place: number | null; digest: string | null };
}

export interface DivisionRanking {
  division: { id: number; code: string; name: string; budgetFen: number };
  rows: RankedProposal[];
  grantedFen: number;
  remainingFen: number;
  /** the division's public lottery, when its selection has one (pending until the seed is entered) */
  draw: DivisionDraw | null;
}

export interface CompetitionRanking {
  rules: CompetitionRules;
  divisions: DivisionRanking[];
  expertNames: Record<number, string>;
}

/** The rows the ranking is computed from, as read from the database. */
export async function loadRankingInputs(db: DB, competitionId: number) {
  const competition = await db.selectFrom("competitions").select("rules_json").where("id", "=", competitionId).executeTakeFirstOrThrow();
  const rules = parseRules(competition.rules_json);
  const divisions = await db.selectFrom("divisions").select(["id", "code", "name", "budget_fen"]).where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const categories = await db.selectFrom("categories").select(["id", "code"]).where("competition_id", "=", competitionId).execute();
  const proposals = await db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select([
      "proposals.id", "proposals.division_id", "proposals.category_id", "proposals.title", "organizations.name as organization_name",
      "proposals.requested_fen", "proposals.first_submitted_at",
    ])
    .where("proposals.competition_id", "=", competitionId)
    .where("proposals.status", "in", [...RANKED_STATUSES])
    .orderBy("proposals.id")
    .execute();
  // No join with proposals: rows of proposals outside the ranked set are dropped here in one pass
  // (cheaper than a primary-key lookup per row on 100,000 rows).
  const ranked = new Set(proposals.map((p) => p.id));
  const assignmentRows = (
    await db
      .selectFrom("assignments")
      .leftJoin("scores", "scores.assignment_id", "assignments.id")
      .select([
        "assignments.proposal_id", "assignments.expert_id", "assignments.round", "scores.status", "scores.total_centi", "scores.criteria_json",
      ])
      .where("assignments.competition_id", "=", competitionId)
      .where("assignments.active", "=", 1)
      .execute()
  ).filter((a) => ranked.has(a.proposal_id));
  const awards = await db
    .selectFrom("award_decisions")
    .innerJoin("proposals", "proposals.id", "award_decisions.proposal_id")
    .select(["award_decisions.proposal_id", "award_decisions.approved_fen", "award_decisions.reason", "award_decisions.decided_at", "award_decisions.id"])
    .where("proposals.competition_id", "=", competitionId)
    .orderBy("award_decisions.id")
    .execute();
  const experts = await db
    .selectFrom("users")
    .innerJoin("assignments", "assignments.expert_id", "users.id")
    .select(["users.id", "users.display_name"])
    .where("assignments.competition_id", "=", competitionId)
    .distinct()
    .execute();
  const seed = await db.selectFrom("lottery_seeds").select("text").where("competition_id", "=", competitionId).where("kind", "=", "seed").executeTakeFirst();
  return { rules, divisions, categories, proposals, assignmentRows, awards, experts, lotterySeed: seed?.text ?? null };
}

type LoadedInputs = Awaited<ReturnType<typeof loadRankingInputs>>;
/** Categories are needed only for quotas; without them no quota applies. */
export type RankingInputs = Omit<LoadedInputs, "categories" | "lotterySeed"> & { categories?: LoadedInputs["categories"]; lotterySeed?: string | null };

/**
 * The whole ranking from its inputs: pure, and linear in the rows (each assignment row is looked
 * at once to group it; each proposal then only walks its own few assignments).
 */
export function computeRanking(inputs: RankingInputs): CompetitionRanking {
  const { rules, divisions, categories, proposals, assignmentRows, awards, experts } = inputs;
  const lotteryTracks = new Set(rules.selection.lotteryDivisions.map((c) => c.toUpperCase()));
  const selection = selectionRulesOf(rules, categories ?? []);
  const latestAward = new Map(awards.map((a) => [a.proposal_id, a])); // ordered by id: later ones overwrite
  const byProposal = groupBy(assignmentRows, (a) => a.proposal_id);
  const aggOptions = {
    method: rules.review.aggregation,
    trimMinScores: rules.review.trimMinScores,
    trimCount: rules.review.trimCount,
    outlierDistanceCenti: rules.review.outlierDistanceCenti,
  };
  const { normalisation, normalisationMinScores, discordanceCenti, minExpertsPerProposal } = rules.review;
  const normalised =
    normalisation === "none"
      ? null
      : normaliseByRound(
          assignmentRows.filter((a) => a.status === "submitted").map((a) => ({ round: a.round, proposalId: a.proposal_id, expertId: a.expert_id, totalCenti: a.total_centi! })),
          normalisation,
          normalisationMinScores,
        );
  const tieRound: ReviewRoundName = rules.review.rounds.some((r) => r.round === "live") ? "live" : "desk";
  const firstKey = rules.rubric[0];

  const explain = (p: RankingInputs["proposals"][number]) => {
    const mine = byProposal.get(p.id) ?? [];
    const byRound = groupBy(mine, (a) => a.round);
    const rounds: RoundExplanation[] = rules.review.rounds.map((r) => {
      const inRound = byRound.get(r.round) ?? [];
      const submitted = inRound.filter((a) => a.status === "submitted");
      const entries: ScoreEntry[] = submitted.map((a) => ({ expertId: a.expert_id, totalCenti: a.total_centi! }));
      const spread = spreadOf(entries.map((e) => e.totalCenti));
      const common = {
        round: r.round,
        weightPercent: r.weightPercent,
        assigned: inRound.length,
        submitted: submitted.length,
        complete: inRound.length > 0 && submitted.length === inRound.length,
        spreadCenti: spread,
        discordant: discordanceCenti > 0 && spread > discordanceCenti,
        belowMinExperts: inRound.length > 0 && inRound.length < minExpertsPerProposal,
      };
      if (!normalised) return { ...common, aggregate: aggregateRound(entries, aggOptions) };
      const scored = entries.map((e) => {
        const n = normalised(r.round, p.id, e.expertId)!;
        return { expertId: e.expertId, totalCenti: e.totalCenti, normalisedCenti: n.normalisedCenti, ...(n.rawBecause ? { rawBecause: n.rawBecause } : {}) };
      });
      return {
        ...common,
        aggregate: aggregateRound(scored.map((e) => ({ expertId: e.expertId, totalCenti: e.normalisedCenti })), aggOptions),
        rawAggregate: aggregateRound(entries, aggOptions),
        normalised: scored,
      };
    });
    const complete = rounds.every((r) => r.complete);
    const compositeOf = (pick: (r: RoundExplanation) => RoundAggregate | null | undefined) =>
      complete ? compositeScore(rules.review.rounds, Object.fromEntries(rounds.map((r) => [r.round, pick(r)?.value ?? null]))) : null;
    const composite = compositeOf((r) => r.aggregate);
    const firstEntries: ScoreEntry[] = (byRound.get(tieRound) ?? [])
      .filter((a) => a.status === "submitted")
      .map((a) => ({ expertId: a.expert_id, totalCenti: (JSON.parse(a.criteria_json ?? "{}") as Record<string, number>)[firstKey.key] ?? 0 }));
    const live = rounds.find((r) => r.round === "live");
    const award = latestAward.get(p.id);
    return {
      proposalId: p.id,
      divisionId: p.division_id!,
      categoryId: p.category_id!,
      title: p.title,
      organizationName: p.organization_name,
      requestedFen: p.requested_fen,
      award: award ? { approvedFen: award.approved_fen, reason: award.reason, decidedAt: award.decided_at } : null,
      firstSubmittedAt: p.first_submitted_at,
      rounds,
      firstCriterion: { key: firstKey.key, name: firstKey.name, round: tieRound, aggregate: aggregateRound(firstEntries, aggOptions) },
      composite,
      ...(normalised ? { rawComposite: compositeOf((r) => r.rawAggregate) } : {}),
      discordant: rounds.some((r) => r.discordant),
      belowMinExperts: rounds.some((r) => r.belowMinExperts),
      finalCenti: composite?.roundedCenti ?? null,
      liveCenti: live?.complete ? (live.aggregate?.roundedCenti ?? null) : null,
    };
  };

  const proposalsByDivision = groupBy(proposals, (p) => p.division_id);
  const result: DivisionRanking[] = divisions.map((d) => {
    const rows = (proposalsByDivision.get(d.id) ?? []).map(explain);
    // small candidates pointing at their row: no copy of the whole explanation per proposal
    const ranked = rankDivision(
      rows.map((r) => ({
        proposalId: r.proposalId,
        finalCenti: r.finalCenti,
        liveCenti: r.liveCenti,
        firstCriterionCenti: r.firstCriterion.aggregate?.roundedCenti ?? null,
        requestedFen: r.requestedFen,
        firstSubmittedAt: r.firstSubmittedAt,
        row: r,
      })),
    );
    const { steps, draw } = selectWithLottery(
      ranked.map((e) => ({
        proposalId: e.candidate.proposalId,
        number: publicNumber(d.code, e.candidate.proposalId),
        rank: e.rank,
        finalCenti: e.candidate.finalCenti,
        amountFen: e.candidate.row.award?.approvedFen ?? e.candidate.requestedFen,
        categoryId: e.candidate.row.categoryId,
      })),
      d.budget_fen,
      selection,
      { track: lotteryTracks.has(d.code.toUpperCase()), bandCenti: rules.selection.nearTieBandCenti, seed: inputs.lotterySeed ?? null },
    );
    const stepOf = new Map(steps.map((s) => [s.proposalId, s]));
    const drawOf = new Map((draw?.entries ?? []).map((x) => [x.proposalId, x]));
    const out: RankedProposal[] = ranked.map((e) => {
      const drawn = drawOf.get(e.candidate.proposalId);
      return {
        ...e.candidate.row,
        number: publicNumber(d.code, e.candidate.proposalId),
        rank: e.rank,
        decidedBy: e.decidedBy,
        selection: stepOf.get(e.candidate.proposalId)!,
        ...(drawn && draw ? { drawn: { kind: draw.kind, place: drawn.place, digest: drawn.digest } } : {}),
      };
    });
    const grantedFen = steps.reduce((s, st) => s + st.grantFen, 0);
    return {
      division: { id: d.id, code: d.code, name: d.name, budgetFen: d.budget_fen },
      rows: out,
      grantedFen,
      remainingFen: d.budget_fen - grantedFen,
      draw,
    };
  });
  return { rules, divisions: result, expertNames: Object.fromEntries(experts.map((e) => [e.id, e.display_name])) };
}

/** Computes the whole ranking of a competition from the stored scores, fresh (see ranking-snapshot for the kept copy). */
export async function loadRanking(db: DB, competitionId: number): Promise<CompetitionRanking> {
  return computeRanking(await loadRankingInputs(db, competitionId));
}

/** Every ranked proposal (passed, or contracted and after) with its rank and whether selection funds it. */
export async function loadSelection(db: DB, competitionId: number): Promise<SelectionRow[]> {
  return selectionOf(await loadRanking(db, competitionId));
}

/** The selection rows of a computed ranking (what loadSelection returns). */
export function selectionOf(ranking: CompetitionRanking): SelectionRow[] {
  return ranking.divisions.flatMap((d) =>
    d.rows.map((r) => ({
      proposalId: r.proposalId,
      number: r.number,
      divisionId: r.divisionId,
      categoryId: r.categoryId,
      title: r.title,
      organizationName: r.organizationName,
      requestedFen: r.requestedFen,
      approvedFen: r.selection.grantFen > 0 ? r.selection.grantFen : (r.award?.approvedFen ?? r.requestedFen),
      finalScoreCenti: r.finalCenti,
      rank: r.rank,
      funded: r.selection.grantFen > 0,
      discordant: r.discordant,
    })),
  );
}

/** Names of the experts appointed to the competition, for the public notice (letter order). */
export async function loadPanelNames(db: DB, competitionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("expert_appointments")
    .innerJoin("users", "users.id", "expert_appointments.expert_id")
    .select(["users.id", "users.display_name"])
    .where("expert_appointments.competition_id", "=", competitionId)
    .orderBy("expert_appointments.letter_no")
    .orderBy("expert_appointments.id")
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).map((r) => r.display_name);
}

/**
 * The organizer sets the amount to fund below the requested amount (确定实施方案), with a reason.
 * One decision per proposal: a second one is refused with 409 (the table keeps proposal_id unique).
 */
export async function decideAward(db: DB, actor: Actor, input: In<AwardDecisionInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(awardDecisionSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const approvedFen = parseYuan(parsed.data.approvedYuan);
    if (approvedFen === null || approvedFen <= 0) throw new ReviewError("review.award.amountInvalid", 400, "approvedYuan");
    return await writeTransaction(db, async (trx) => {
      const proposal = await trx.selectFrom("proposals").select(["id", "status", "requested_fen"]).where("id", "=", parsed.data.proposalId).executeTakeFirst();
      if (!proposal) throw new ReviewError("error.notFound", 404);
      if (proposal.status !== "passed") throw new ReviewError("review.award.notPassed", 409);
      if (approvedFen > proposal.requested_fen) throw new ReviewError("review.award.aboveRequested", 400, "approvedYuan");
      const before = await trx.selectFrom("award_decisions").selectAll().where("proposal_id", "=", proposal.id).orderBy("id", "desc").executeTakeFirst();
      // One decision per proposal (UNIQUE proposal_id): a second one is refused, not a 500.
      if (before) throw new ReviewError("review.award.alreadyDecided", 409, "approvedYuan");
      const row = await trx
        .insertInto("award_decisions")
        .values({ proposal_id: proposal.id, approved_fen: approvedFen, reason: parsed.data.reason, decided_by: actor.id, decided_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "award.decide", entityType: "proposal", entityId: proposal.id,
        before: { approvedFen: proposal.requested_fen }, after: { approvedFen, reason: parsed.data.reason, decisionId: row.id }, now,
      });
      return { ok: true as const, approvedFen };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/** The submitted, active scores of one proposal (what the organizer may reopen), in assignment order. */
export async function loadSubmittedScores(db: DB, proposalId: number) {
  const rows = await db
    .selectFrom("scores")
    .innerJoin("assignments", "assignments.id", "scores.assignment_id")
    .innerJoin("users", "users.id", "assignments.expert_id")
    .select(["scores.id", "assignments.round", "users.display_name", "scores.total_centi"])
    .where("assignments.proposal_id", "=", proposalId)
    .where("assignments.active", "=", 1)
    .where("scores.status", "=", "submitted")
    .orderBy("assignments.id")
    .execute();
  return rows.map((r) => ({ scoreId: r.id, round: r.round, expertName: r.display_name, totalCenti: r.total_centi }));
}

/** Confirms the requested amount of each selected proposal (one decision each); returns how many were recorded. */
export async function confirmRequestedAwards(db: DB, actor: Actor, proposalIds: number[], reason: unknown, now: Date) {
  try {
    requireRole(actor, "organizer");
  } catch (error) {
    return { ...toFailure(error), done: 0 };
  }
  const rows = await db.selectFrom("proposals").select(["id", "requested_fen"]).where("id", "in", [0, ...proposalIds.slice(0, 500)]).execute();
  let done = 0;
  for (const p of rows) {
    const result = await decideAward(db, actor, { proposalId: String(p.id), approvedYuan: (p.requested_fen / 100).toFixed(2), reason }, now);
    if (!result.ok) return { ...result, done };
    done += 1;
  }
  return { ok: true as const, done };
}
