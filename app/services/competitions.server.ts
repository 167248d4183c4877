// Reading competitions for the public pages and the organizer's workspace.
import type { DB } from "../../db/connection";
import { parseRules } from "../domain/competition-rules";

/** The competition the home page shows: the newest published one. */
export async function getFeaturedCompetition(db: DB) {
  const competition = await db
    .selectFrom("competitions")
    .selectAll()
    .where("status", "=", "published")
    .orderBy("year", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!competition) return null;
  return loadCompetitionDetail(db, competition.id);
}

export async function loadCompetitionDetail(db: DB, competitionId: number) {
  const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
  if (!competition) return null;
  const [divisions, categories] = await Promise.all([
    db.selectFrom("divisions").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute(),
    db.selectFrom("categories").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute(),
  ]);
  return { competition, rules: parseRules(competition.rules_json), divisions, categories };
}

export type CompetitionDetail = NonNullable<Awaited<ReturnType<typeof loadCompetitionDetail>>>;
