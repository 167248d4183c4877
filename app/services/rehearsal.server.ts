// Rehearsal mode (演练), decision 011: an organizer creates a training competition whose clock
// they advance, so staff and newcomers can run the whole lifecycle in minutes. Services judge
// stages and deadlines with `competitionNow` / `clockFor` — routes never shift the clock themselves.
import { z } from "zod";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { CLOCK_TARGETS, clockFor, isRehearsal, offsetPlusDays, offsetToReach, targetInstant } from "../domain/clock";
import { DEFAULT_CATEGORIES, DEFAULT_RULES } from "../domain/competition-rules";
import { contributionEntry } from "../domain/ledger";
import { noticeStateAt, stageAt } from "../domain/stages";
import { yuanToFen } from "../domain/money";
import { addCalendarDays, endOfShanghaiDay, shanghaiDate } from "../domain/time";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { currentPublicCompetition } from "./competition-scope.server";
import { postEntry } from "./ledger.server";
import { once } from "./once.server";

type Actor = { id: number; role: string };
type Status = 400 | 403 | 404 | 409;
export type RehearsalFailure = { ok: false; status: Status; fieldErrors: Record<string, string> };

class RehearsalError extends Error {
  constructor(public readonly key: string, public readonly status: Status = 409, public readonly field = "_form") {
    super(key);
  }
}

const refuse = (status: Status, key: string, field = "_form"): RehearsalFailure => ({ ok: false, status, fieldErrors: { [field]: key } });

function asFailure(error: unknown): RehearsalFailure {
  if (error instanceof RehearsalError) return refuse(error.status, error.key, error.field);
  throw error;
}

/**
 * The effective "now" of the competition an action touches: real time for a real competition,
 * the advanced clock for a rehearsal. Unknown competitions get real time (the caller refuses them).
 */
export async function competitionNow(db: DB, competitionId: number, realNow: Date): Promise<Date> {
  const row = await db.selectFrom("competitions").select(["is_rehearsal", "clock_offset_seconds"]).where("id", "=", competitionId).executeTakeFirst();
  return row ? clockFor(row, realNow) : realNow;
}

/** The same, for actions that start from a proposal (submitting, 初审, scoring via its assignment). */
export async function proposalNow(db: DB, proposalId: number, realNow: Date): Promise<Date> {
  const row = await db.selectFrom("proposals").select("competition_id").where("id", "=", proposalId).executeTakeFirst();
  return row ? competitionNow(db, row.competition_id, realNow) : realNow;
}

export const createRehearsalSchema = z.object({
  name: z.string().trim().max(60, "multi.rehearsal.nameTooLong").optional().default(""),
});

const SIMULATED_SPONSOR = "演练资助方（模拟）";

/**
 * A rehearsal competition, published at once: the current competition's rules, divisions and
 * categories (or the defaults), dates laid out from today in a short call (a week of registration,
 * three days of 初审, a week of expert review: a rehearsal started early in December still ends its
 * notice period inside a year whose holidays are known), and a simulated sponsor's money already
 * received into its own pool so agreements can be signed and paid. None of it is ever public.
 */
export async function createRehearsal(db: DB, actor: Actor, input: unknown, now: Date) {
  if (actor.role !== "organizer") return refuse(403, "error.forbidden");
  const parsed = parseWithSchema(createRehearsalSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  const formKey = (input as { formKey?: unknown } | null)?.formKey;
  try {
    // one-time form: 新建演练大赛 clicked twice (or resent) creates one rehearsal
    return await writeTransaction(db, (trx) => once(trx, { key: formKey, action: "rehearsal.create", userId: actor.id }, now, async () => {
      const source = await currentPublicCompetition(trx);
      const [divisions, categories] = source
        ? await Promise.all([
            trx.selectFrom("divisions").selectAll().where("competition_id", "=", source.id).orderBy("sort_order").execute(),
            trx.selectFrom("categories").selectAll().where("competition_id", "=", source.id).orderBy("sort_order").execute(),
          ])
        : [[], []];
      const divisionRows = divisions.length
        ? divisions.map((d) => ({ code: d.code, name: d.name, budget_fen: Number(d.budget_fen) }))
        : [{ code: "YL", name: "演练赛区", budget_fen: yuanToFen(500_000) }];
      const categoryRows = categories.length ? categories.map((k) => [k.code, k.name] as const) : DEFAULT_CATEGORIES;
      const fundFen = divisionRows.reduce((s, d) => s + d.budget_fen, 0);
      const count = await trx.selectFrom("competitions").select((eb) => eb.fn.countAll<number>().as("n")).where("is_rehearsal", "=", 1).executeTakeFirstOrThrow();
      const today = shanghaiDate(now);
      const year = Number(today.slice(0, 4));
      let n = Number(count.n) + 1;
      while (await trx.selectFrom("competitions").select("id").where("slug", "=", `rehearsal-${year}-${n}`).executeTakeFirst()) n += 1;
      const day = (d: number) => endOfShanghaiDay(addCalendarDays(today, d)).toISOString();
      const dayStart = (d: number) => new Date(Date.parse(day(d - 1)) + 1).toISOString();
      const name = parsed.data.name || `${source?.name ?? "公益创投大赛"}`;
      const row = await trx
        .insertInto("competitions")
        .values({
          slug: `rehearsal-${year}-${n}`,
          name: `【演练】${name.replace(/^【演练】/, "")}`,
          year,
          host: source?.host ?? "演练主办单位",
          operator: source?.operator ?? "演练承办单位",
          summary: "演练大赛：用于培训和试用，时钟由组织方推进，不对外公开，资金为模拟数据。",
          status: "published",
          rules_json: source?.rules_json ?? JSON.stringify(DEFAULT_RULES),
          total_fund_fen: fundFen,
          registration_opens_at: new Date(now.getTime() - 60_000).toISOString(),
          registration_closes_at: day(7),
          initial_review_ends_at: day(10),
          review_starts_at: dayStart(11),
          review_ends_at: day(17),
          signing_ends_at: day(47),
          implementation_ends_at: day(365),
          is_rehearsal: 1,
          clock_offset_seconds: 0,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("divisions").values(divisionRows.map((d, i) => ({ ...d, competition_id: row.id, sort_order: i + 1 }))).execute();
      await trx.insertInto("categories").values(categoryRows.map(([code, name], i) => ({ code, name, competition_id: row.id, sort_order: i + 1 }))).execute();

      // The simulated sponsor's money, received into this rehearsal's own pool.
      const sponsor =
        (await trx.selectFrom("sponsors").select("id").where("name", "=", SIMULATED_SPONSOR).where("user_id", "is", null).executeTakeFirst()) ??
        (await trx.insertInto("sponsors").values({ name: SIMULATED_SPONSOR, contact: "演练", user_id: null }).returning("id").executeTakeFirstOrThrow());
      const contribution = await trx
        .insertInto("contributions")
        .values({
          sponsor_id: sponsor.id, competition_id: row.id, pledged_fen: fundFen, pledged_on: today,
          received_fen: fundFen, received_on: today, voucher_no: `YL-${row.id}`, status: "received",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await postEntry(
        trx,
        contributionEntry({ competitionId: row.id, sponsorId: sponsor.id, contributionId: contribution.id, amountFen: fundFen, memo: `${SIMULATED_SPONSOR} 演练资金` }),
        actor.id,
        now,
      );
      await recordAudit(trx, {
        actorId: actor.id, action: "competition.rehearsalCreated", entityType: "competition", entityId: row.id,
        before: null, after: { slug: `rehearsal-${year}-${n}`, basedOn: source?.id ?? null, fundFen }, now,
      });
      return { ok: true as const, competitionId: row.id, slug: `rehearsal-${year}-${n}` };
    }));
  } catch (error) {
    return asFailure(error);
  }
}

export const advanceClockSchema = z.union([
  z.object({ to: z.enum(CLOCK_TARGETS) }),
  z.object({ days: z.coerce.number({ message: "multi.rehearsal.days" }).int("multi.rehearsal.days").min(1, "multi.rehearsal.days").max(400, "multi.rehearsal.days") }),
]);

async function latestNoticeEnd(db: DB, competitionId: number) {
  const row = await db.selectFrom("notices").select("period_ends_at").where("competition_id", "=", competitionId).orderBy("version", "desc").executeTakeFirst();
  return row?.period_ends_at ?? null;
}

/**
 * Moves a rehearsal's clock forward: to just after the end of registration, of 初审, of expert
 * review or of the latest notice's period, or by whole days. Never backwards; refused for a real
 * competition (409) whatever is posted.
 */
/** `formKey`: the page's one-time key — the same step posted twice from one page moves the clock once. */
export async function advanceRehearsalClock(db: DB, actor: Actor, competitionId: number, input: unknown, now: Date, formKey?: unknown) {
  if (actor.role !== "organizer") return refuse(403, "error.forbidden");
  const parsed = advanceClockSchema.safeParse(input);
  if (!parsed.success) return refuse(400, "multi.rehearsal.days", "days");
  // the step is part of the action: another button of the same (cached) page is another intention
  const step = "days" in parsed.data ? `days.${parsed.data.days}` : parsed.data.to;
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: formKey, action: `rehearsal.advance.${competitionId}.${step}`, userId: actor.id }, now, async () => {
      const competition = await trx.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
      if (!competition) throw new RehearsalError("error.notFound", 404);
      if (!isRehearsal(competition)) throw new RehearsalError("multi.rehearsal.notRehearsal");
      const before = Number(competition.clock_offset_seconds);
      let after: number | null;
      if ("days" in parsed.data) {
        after = offsetPlusDays(competition, parsed.data.days);
      } else {
        const target = targetInstant(competition, parsed.data.to, await latestNoticeEnd(trx, competitionId));
        if (!target) throw new RehearsalError("multi.rehearsal.noNotice");
        after = offsetToReach(competition, now, target);
        if (after === null) throw new RehearsalError("multi.rehearsal.alreadyPast");
      }
      await trx.updateTable("competitions").set({ clock_offset_seconds: after }).where("id", "=", competitionId).execute();
      const clock = clockFor({ is_rehearsal: 1, clock_offset_seconds: after }, now);
      await recordAudit(trx, {
        actorId: actor.id, action: "competition.clockAdvanced", entityType: "competition", entityId: competitionId,
        before: { offsetSeconds: before }, after: { offsetSeconds: after, clock: clock.toISOString(), step: parsed.data }, now,
      });
      return { ok: true as const, clock: clock.toISOString() };
    }));
  } catch (error) {
    return asFailure(error);
  }
}

/** The organizer's rehearsal desk: every rehearsal with its clock and stage dates. */
export async function listRehearsals(db: DB, realNow: Date) {
  const rows = await db.selectFrom("competitions").selectAll().where("is_rehearsal", "=", 1).orderBy("id", "desc").execute();
  return Promise.all(
    rows.map(async (c) => {
      const clock = clockFor(c, realNow);
      const noticeEndsAt = await latestNoticeEnd(db, c.id);
      return {
        id: c.id, slug: c.slug, name: c.name, is_rehearsal: 1,
        clock: clock.toISOString(),
        stage: stageAt(c, clock, noticeStateAt(noticeEndsAt, clock)),
        dates: {
          registrationClosesAt: c.registration_closes_at, initialReviewEndsAt: c.initial_review_ends_at,
          reviewStartsAt: c.review_starts_at, reviewEndsAt: c.review_ends_at, noticeEndsAt,
        },
      };
    }),
  );
}
