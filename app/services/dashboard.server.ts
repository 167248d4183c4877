// Read models of the money: the organizer's dashboard (pool, committed, paid, remaining by division
// and category) and the public transparency page (where the sponsors' money went, project by project).
// Every figure is derived from the ledger lines and the milestones, never from stored totals. The
// public figures are computed once per change of what they read (the money_changes log) and reused.
import type { DB } from "../../db/connection";
import { changeLogVersion, databaseKey, pruneChangeLog, sameChangeLogVersion, type ChangeLogVersion } from "./change-log.server";
import type { Fen } from "../domain/money";
import { currentPublicCompetition } from "./competition-scope.server";
import { competitionBalances, ledgerIntegrity } from "./ledger.server";
import { fundedAgreements, receivedBySponsor } from "./sponsors.server";

export interface MoneyBar {
  label: string;
  budgetFen: Fen;
  committedFen: Fen;
  paidFen: Fen;
  remainingFen: Fen;
  projects: number;
}

function sumKind(balances: Awaited<ReturnType<typeof competitionBalances>>, kind: string) {
  return balances.filter((b) => b.kind === kind).reduce((s, b) => s + b.balanceFen, 0);
}

/** Committed = what the agreement still holds plus what it paid (a terminated agreement keeps only what it paid). */
function committedOf(a: { status: string; amount_fen: number; paidFen: number }) {
  return a.status === "terminated" ? a.paidFen : a.amount_fen;
}

/** The organizer's money dashboard for one competition: every figure and count is that competition's. */
export async function loadFinanceDashboard(db: DB, competitionId: number) {
  const competition = await db.selectFrom("competitions").select(["name"]).where("id", "=", competitionId).executeTakeFirst();
  const balances = await competitionBalances(db, competitionId);
  const agreements = await fundedAgreements(db, competitionId);
  const pledged = await db
    .selectFrom("contributions")
    .select([(eb) => eb.fn.sum<number>("pledged_fen").as("pledged")])
    .where("competition_id", "=", competitionId)
    .where("status", "=", "pledged")
    .executeTakeFirst();
  const divisions = await db.selectFrom("divisions").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const categories = await db.selectFrom("categories").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute();
  const bars = (groups: { id: number; name: string; budget_fen?: number }[], key: "division_id" | "category_id"): MoneyBar[] =>
    groups.map((g) => {
      const mine = agreements.filter((a) => a[key] === g.id);
      const committedFen = mine.reduce((s, a) => s + committedOf(a), 0);
      const paidFen = mine.reduce((s, a) => s + a.paidFen, 0);
      return { label: g.name, budgetFen: g.budget_fen ?? 0, committedFen, paidFen, remainingFen: committedFen - paidFen, projects: mine.length };
    });
  const integrity = await ledgerIntegrity(db, competitionId);
  return {
    competitionName: competition?.name ?? "",
    totals: {
      receivedFen: sumKind(balances, "sponsor"),
      pledgedOutstandingFen: Number(pledged?.pledged ?? 0),
      poolFen: sumKind(balances, "pool"),
      outstandingCommitmentFen: sumKind(balances, "commitment"),
      paidFen: sumKind(balances, "paid"),
      recoveredFen: sumKind(balances, "recovered"),
      committedFen: agreements.reduce((s, a) => s + committedOf(a), 0),
    },
    byDivision: bars(divisions, "division_id"),
    byCategory: bars(categories, "category_id"),
    agreements: agreements.map((a) => ({
      id: a.id, title: a.title, organization: a.organization, division: a.division, category: a.category, status: a.status,
      amountFen: a.amount_fen, paidFen: a.paidFen,
    })),
    integrity: { balanced: integrity.debit === integrity.credit && integrity.unbalancedEntries.length === 0, entries: integrity.entries },
    accounts: balances,
  };
}

type CompetitionRow = { id: number; name: string; slug: string };

async function computeTransparency(db: DB, competition: CompetitionRow) {
  const competitionId = competition.id;
  const sponsors = await receivedBySponsor(db, competitionId);
  const agreements = await fundedAgreements(db, competitionId);
  const balances = await competitionBalances(db, competitionId);
  return {
    competitionId: competition.id,
    competitionName: competition.name,
    competitionSlug: competition.slug,
    totals: {
      receivedFen: sponsors.reduce((s, x) => s + x.receivedFen, 0),
      committedFen: agreements.reduce((s, a) => s + committedOf(a), 0),
      paidFen: sumKind(balances, "paid"),
      recoveredFen: sumKind(balances, "recovered"),
      poolFen: sumKind(balances, "pool"),
    },
    sponsors: sponsors.map((s) => ({ name: s.name, receivedFen: s.receivedFen })),
    projects: agreements.map((a) => ({
      id: a.id, title: a.title, organization: a.organization, division: a.division, category: a.category, status: a.status,
      amountFen: a.amount_fen, paidFen: a.paidFen,
    })),
  };
}

type TransparencyFigures = Awaited<ReturnType<typeof computeTransparency>>;
/** per database handle and competition: the figures and the money_changes version they were computed at */
const transparencyCache = new WeakMap<object, Map<number, { version: ChangeLogVersion; figures: TransparencyFigures }>>();

/**
 * The public page of one competition's money (the current one when none is named): no names of
 * people, only sponsors (companies), organizations and projects. Rehearsals (演练) have none.
 * Computed once per change: reused while money_changes (appended to by triggers on every table read
 * here) stays at the version read before the figures were — so every process sees a payment at once.
 */
export async function loadTransparency(db: DB, competitionId?: number): Promise<TransparencyFigures | null> {
  const version = await changeLogVersion(db, "money_changes");
  const competition =
    competitionId === undefined
      ? await currentPublicCompetition(db)
      : await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).where("status", "=", "published").where("is_rehearsal", "=", 0).executeTakeFirst();
  if (!competition) return null;
  let byCompetition = transparencyCache.get(databaseKey(db));
  if (!byCompetition) transparencyCache.set(databaseKey(db), (byCompetition = new Map()));
  const kept = byCompetition.get(competition.id);
  if (kept && sameChangeLogVersion(kept.version, version)) return kept.figures;
  const figures = await computeTransparency(db, competition);
  await pruneChangeLog(db, "money_changes", version);
  byCompetition.set(competition.id, { version, figures });
  return figures;
}
