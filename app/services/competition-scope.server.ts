// Which competition a page shows (decision 011). Public pages name it in the URL
// (/competitions/:slug/...); `/`, `/notices` and `/transparency` show the current one. Staff pages
// share one picker with one query parameter, `?competition=<slug>`, remembered per user in
// user_preferences (a row, so every process sees the same choice). Rehearsals (演练) never appear
// on public pages.
import type { DB } from "../../db/connection";
import { clockFor, isRehearsal } from "../domain/clock";
import { noticeStateAt, publicTimeline, stageAt } from "../domain/stages";

/** The query parameter every staff page reads (the picker's field name); the old names are still understood. */
const COMPETITION_PARAM = "competition";
const LEGACY_PARAMS = ["competitionId"] as const;
const PREFERENCE = "staff.competition";

export type ScopedCompetition = { id: number; name: string; slug: string; year: number; status: string; is_rehearsal: number };

/** Every published competition that is not a rehearsal, newest first: what the public may see. */
export function publicCompetitions(db: DB) {
  return db.selectFrom("competitions").selectAll().where("status", "=", "published").where("is_rehearsal", "=", 0).orderBy("year", "desc").orderBy("id", "desc");
}

/** The public current competition: the newest published one that is not a rehearsal. */
export async function currentPublicCompetition(db: DB) {
  return publicCompetitions(db).executeTakeFirst();
}

/**
 * A competition by its public identifier. Drafts are never public; a rehearsal is found (its own
 * participants follow links to it) but every page shows it marked as 演练.
 */
export async function competitionBySlug(db: DB, slug: string | undefined) {
  if (!slug) return undefined;
  return db.selectFrom("competitions").selectAll().where("slug", "=", slug).where("status", "=", "published").executeTakeFirst();
}

/** The public archive: every published real competition, newest first, with its stage and money. */
export async function listPublicCompetitions(db: DB, now: Date) {
  const competitions = await publicCompetitions(db).execute();
  if (competitions.length === 0) return [];
  const ids = competitions.map((c) => c.id);
  const [notices, agreements, paid] = await Promise.all([
    db
      .selectFrom("notices")
      .select(["competition_id", (eb) => eb.fn.max("id").as("latest"), (eb) => eb.fn.max("period_ends_at").as("ends")]).where("competition_id", "in", ids).groupBy("competition_id").execute(),
    db
      .selectFrom("agreements")
      .select(["competition_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("competition_id", "in", ids)
      .where("status", "in", ["signed", "terminated", "completed"])
      .groupBy("competition_id")
      .execute(),
    db
      .selectFrom("milestones")
      .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
      .select(["agreements.competition_id", (eb) => eb.fn.sum<number>("milestones.amount_fen").as("paid")])
      .where("agreements.competition_id", "in", ids)
      .where("milestones.status", "=", "paid")
      .groupBy("agreements.competition_id")
      .execute(),
  ]);
  const by = <T extends { competition_id: number }>(rows: T[]) => new Map(rows.map((r) => [r.competition_id, r]));
  const noticeBy = by(notices);
  const agreementsBy = by(agreements);
  const paidBy = by(paid);
  return competitions.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    year: c.year,
    stage: stageAt(c, now, noticeStateAt(noticeBy.get(c.id)?.ends === undefined ? null : String(noticeBy.get(c.id)!.ends), now)),
    fundFen: Number(c.total_fund_fen ?? 0),
    latestNoticeId: noticeBy.get(c.id)?.latest === undefined ? null : Number(noticeBy.get(c.id)!.latest),
    funded: Number(agreementsBy.get(c.id)?.n ?? 0),
    paidFen: Number(paidBy.get(c.id)?.paid ?? 0),
  }));
}

/** The other public competitions a current-competition page links to. */
export async function otherPublicCompetitions(db: DB, exceptId: number | null) {
  const rows = await publicCompetitions(db).execute();
  return rows.filter((c) => c.id !== exceptId).map((c) => ({ id: c.id, slug: c.slug, name: c.name, year: c.year }));
}

async function readPreference(db: DB, userId: number) {
  const row = await db.selectFrom("user_preferences").select("value").where("user_id", "=", userId).where("name", "=", PREFERENCE).executeTakeFirst();
  return row?.value ?? null;
}

async function savePreference(db: DB, userId: number, value: string, now: Date) {
  await db
    .insertInto("user_preferences")
    .values({ user_id: userId, name: PREFERENCE, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

function asked(url: URL): string | null {
  for (const name of [COMPETITION_PARAM, ...LEGACY_PARAMS]) {
    const value = url.searchParams.get(name)?.trim();
    if (value) return value;
  }
  return null;
}

const matches = (c: ScopedCompetition, wanted: string) => c.slug === wanted || String(c.id) === wanted;

/**
 * The competition a staff page shows: the one named in the URL (by slug, or by id as old links
 * did), else the one this user last picked, else the newest. Naming one remembers it.
 */
export async function pickStaffCompetition(db: DB, user: { id: number }, url: URL, now = new Date()) {
  const competitions: ScopedCompetition[] = await db
    .selectFrom("competitions")
    .select(["id", "name", "slug", "year", "status", "is_rehearsal"])
    .orderBy("is_rehearsal")
    .orderBy("year", "desc")
    .orderBy("id", "desc")
    .execute();
  const wanted = asked(url);
  const fromUrl = wanted ? competitions.find((c) => matches(c, wanted)) : undefined;
  if (fromUrl) {
    const remembered = await readPreference(db, user.id);
    if (remembered !== fromUrl.slug) await savePreference(db, user.id, fromUrl.slug, now);
    return { competitions, competition: fromUrl };
  }
  const remembered = await readPreference(db, user.id);
  const fromPreference = remembered ? competitions.find((c) => c.slug === remembered) : undefined;
  return { competitions, competition: fromPreference ?? competitions[0] ?? null };
}


type CompetitionRow = NonNullable<Awaited<ReturnType<typeof currentPublicCompetition>>>;

/** What a competition's public home shows, judged on its own clock (a rehearsal's runs ahead). */
export async function loadCompetitionHome(db: DB, competition: CompetitionRow, realNow: Date) {
  const now = clockFor(competition, realNow);
  const [divisions, categories, notice] = await Promise.all([
    db.selectFrom("divisions").selectAll().where("competition_id", "=", competition.id).orderBy("sort_order").execute(),
    db.selectFrom("categories").selectAll().where("competition_id", "=", competition.id).orderBy("sort_order").execute(),
    db.selectFrom("notices").select(["id", "period_ends_at"]).where("competition_id", "=", competition.id).orderBy("version", "desc").executeTakeFirst(),
  ]);
  const first = await db.selectFrom("notices").select(["published_at", "period_ends_at"]).where("competition_id", "=", competition.id).orderBy("version", "asc").executeTakeFirst();
  return {
    slug: competition.slug,
    name: competition.name,
    year: competition.year,
    isRehearsal: isRehearsal(competition) ? 1 : 0,
    summary: competition.summary,
    host: competition.host,
    operator: competition.operator,
    fundFen: divisions.reduce((sum, d) => sum + Number(d.budget_fen), 0),
    registration: [competition.registration_opens_at, competition.registration_closes_at] as const,
    stage: stageAt(competition, now, noticeStateAt(notice?.period_ends_at, now)),
    timeline: publicTimeline(competition, first ? { publishedAt: first.published_at, periodEndsAt: first.period_ends_at } : null),
    latestNoticeId: notice?.id ?? null,
    divisions: divisions.map((d) => ({ code: d.code, name: d.name, budgetFen: Number(d.budget_fen) })),
    categories: categories.map((c) => c.name),
  };
}

export type CompetitionHome = Awaited<ReturnType<typeof loadCompetitionHome>>;

/** Every notice version of one competition, newest first, with its objection window (its own clock). */
export async function listCompetitionNotices(db: DB, competition: CompetitionRow, realNow: Date) {
  const now = clockFor(competition, realNow);
  const rows = await db
    .selectFrom("notices")
    .select(["id", "version", "title", "published_at", "period_starts_on", "period_ends_on", "period_ends_at"])
    .where("competition_id", "=", competition.id)
    .orderBy("version", "desc")
    .execute();
  return rows.map((n, i) => ({
    id: n.id, title: n.title, version: n.version, competitionName: competition.name, publishedAt: n.published_at,
    startsOn: n.period_starts_on, endsAt: n.period_ends_at, latest: i === 0, open: i === 0 && now.getTime() <= Date.parse(n.period_ends_at),
  }));
}
