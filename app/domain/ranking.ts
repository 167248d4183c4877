// Ranking within a division: by the published (2-decimal) final score, then the tie-break chain
// higher live score → higher first-criterion score → lower requested amount → earlier first submission.

export interface RankCandidate {
  proposalId: number;
  /** final composite score, rounded to hundredths; null = not fully scored (not ranked) */
  finalCenti: number | null;
  /** the live-round score, rounded; null when there is no live round */
  liveCenti: number | null;
  /** the first rubric criterion's panel score, rounded */
  firstCriterionCenti: number | null;
  requestedFen: number;
  firstSubmittedAt: string | null;
}

export type TieBreak = "final" | "live" | "firstCriterion" | "requested" | "submittedAt" | "proposalId";

export interface RankedEntry<T extends RankCandidate> {
  candidate: T;
  rank: number | null;
  /** the rule that placed it below the previous entry (null for the first or unranked) */
  decidedBy: TieBreak | null;
}

const nullLow = (v: number | null) => (v === null ? -1 : v);

// Returns at the first rule that differs, without building the whole chain: sorting 10,000
// candidates calls this ~130,000 times.
function compareBy(a: RankCandidate, b: RankCandidate): { order: number; by: TieBreak } {
  let order = nullLow(b.finalCenti) - nullLow(a.finalCenti);
  if (order !== 0) return { order, by: "final" };
  order = nullLow(b.liveCenti) - nullLow(a.liveCenti);
  if (order !== 0) return { order, by: "live" };
  order = nullLow(b.firstCriterionCenti) - nullLow(a.firstCriterionCenti);
  if (order !== 0) return { order, by: "firstCriterion" };
  order = a.requestedFen - b.requestedFen;
  if (order !== 0) return { order, by: "requested" };
  // ISO-8601 UTC instants: code-unit order is time order (and far cheaper than localeCompare)
  const sa = a.firstSubmittedAt ?? "9999";
  const sb = b.firstSubmittedAt ?? "9999";
  order = sa < sb ? -1 : sa > sb ? 1 : 0;
  if (order !== 0) return { order, by: "submittedAt" };
  // last resort so the order is total and stable; never reached by distinct submissions
  return { order: a.proposalId - b.proposalId, by: "proposalId" };
}

/** The sort order alone (no allocation per comparison); compareBy names the rule for neighbours. */
function compareOrder(a: RankCandidate, b: RankCandidate): number {
  return (
    nullLow(b.finalCenti) - nullLow(a.finalCenti) ||
    nullLow(b.liveCenti) - nullLow(a.liveCenti) ||
    nullLow(b.firstCriterionCenti) - nullLow(a.firstCriterionCenti) ||
    a.requestedFen - b.requestedFen ||
    compareBy(a, b).order
  );
}

/** Orders the candidates of ONE division; unscored ones follow, unranked, by proposal id. */
export function rankDivision<T extends RankCandidate>(candidates: readonly T[]): RankedEntry<T>[] {
  const scored = candidates.filter((c) => c.finalCenti !== null).sort(compareOrder);
  const unscored = candidates.filter((c) => c.finalCenti === null).sort((a, b) => a.proposalId - b.proposalId);
  const ranked: RankedEntry<T>[] = scored.map((c, i) => ({
    candidate: c,
    rank: i + 1,
    decidedBy: i === 0 ? null : compareBy(scored[i - 1], c).by,
  }));
  return [...ranked, ...unscored.map((c) => ({ candidate: c, rank: null, decidedBy: null }))];
}
