// The organizer's working home (工作台) for the competition shown: its stage, the next deadline, and
// what is waiting to be done, each count a link to the page where the work happens. Every count is
// that competition's; the whole page costs a fixed number of queries however large it grows.
import type { DB } from "../../db/connection";
import { clockFor } from "../domain/clock";
import { TODO_KINDS, type TodoKind } from "../domain/organizer-todos";
import { stageAt } from "../domain/stages";
import { shanghaiDate } from "../domain/time";
import type { DateField } from "../schemas/competition";
import { DATE_FIELDS } from "../schemas/competition";


export type NextDeadline = { field: DateField | "notice_period_ends_at"; at: string };

/** The to-do counts of one competition, in one query (scalar subqueries). `today` is an Asia/Shanghai date. */
export async function competitionTodos(db: DB, competitionId: number, today: string): Promise<Record<TodoKind, number>> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("proposals")
        .select(eb.fn.countAll<number>().as("n"))
        .where("competition_id", "=", competitionId)
        .where("status", "=", "submitted")
        .as("initialReview"),
      eb
        .selectFrom("assignments")
        .leftJoin("scores", "scores.assignment_id", "assignments.id")
        .select(eb.fn.countAll<number>().as("n"))
        .where("assignments.competition_id", "=", competitionId)
        .where("assignments.active", "=", 1)
        .where((w) => w.or([w("scores.status", "is", null), w("scores.status", "!=", "submitted")]))
        .as("sheets"),
      eb
        .selectFrom("objections")
        .innerJoin("notices", "notices.id", "objections.notice_id")
        .select(eb.fn.countAll<number>().as("n"))
        .where("notices.competition_id", "=", competitionId)
        .where("objections.status", "=", "pending")
        .as("objections"),
      eb
        .selectFrom("agreements")
        .select(eb.fn.countAll<number>().as("n"))
        .where("competition_id", "=", competitionId)
        .where("status", "in", ["draft", "org_signed"])
        .as("agreements"),
      eb
        .selectFrom("milestones")
        .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
        .select(eb.fn.countAll<number>().as("n"))
        .where("agreements.competition_id", "=", competitionId)
        .where("milestones.status", "=", "submitted")
        .as("reports"),
      eb
        .selectFrom("milestones")
        .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
        .select(eb.fn.countAll<number>().as("n"))
        .where("agreements.competition_id", "=", competitionId)
        .where("agreements.status", "=", "signed")
        .where("milestones.status", "in", ["pending", "rectifying"])
        .where("milestones.due_on", "<", today)
        .as("overdue"),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(TODO_KINDS.map((k) => [k, Number(row[k] ?? 0)])) as Record<TodoKind, number>;
}

/** The first stage date (or the open notice's period end) still ahead of `now`. */
export function nextDeadline(
  dates: Record<DateField, string>,
  noticePeriodEndsAt: string | null,
  now: Date,
): NextDeadline | null {
  const candidates: NextDeadline[] = DATE_FIELDS.map((field) => ({ field, at: dates[field] }));
  if (noticePeriodEndsAt) candidates.push({ field: "notice_period_ends_at", at: noticePeriodEndsAt });
  const ahead = candidates.filter((c) => Date.parse(c.at) > now.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return ahead[0] ?? null;
}

/** Everything the organizer's home shows for one competition (judged on its own clock: a rehearsal's runs ahead). */
export async function loadOrganizerHome(db: DB, competitionId: number, realNow: Date) {
  const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
  if (!competition) return null;
  const now = clockFor(competition, realNow);
  const notice = await db
    .selectFrom("notices")
    .select(["period_ends_at"])
    .where("competition_id", "=", competitionId)
    .orderBy("version", "desc")
    .executeTakeFirst();
  const open = !!notice && now.getTime() <= Date.parse(notice.period_ends_at);
  const todos = await competitionTodos(db, competitionId, shanghaiDate(now));
  return {
    status: competition.status,
    stage: competition.status === "draft" ? null : stageAt(competition, now, { published: !!notice, open }),
    next: nextDeadline(competition, open ? notice!.period_ends_at : null, now),
    todos,
  };
}
