// How reliable the panel was, for the organizer's results page: ICC(2,1)/ICC(2,k) on the largest fully
// crossed block and Krippendorff's alpha on every submitted score, overall, per criterion and per division.
import type { DB } from "../../db/connection";
import { icc2, krippendorffAlphaInterval, largestCompleteBlock, readReliability, type Rating } from "../domain/reliability";
import { type Actor, competitionWithRules, requireRole } from "./review-common.server";
import { t } from "../i18n";
import type { Table } from "./exports.server";

export interface ReliabilityFigure {
  scope: "overall" | "criterion" | "division";
  /** criterion key or division id, for the label */
  key: string;
  label: string;
  ratings: number;
  proposals: number;
  experts: number;
  /** the fully crossed block the ICC rests on */
  block: { proposals: number; experts: number };
  iccSingle: { estimate: number; lower: number; upper: number } | null;
  iccAverage: { estimate: number; lower: number; upper: number } | null;
  alpha: number | null;
  /** judged on alpha when there is one (it uses every score), else on ICC(2,1) */
  reading: ReturnType<typeof readReliability>;
}

export function figure(scope: ReliabilityFigure["scope"], key: string, label: string, ratings: Rating[]): ReliabilityFigure {
  const block = largestCompleteBlock(ratings);
  const icc = block.matrix.length ? icc2(block.matrix) : null;
  const alpha = krippendorffAlphaInterval(ratings)?.alpha ?? null;
  return {
    scope,
    key,
    label,
    ratings: ratings.length,
    proposals: new Set(ratings.map((r) => r.unit)).size,
    experts: new Set(ratings.map((r) => r.rater)).size,
    block: { proposals: block.units.length, experts: block.raters.length },
    iccSingle: icc?.single ?? null,
    iccAverage: icc?.average ?? null,
    alpha,
    reading: readReliability(alpha ?? icc?.single.estimate),
  };
}

/** Desk-round reliability of one competition's panel (organizers only). Two queries whatever the size. */
export async function loadPanelReliability(db: DB, actor: Actor, competitionId: number) {
  requireRole(actor, "organizer");
  const { rules } = await competitionWithRules(db, competitionId);
  const [rows, divisions] = await Promise.all([
    db
      .selectFrom("scores")
      .innerJoin("assignments", "assignments.id", "scores.assignment_id")
      .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
      .select(["assignments.proposal_id", "assignments.expert_id", "proposals.division_id", "scores.total_centi", "scores.criteria_json"])
      .where("assignments.competition_id", "=", competitionId)
      .where("assignments.round", "=", "desk")
      .where("assignments.active", "=", 1)
      .where("scores.status", "=", "submitted")
      .execute(),
    db.selectFrom("divisions").select(["id", "name"]).where("competition_id", "=", competitionId).orderBy("sort_order").execute(),
  ]);
  const total = (r: (typeof rows)[number]): Rating => ({ unit: r.proposal_id, rater: r.expert_id, value: r.total_centi / 100 });
  const criteria = rows.map((r) => ({ row: r, values: safeCriteria(r.criteria_json) }));
  return {
    overall: figure("overall", "all", "", rows.map(total)),
    byCriterion: rules.rubric.map((c) =>
      figure(
        "criterion",
        c.key,
        c.name,
        criteria.flatMap(({ row, values }) => (typeof values[c.key] === "number" ? [{ unit: row.proposal_id, rater: row.expert_id, value: values[c.key] / 100 }] : [])),
      ),
    ),
    byDivision: divisions.map((d) => figure("division", String(d.id), d.name, rows.filter((r) => r.division_id === d.id).map(total))),
  };
}

function safeCriteria(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

const two = (v: number | null | undefined) => (v === null || v === undefined ? "" : v.toFixed(2));
const interval = (i: { estimate: number; lower: number; upper: number } | null) => (i ? `${two(i.estimate)}（${two(i.lower)}–${two(i.upper)}）` : "");

/** The panel's reliability as an export table (the results page's figures, one row per scope). */
export async function reliabilityExport(db: DB, actor: Actor, competitionId: number): Promise<Table> {
  const { competition } = await competitionWithRules(db, competitionId);
  const r = await loadPanelReliability(db, actor, competitionId);
  const label = (f: ReliabilityFigure) =>
    f.scope === "overall" ? t("fair.reliability.overall") : t(f.scope === "criterion" ? "fair.reliability.criterion" : "fair.reliability.division", { name: f.label });
  return {
    sheet: t("fair.reliability.sheet"),
    title: `${competition.name} ${t("fair.reliability.title")}`,
    headers: [t("fair.reliability.scope"), t("fair.reliability.iccSingle"), t("fair.reliability.iccAverage"), t("fair.reliability.alpha"), t("fair.reliability.reading"), t("fair.reliability.basis")],
    rows: [r.overall, ...r.byCriterion, ...r.byDivision].map((f) => [
      label(f), interval(f.iccSingle), interval(f.iccAverage), two(f.alpha), t(`fair.reading.${f.reading}`),
      t("fair.reliability.basisText", { ratings: f.ratings, proposals: f.proposals, experts: f.experts, blockProposals: f.block.proposals, blockExperts: f.block.experts }),
    ]),
    moneyColumns: [],
  };
}
