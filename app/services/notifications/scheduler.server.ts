// Reminders: review window closing with sheets unsubmitted, report due in N days, report overdue. Each run
// may repeat freely (after a restart, or on every instance): the outbox's unique key per (event, item, due
// date, recipient, channel) lets a reminder be written at most once.
import type { DB } from "../../../db/connection";
import { writeTransaction } from "../../../db/connection";
import { canSubmitReport } from "../../domain/evaluation";
import { formatShanghai, shanghaiDate, startOfShanghaiDay } from "../../domain/time";
import { notifyWithin } from "./outbox.server";

export const REVIEW_CLOSING_DAYS = 3;
export const REPORT_DUE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

function daysBetween(fromOn: string, toOn: string): number {
  return Math.round((startOfShanghaiDay(toOn).getTime() - startOfShanghaiDay(fromOn).getTime()) / DAY_MS);
}

/** Runs every reminder rule once for `now`. Returns how many outbox rows were written. */
export async function runReminders(db: DB, now: Date): Promise<number> {
  return (await reviewClosing(db, now)) + (await reportsDueAndOverdue(db, now));
}

async function reviewClosing(db: DB, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const horizon = new Date(now.getTime() + REVIEW_CLOSING_DAYS * DAY_MS).toISOString();
  const competitions = await db
    .selectFrom("competitions")
    .select(["id", "name", "review_ends_at"])
    .where("review_starts_at", "<=", nowIso)
    .where("review_ends_at", ">", nowIso)
    .where("review_ends_at", "<=", horizon)
    .execute();
  let written = 0;
  for (const c of competitions) {
    const open = await db
      .selectFrom("assignments")
      .leftJoin("scores", "scores.assignment_id", "assignments.id")
      .select(["assignments.expert_id"])
      .where("assignments.competition_id", "=", c.id)
      .where("assignments.active", "=", 1)
      .where((eb) => eb.or([eb("scores.status", "is", null), eb("scores.status", "!=", "submitted")]))
      .execute();
    const counts = new Map<number, number>();
    for (const row of open) counts.set(row.expert_id, (counts.get(row.expert_id) ?? 0) + 1);
    if (counts.size === 0) continue;
    const days = Math.max(1, daysBetween(shanghaiDate(now), shanghaiDate(c.review_ends_at)));
    written += await writeTransaction(db, (trx) =>
      notifyWithin(trx, {
        event: "review.closing",
        competitionId: c.id,
        dedupeKey: `review.closing:competition:${c.id}:${c.review_ends_at}`,
        now,
        to: [...counts].map(([userId, count]) => ({ userId, params: { competition: c.name, days, count, deadline: formatShanghai(c.review_ends_at) }, link: "/expert" })),
      }),
    );
  }
  return written;
}

async function reportsDueAndOverdue(db: DB, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const rows = await db
    .selectFrom("milestones")
    .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select([
      "milestones.id", "milestones.agreement_id", "milestones.seq", "milestones.name", "milestones.due_on", "milestones.status",
      "milestones.requires_report", "agreements.competition_id", "proposals.title", "organizations.user_id",
    ])
    .where("agreements.status", "=", "signed")
    .where("milestones.requires_report", "=", 1)
    .where("milestones.status", "in", ["pending", "rectifying"])
    .where("milestones.due_on", "<=", shanghaiDate(new Date(now.getTime() + REPORT_DUE_DAYS * DAY_MS)))
    .execute();
  if (rows.length === 0) return 0;
  const siblings = await db
    .selectFrom("milestones")
    .select(["agreement_id", "seq", "status"])
    .where("agreement_id", "in", [...new Set(rows.map((r) => r.agreement_id))])
    .execute();
  let written = 0;
  for (const m of rows) {
    // only a report the organization can submit now is worth a reminder
    if (!canSubmitReport(m, siblings.filter((s) => s.agreement_id === m.agreement_id))) continue;
    const overdue = m.due_on < today;
    const event = overdue ? "report.overdue" : "report.due";
    written += await writeTransaction(db, (trx) =>
      notifyWithin(trx, {
        event,
        competitionId: m.competition_id,
        dedupeKey: `${event}:milestone:${m.id}:${m.due_on}`,
        now,
        to: [{ userId: m.user_id, params: { title: m.title, milestone: m.name, due: m.due_on, days: Math.max(0, daysBetween(today, m.due_on)) }, link: "/applicant/milestones" }],
      }),
    );
  }
  return written;
}

export interface ReminderScheduler {
  stop(): Promise<void>;
}

/** Runs the reminders every `intervalMs` (default 10 minutes) until stopped. */
export function startReminderScheduler(options: { db: DB; now?: () => Date; intervalMs?: number; onError?: (e: unknown) => void }): ReminderScheduler {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  const tick = async () => {
    running = runReminders(options.db, (options.now ?? (() => new Date()))()).catch(options.onError ?? ((e) => console.error("[reminders]", e)));
    await running;
    running = undefined;
    if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 10 * 60 * 1000);
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
