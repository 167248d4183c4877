// The public lottery's seed (issue 16, docs/lottery.md): the organizer announces in advance how the
// seed will be fixed and from when (公告), the announcement is public at once, and only from that time
// may the seed be entered. Both happen once per competition and are never changed; entering the seed
// invalidates the stored ranking, so the draw shows on the ranking and goes into the next notice.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { fromShanghaiLocal, formatShanghai } from "../domain/time";
import { type LotteryAnnouncementInput, lotteryAnnouncementSchema, type LotterySeedInput, lotterySeedSchema } from "../schemas/fair";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { competitionNow } from "./rehearsal.server";
import { type Actor, type In, ReviewError, competitionWithRules, requireRole } from "./review-common.server";

export interface LotteryState {
  announcement: { statement: string; drawAt: string; announcedAt: string } | null;
  seed: { seed: string; enteredAt: string; by: string } | null;
}

/** The competition's announcement and seed, as recorded (null where not yet). */
export async function loadLottery(db: DB, competitionId: number): Promise<LotteryState> {
  const rows = await db
    .selectFrom("lottery_seeds")
    .innerJoin("users", "users.id", "lottery_seeds.recorded_by")
    .select(["lottery_seeds.kind", "lottery_seeds.text", "lottery_seeds.draw_at", "lottery_seeds.recorded_at", "users.display_name"])
    .where("lottery_seeds.competition_id", "=", competitionId)
    .execute();
  const a = rows.find((r) => r.kind === "announcement");
  const s = rows.find((r) => r.kind === "seed");
  return {
    announcement: a ? { statement: a.text, drawAt: a.draw_at!, announcedAt: a.recorded_at } : null,
    seed: s ? { seed: s.text, enteredAt: s.recorded_at, by: s.display_name } : null,
  };
}

type Result = { ok: true } | { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: Record<string, string>; params?: Record<string, string | number> };

class LotteryError extends ReviewError {
  constructor(key: string, status: 400 | 403 | 404 | 409, field = "_form", public readonly params: Record<string, string | number> = {}) {
    super(key, status, field);
  }
}

function failure(error: unknown): Result {
  if (error instanceof ReviewError) {
    return { ok: false, status: error.status, fieldErrors: { [error.field]: error.key }, params: error instanceof LotteryError ? error.params : {} };
  }
  throw error;
}

async function lotteryCompetition(db: DB, competitionId: number) {
  const { competition, rules } = await competitionWithRules(db, competitionId);
  if (rules.selection.nearTieBandCenti <= 0 && rules.selection.lotteryDivisions.length === 0) throw new LotteryError("fair.lottery.notEnabled", 409);
  return competition;
}

/** The announcement: how the seed will be fixed and the time from which it may be entered (in the future). */
export async function announceLottery(db: DB, actor: Actor, input: In<LotteryAnnouncementInput>, now: Date): Promise<Result> {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(lotteryAnnouncementSchema, input);
    if (!parsed.success) return { ok: false, status: 400, fieldErrors: parsed.fieldErrors };
    const drawAt = fromShanghaiLocal(parsed.data.drawAt);
    if (!drawAt) throw new LotteryError("fair.lottery.drawAtInvalid", 400, "drawAt");
    const { competitionId, statement } = parsed.data;
    now = await competitionNow(db, competitionId, now); // a rehearsal (演练) runs on its own clock
    if (drawAt.getTime() <= now.getTime()) throw new LotteryError("fair.lottery.drawAtPast", 400, "drawAt");
    return await writeTransaction(db, async (trx) => {
      await lotteryCompetition(trx, competitionId);
      const existing = await trx.selectFrom("lottery_seeds").select("id").where("competition_id", "=", competitionId).where("kind", "=", "announcement").executeTakeFirst();
      if (existing) throw new LotteryError("fair.lottery.alreadyAnnounced", 409);
      const row = await trx
        .insertInto("lottery_seeds")
        .values({ competition_id: competitionId, kind: "announcement", text: statement, draw_at: drawAt.toISOString(), recorded_by: actor.id, recorded_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "lottery.announce", entityType: "competition", entityId: competitionId,
        before: null, after: { id: row.id, statement, drawAt: drawAt.toISOString() }, now,
      });
      return { ok: true as const };
    });
  } catch (error) {
    return failure(error);
  }
}

/** The seed, from the announced time on; once entered it is the competition's for good. */
export async function enterLotterySeed(db: DB, actor: Actor, input: In<LotterySeedInput>, now: Date): Promise<Result> {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(lotterySeedSchema, input);
    if (!parsed.success) return { ok: false, status: 400, fieldErrors: parsed.fieldErrors };
    const { competitionId, seed } = parsed.data;
    now = await competitionNow(db, competitionId, now);
    return await writeTransaction(db, async (trx) => {
      await lotteryCompetition(trx, competitionId);
      const rows = await trx.selectFrom("lottery_seeds").select(["kind", "draw_at"]).where("competition_id", "=", competitionId).execute();
      const announcement = rows.find((r) => r.kind === "announcement");
      if (!announcement) throw new LotteryError("fair.lottery.notAnnounced", 409);
      if (rows.some((r) => r.kind === "seed")) throw new LotteryError("fair.lottery.alreadySeeded", 409);
      if (now.getTime() < Date.parse(announcement.draw_at!)) throw new LotteryError("fair.lottery.tooEarly", 409, "_form", { at: formatShanghai(announcement.draw_at!) });
      const row = await trx
        .insertInto("lottery_seeds")
        .values({ competition_id: competitionId, kind: "seed", text: seed, draw_at: null, recorded_by: actor.id, recorded_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "lottery.seed", entityType: "competition", entityId: competitionId, before: null, after: { id: row.id, seed }, now });
      return { ok: true as const };
    });
  } catch (error) {
    return failure(error);
  }
}
