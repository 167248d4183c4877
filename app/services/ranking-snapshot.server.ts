// The stored ranking: computed once per change of its inputs and kept (ranking_snapshots + one
// ranking_rows row per proposal), so staff pages read one page of rows instead of recomputing.
// Triggers on every input table append to ranking_changes; a snapshot is current while the
// (max id, count) of that table is what it was when the inputs were read.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { anyContains } from "../utils/list-query.server";
import type { CompetitionRules } from "../domain/competition-rules";
import type { DivisionDraw } from "../domain/lottery-selection";
import { figure, type ReliabilityFigure } from "./reliability.server";
import { computeRanking, loadRankingInputs, type CompetitionRanking, type RankedProposal } from "./ranking.server";

export interface RankingVersion {
  max: number;
  count: number;
}

export interface RankingSummary {
  review: Pick<
    CompetitionRules["review"],
    "aggregation" | "qualificationLineCenti" | "outlierDistanceCenti" | "trimMinScores" | "trimCount" | "normalisation" | "normalisationMinScores" | "discordanceCenti" | "minExpertsPerProposal"
  >;
  /** proposals flagged for the list: scores spread beyond the discordance threshold, fewer experts than the minimum */
  flags?: { discordant: number[]; belowMinExperts: number[] };
  /** the panel's overall desk-round reliability, shown on the ranking (the full table is on /organizer/reliability) */
  reliability?: ReliabilityFigure;
  divisions: { id: number; code: string; name: string; budgetFen: number; grantedFen: number; remainingFen: number; rows: number; grantsFen: number[]; draw?: SummaryDraw | null }[];
}

/** A division's draw as the ranking page shows it: the first entries (the notice carries all), with the group's size. */
export type SummaryDraw = Omit<DivisionDraw, "entries"> & { size: number; entries: (DivisionDraw["entries"][number] & { title: string })[] };
const DRAW_SHOWN = 100;

function summaryDraw(d: CompetitionRanking["divisions"][number]): SummaryDraw | null {
  if (!d.draw) return null;
  const title = new Map(d.rows.map((r) => [r.proposalId, r.title]));
  const { entries, ...rest } = d.draw;
  return { ...rest, size: entries.length, entries: entries.slice(0, DRAW_SHOWN).map((e) => ({ ...e, title: title.get(e.proposalId) ?? "" })) };
}

/** What the explanation of one row needs: the row, the one ranked above it (tie-break) and the experts' names. */
export interface RowExplanation {
  row: RankedProposal;
  previous: RankedProposal | null;
  names: Record<number, string>;
}

/** Prune the change log once it is this long (a prune invalidates every snapshot once). */
const PRUNE_AT = 10_000;
const INSERT_CHUNK = 200;

export async function rankingVersion(db: DB): Promise<RankingVersion> {
  const r = await db
    .selectFrom("ranking_changes")
    .select((eb) => [eb.fn.max("id").as("max"), eb.fn.countAll().as("count")])
    .executeTakeFirstOrThrow();
  return { max: Number(r.max ?? 0), count: Number(r.count) };
}

export const sameVersion = (a: RankingVersion, b: RankingVersion) => a.max === b.max && a.count === b.count;

/** The ranking computed fresh, with the change-log version read BEFORE its inputs (so a later change always shows). */
export async function computeFreshRanking(db: DB, competitionId: number): Promise<{ version: RankingVersion; ranking: CompetitionRanking; reliability: ReliabilityFigure }> {
  const version = await rankingVersion(db);
  const inputs = await loadRankingInputs(db, competitionId);
  const desk = inputs.assignmentRows.filter((a) => a.round === "desk" && a.status === "submitted");
  const reliability = figure("overall", "all", "", desk.map((a) => ({ unit: a.proposal_id, rater: a.expert_id, value: a.total_centi! / 100 })));
  return { version, ranking: computeRanking(inputs), reliability };
}

function summarize(ranking: CompetitionRanking, reliability?: ReliabilityFigure): RankingSummary {
  const { aggregation, qualificationLineCenti, outlierDistanceCenti, trimMinScores, trimCount, normalisation, normalisationMinScores, discordanceCenti, minExpertsPerProposal } = ranking.rules.review;
  const rows = ranking.divisions.flatMap((d) => d.rows);
  return {
    ...(reliability ? { reliability } : {}),
    review: { aggregation, qualificationLineCenti, outlierDistanceCenti, trimMinScores, trimCount, normalisation, normalisationMinScores, discordanceCenti, minExpertsPerProposal },
    flags: {
      discordant: rows.filter((r) => r.discordant).map((r) => r.proposalId),
      belowMinExperts: rows.filter((r) => r.belowMinExperts).map((r) => r.proposalId),
    },
    divisions: ranking.divisions.map((d) => ({
      ...d.division,
      grantedFen: d.grantedFen,
      remainingFen: d.remainingFen,
      rows: d.rows.length,
      grantsFen: d.rows.filter((r) => r.selection.grantFen > 0).map((r) => r.selection.grantFen),
      draw: summaryDraw(d),
    })),
  };
}

function namesFor(row: RankedProposal, all: Record<number, string>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const r of row.rounds) for (const s of r.aggregate?.scores ?? []) out[s.expertId] = all[s.expertId] ?? `#${s.expertId}`;
  return out;
}

/** Writes a computed ranking as the competition's snapshot, labelled with the version its inputs were read at. */
export async function storeRankingSnapshot(db: DB, competitionId: number, version: RankingVersion, ranking: CompetitionRanking, now: Date, reliability?: ReliabilityFigure) {
  const rows = ranking.divisions.flatMap((d) =>
    d.rows.map((row, i) => ({
      competition_id: competitionId,
      division_id: d.division.id,
      position: i + 1,
      proposal_id: row.proposalId,
      rank: row.rank,
      title: row.title,
      organization_name: row.organizationName,
      final_centi: row.finalCenti,
      requested_fen: row.requestedFen,
      approved_fen: row.award?.approvedFen ?? row.requestedFen,
      grant_fen: row.selection.grantFen,
      outcome: row.selection.outcome,
      outlier_count: row.rounds.reduce((s, r) => s + (r.aggregate?.outliers.length ?? 0), 0),
      explain_json: JSON.stringify({ row, previous: i > 0 ? d.rows[i - 1] : null, names: namesFor(row, ranking.expertNames) } satisfies RowExplanation),
    })),
  );
  const summary = JSON.stringify(summarize(ranking, reliability));
  await writeTransaction(db, async (trx) => {
    let label = version;
    if (version.count > PRUNE_AT && version.max > 0) {
      await trx.deleteFrom("ranking_changes").where("id", "<", version.max).execute();
      label = { max: version.max, count: 1 };
    }
    await trx.deleteFrom("ranking_rows").where("competition_id", "=", competitionId).execute();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto("ranking_rows").values(rows.slice(i, i + INSERT_CHUNK)).execute();
    const values = { changes_max: label.max, changes_count: label.count, computed_at: now.toISOString(), summary_json: summary };
    await trx
      .insertInto("ranking_snapshots")
      .values({ competition_id: competitionId, ...values })
      .onConflict((oc) => oc.column("competition_id").doUpdateSet(values))
      .execute();
  });
}

/**
 * The competition's ranking summary, from the stored snapshot when it is current, else computed
 * and stored first (the first view after a change pays for it, every later view reads rows).
 */
export async function ensureRankingSnapshot(db: DB, competitionId: number, now: Date): Promise<{ summary: RankingSummary; computedAt: string }> {
  const [current, stored] = await Promise.all([
    rankingVersion(db),
    db.selectFrom("ranking_snapshots").select(["changes_max", "changes_count", "summary_json", "computed_at"]).where("competition_id", "=", competitionId).executeTakeFirst(),
  ]);
  if (stored && sameVersion(current, { max: stored.changes_max, count: stored.changes_count })) {
    return { summary: JSON.parse(stored.summary_json) as RankingSummary, computedAt: stored.computed_at };
  }
  const { version, ranking, reliability } = await computeFreshRanking(db, competitionId);
  await storeRankingSnapshot(db, competitionId, version, ranking, now, reliability);
  return { summary: summarize(ranking, reliability), computedAt: now.toISOString() };
}

import { RANKING_OUTCOMES, RANKING_SORTS, type RankingSort } from "../domain/ranking-list";
export { RANKING_OUTCOMES, RANKING_SORTS, type RankingSort };

export interface RankingPageQuery {
  divisionId: number;
  page: number;
  pageSize: number;
  q: string;
  sort: RankingSort;
  outcome: (typeof RANKING_OUTCOMES)[number];
}

/** One page of one division's stored rows (call ensureRankingSnapshot first), with the count that matched. */
export async function loadRankingRows(db: DB, competitionId: number, query: RankingPageQuery) {
  let base = db.selectFrom("ranking_rows").where("competition_id", "=", competitionId).where("division_id", "=", query.divisionId);
  if (query.q) {
    base = base.where(anyContains(["title", "organization_name"], query.q));
  }
  if (query.outcome !== "all") base = base.where("outcome", "=", query.outcome);
  const ordered =
    query.sort === "score" ? base.orderBy("final_centi", "desc").orderBy("position")
    : query.sort === "requested" ? base.orderBy("requested_fen").orderBy("position")
    : query.sort === "-requested" ? base.orderBy("requested_fen", "desc").orderBy("position")
    : query.sort === "title" ? base.orderBy("title").orderBy("position")
    : base.orderBy("position");
  const [rows, total] = await Promise.all([
    ordered
      .select(["proposal_id", "position", "rank", "title", "organization_name", "final_centi", "requested_fen", "approved_fen", "grant_fen", "outcome", "outlier_count"])
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The full explanation of one stored row (fetched on demand: ?explain=<proposalId>). */
export async function loadRowExplanation(db: DB, competitionId: number, proposalId: number): Promise<RowExplanation | null> {
  const row = await db
    .selectFrom("ranking_rows")
    .select("explain_json")
    .where("competition_id", "=", competitionId)
    .where("proposal_id", "=", proposalId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.explain_json) as RowExplanation) : null;
}

/**
 * One page of the whole competition's current selection (every division, in division then ranking
 * order) from the stored snapshot, for the notice desk; the exports and the notice compute fresh.
 */
export async function loadSelectionPage(db: DB, competitionId: number, query: { q: string; offset: number; pageSize: number; funded: "all" | "funded" | "unfunded" }, now: Date) {
  await ensureRankingSnapshot(db, competitionId, now);
  let base = db
    .selectFrom("ranking_rows")
    .innerJoin("divisions", "divisions.id", "ranking_rows.division_id")
    .where("ranking_rows.competition_id", "=", competitionId);
  if (query.q) base = base.where(anyContains(["ranking_rows.title", "ranking_rows.organization_name"], query.q));
  if (query.funded === "funded") base = base.where("ranking_rows.grant_fen", ">", 0);
  if (query.funded === "unfunded") base = base.where("ranking_rows.grant_fen", "=", 0);
  const [rows, total] = await Promise.all([
    base
      .innerJoin("proposals", "proposals.id", "ranking_rows.proposal_id")
      .leftJoin("categories", "categories.id", "proposals.category_id")
      .select([
        "ranking_rows.proposal_id", "ranking_rows.rank", "ranking_rows.title", "ranking_rows.organization_name", "ranking_rows.final_centi",
        "ranking_rows.approved_fen", "ranking_rows.grant_fen", "divisions.name as division_name", "categories.name as category_name",
      ])
      .orderBy("divisions.sort_order").orderBy("divisions.id").orderBy("ranking_rows.position")
      .limit(query.pageSize).offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      proposalId: r.proposal_id, rank: r.rank, title: r.title, organizationName: r.organization_name, finalScoreCenti: r.final_centi,
      approvedFen: r.grant_fen > 0 ? r.grant_fen : r.approved_fen, funded: r.grant_fen > 0, division: r.division_name, category: r.category_name ?? "",
    })),
  };
}
