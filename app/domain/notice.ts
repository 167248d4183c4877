// The public notice (公示) as frozen data: which funded rows it lists, its fingerprint, what changed
// between versions, and whether the objection window is open at a given instant.
// (No node:* imports: route components import formatScore from here.)
import type { Fen } from "./money";
import type { Instant } from "./time";

export interface NoticeRow {
  seq: number;
  proposalId: number;
  /** the public number the lottery digests (notices before the lottery have none) */
  number?: string;
  divisionId: number;
  division: string;
  categoryId: number;
  category: string;
  title: string;
  applicant: string;
  approvedFen: Fen;
  /** final composite score in hundredths of a point; null when not fully scored */
  finalScoreCenti: number | null;
  rank: number | null;
}

export interface NoticeSnapshot {
  competition: { id: number; name: string; host: string; operator: string };
  rows: NoticeRow[];
  panel: string[];
  totalFen: Fen;
  workingDays: number;
  /** the public lottery (docs/lottery.md), when some division's selection was drawn */
  lottery?: NoticeLottery;
}

/** What the notice prints of the lottery: the announcement, the seed and each division's draw, line by line. */
export interface NoticeLottery {
  statement: string;
  announcedAt: string;
  drawAt: string;
  seed: string;
  seededAt: string;
  draws: {
    divisionId: number;
    division: string;
    kind: "nearTie" | "track";
    bandCenti: number;
    marginalCenti: number | null;
    entries: { number: string; title: string; applicant: string; finalScoreCenti: number; digest: string; place: number; grantFen: Fen }[];
  }[];
}

/** What selection hands the notice: the fields of ranking.server.ts' SelectionRow the notice uses. */
export interface SelectedProposal {
  proposalId: number;
  number?: string;
  divisionId: number;
  categoryId: number;
  title: string;
  organizationName: string;
  approvedFen: Fen;
  finalScoreCenti: number | null;
  rank: number | null;
  funded: boolean;
}

export interface NamedRef {
  id: number;
  name: string;
  sort_order: number;
}

/**
 * Only funded rows are published; they are ordered by division (as configured), then rank, then
 * proposal id, and numbered 1..n. Names are copied in so later renames cannot change the notice.
 */
export function buildNoticeSnapshot(input: {
  competition: NoticeSnapshot["competition"];
  selection: readonly SelectedProposal[];
  divisions: readonly NamedRef[];
  categories: readonly NamedRef[];
  panel: readonly string[];
  workingDays: number;
  lottery?: NoticeLottery;
}): NoticeSnapshot {
  const division = new Map(input.divisions.map((d) => [d.id, d]));
  const category = new Map(input.categories.map((c) => [c.id, c]));
  const funded = input.selection
    .filter((s) => s.funded)
    .slice()
    .sort(
      (a, b) =>
        (division.get(a.divisionId)?.sort_order ?? 0) - (division.get(b.divisionId)?.sort_order ?? 0) ||
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        a.proposalId - b.proposalId,
    );
  const rows = funded.map((s, i) => ({
    seq: i + 1,
    proposalId: s.proposalId,
    ...(s.number ? { number: s.number } : {}),
    divisionId: s.divisionId,
    division: division.get(s.divisionId)?.name ?? "",
    categoryId: s.categoryId,
    category: category.get(s.categoryId)?.name ?? "",
    title: s.title,
    applicant: s.organizationName,
    approvedFen: s.approvedFen,
    finalScoreCenti: s.finalScoreCenti,
    rank: s.rank,
  }));
  return {
    competition: { ...input.competition },
    rows,
    panel: [...input.panel],
    totalFen: rows.reduce((sum, r) => sum + r.approvedFen, 0),
    workingDays: input.workingDays,
    ...(input.lottery ? { lottery: input.lottery } : {}),
  };
}

/** The exact text stored in notices.snapshot_json; its SHA-256 is the notice's fingerprint. */
export function serializeSnapshot(snapshot: NoticeSnapshot): string {
  return JSON.stringify(snapshot);
}

export function parseSnapshot(json: string): NoticeSnapshot {
  return JSON.parse(json) as NoticeSnapshot;
}

export interface SnapshotChanges {
  added: NoticeRow[];
  removed: NoticeRow[];
  changed: { before: NoticeRow; after: NoticeRow }[];
}

/** How a later version differs from the one it supersedes (by proposal). */
export function diffSnapshots(before: NoticeSnapshot, after: NoticeSnapshot): SnapshotChanges {
  const old = new Map(before.rows.map((r) => [r.proposalId, r]));
  const now = new Map(after.rows.map((r) => [r.proposalId, r]));
  return {
    added: after.rows.filter((r) => !old.has(r.proposalId)),
    removed: before.rows.filter((r) => !now.has(r.proposalId)),
    changed: after.rows
      .filter((r) => old.has(r.proposalId))
      .map((r) => ({ before: old.get(r.proposalId)!, after: r }))
      .filter(({ before: b, after: a }) => b.approvedFen !== a.approvedFen || b.title !== a.title || b.applicant !== a.applicant),
  };
}

export type ObjectionWindow = "open" | "closed" | "superseded";

/**
 * Objections are taken from the moment a notice is published until the end of its period
 * (period_ends_at, judged on the server clock), and only against the latest version.
 */
export function objectionWindow(notice: { published_at: Instant; period_ends_at: Instant }, isLatest: boolean, now: Date): ObjectionWindow {
  if (!isLatest) return "superseded";
  const t = now.getTime();
  return t >= Date.parse(notice.published_at) && t <= Date.parse(notice.period_ends_at) ? "open" : "closed";
}

/** Whether the notice period is over (agreements may be generated and signed after this). */
export function periodEnded(notice: { period_ends_at: Instant }, now: Date): boolean {
  return now.getTime() > Date.parse(notice.period_ends_at);
}

/** "86.88" from 8688 centipoints; "—" when unscored. */
export function formatScore(centi: number | null): string {
  if (centi === null) return "—";
  return (centi / 100).toFixed(2);
}
