// The ranking page's sort orders and outcome filters: plain constants the page renders as options, so
// they live outside any .server module (those are empty in the browser bundle).
export const RANKING_SORTS = ["rank", "score", "requested", "-requested", "title"] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];
export const RANKING_OUTCOMES = ["all", "funded", "partial", "belowLine", "doesNotFit", "awaitingDraw", "unscored"] as const;
