// Publishing the shortlist as a public notice (公示): a frozen, fingerprinted snapshot with a period
// in working days; corrections are new versions. Also the public reads of notices.
import { createHash } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { NoticesTable } from "../../db/schema";
import type { Selectable } from "kysely";
import { noticePeriod } from "../domain/calendar";
import {
  type NoticeSnapshot,
  buildNoticeSnapshot,
  diffSnapshots,
  objectionWindow,
  parseSnapshot,
  serializeSnapshot,
} from "../domain/notice";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { type PublishNoticeInput, publishNoticeSchema } from "../schemas/notice";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { once } from "./once.server";
import { notifyNoticePublished } from "./notifications/notify.server";
import { loadCalendar, withCoveredYears } from "./calendar.server";
import { loadCompetitionDetail } from "./competitions.server";
import { type CompetitionRanking, loadPanelNames, loadRanking, selectionOf } from "./ranking.server";
import { type LotteryState, loadLottery } from "./lottery.server";
import type { NoticeLottery } from "../domain/notice";
import { rankingVersion, sameVersion } from "./ranking-snapshot.server";
import { clockFor } from "../domain/clock";
import { competitionNow } from "./rehearsal.server";
import { unnotedDiscordant } from "./discordance.server";

export type Actor = { id: number; role: string };
type In<T> = { [K in keyof T]?: unknown };

/** A refused operation of the notice area; `key` is an i18n key, `status` the HTTP status to answer. */
export class NoticeError extends Error {
  constructor(
    public readonly key: string,
    public readonly status: 400 | 403 | 404 | 409 | 429 = 409,
    public readonly params: Record<string, string | number> = {},
    public readonly field = "_form",
  ) {
    super(key);
    this.name = "NoticeError";
  }
}

export type Failure = {
  ok: false;
  status: 400 | 403 | 404 | 409 | 429;
  fieldErrors: Record<string, string>;
  params?: Record<string, string | number>;
};

export function toFailure(error: unknown): Failure {
  if (error instanceof NoticeError) {
    return { ok: false, status: error.status, fieldErrors: { [error.field]: error.key }, params: error.params };
  }
  throw error;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export async function latestNotice(db: DB, competitionId: number) {
  return db
    .selectFrom("notices")
    .selectAll()
    .where("competition_id", "=", competitionId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The title of a proposal with a signed agreement that `selection` no longer funds, if any. */
async function signedButUnfunded(db: DB, competitionId: number, selection: { proposalId: number; funded: boolean }[]) {
  const funded = new Set(selection.filter((r) => r.funded).map((r) => r.proposalId));
  const signed = await db
    .selectFrom("proposals")
    .select(["id", "title"])
    .where("competition_id", "=", competitionId)
    .where("status", "in", ["contracted", "terminated", "completed"])
    .orderBy("id")
    .execute();
  return signed.find((p) => !funded.has(p.id))?.title;
}

/**
 * Freezes the current funded selection into a new notice version. The period starts the next
 * working day and runs rules.notice.workingDays working days (calendar overrides applied).
 * A version identical to the latest one is refused (nothing to correct).
 */
/** `formKey`: the page's one-time key — 发布公示 sent twice is answered with the first version, not refused as unchanged. */
export async function publishNotice(db: DB, actor: Actor, input: In<PublishNoticeInput>, now: Date, formKey?: unknown) {
  const parsed = parseWithSchema(publishNoticeSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    now = await competitionNow(db, parsed.data.competitionId, now); // a rehearsal (演练) runs on its own clock
    // The ranking and the snapshot are computed BEFORE the write lock; under the lock only a version
    // check and the insert run, so other writers wait milliseconds, not the length of the ranking.
    for (let attempt = 1; ; attempt++) {
      const prepared = await prepareNotice(db, parsed.data.competitionId, now);
      const submission = { key: formKey, action: `notice.publish.${parsed.data.competitionId}`, userId: actor.id };
      const result = await writeTransaction(db, (trx) => once(trx, submission, now, () => commitNotice(trx, actor, prepared, parsed.data, now)));
      if (result) return result;
      if (attempt >= PUBLISH_ATTEMPTS) throw new NoticeError("scale.publish.changedMeanwhile", 409);
    }
  } catch (error) {
    return toFailure(error);
  }
}

const PUBLISH_ATTEMPTS = 3;

export type PreparedNotice = Awaited<ReturnType<typeof prepareNotice>>;

/** Everything a new notice version holds, computed outside any transaction, with the ranking version it was read at. */
export async function prepareNotice(db: DB, competitionId: number, now: Date) {
  const version = await rankingVersion(db);
  const detail = await loadCompetitionDetail(db, competitionId);
  if (!detail) throw new NoticeError("error.notFound", 404, {}, "competitionId");
  const { competition, rules, divisions, categories } = detail;
  if (now.getTime() <= Date.parse(competition.review_ends_at)) {
    throw new NoticeError("notice.error.reviewNotEnded", 409, { at: formatShanghai(competition.review_ends_at) });
  }
  const ranking = await loadRanking(db, competition.id);
  const [selection, panel, lottery] = [selectionOf(ranking), await loadPanelNames(db, competition.id), await loadLottery(db, competition.id)];
  // Skip-and-continue selection is not monotone: freeing money can fund a larger project that was
  // skipped and push a later, already signed one out. A notice must never drop a signed agreement.
  const signedOut = await signedButUnfunded(db, competition.id, selection);
  if (signedOut) throw new NoticeError("notice.error.signedProjectDropped", 409, { title: signedOut });
  // Discordant proposals (scores spread beyond the competition's threshold) need the panel's note first.
  const unnoted = await unnotedDiscordant(db, competition.id, selection.filter((r) => r.discordant));
  if (unnoted.length) {
    throw new NoticeError("fair.notice.discordantUnnoted", 409, { count: unnoted.length, titles: unnoted.map((r) => `「${r.title}」`).join("、") });
  }
  // A draw that waits for its seed leaves the funded set open: the notice waits for the draw.
  const pending = ranking.divisions.filter((d) => d.draw?.pending);
  if (pending.length) throw new NoticeError("fair.notice.lotteryPending", 409, { divisions: pending.map((d) => d.division.name).join("、") });
  const snapshot = buildNoticeSnapshot({
    competition: { id: competition.id, name: competition.name, host: competition.host, operator: competition.operator },
    selection,
    divisions,
    categories,
    panel,
    workingDays: rules.notice.workingDays,
    lottery: noticeLottery(ranking, lottery),
  });
  if (snapshot.rows.length === 0) throw new NoticeError("notice.error.nothingFunded");
  const json = serializeSnapshot(snapshot);
  return { version, competition, workingDays: rules.notice.workingDays, snapshot, json, sha256: sha256Hex(json) };
}

/** The lottery section of a notice: every drawn division, each entry with its digest and place. */
function noticeLottery(ranking: CompetitionRanking, state: LotteryState): NoticeLottery | undefined {
  const drawn = ranking.divisions.filter((d) => d.draw && !d.draw.pending);
  if (!drawn.length || !state.seed || !state.announcement) return undefined;
  return {
    statement: state.announcement.statement,
    announcedAt: state.announcement.announcedAt,
    drawAt: state.announcement.drawAt,
    seed: state.seed.seed,
    seededAt: state.seed.enteredAt,
    draws: drawn.map((d) => {
      const row = new Map(d.rows.map((r) => [r.proposalId, r]));
      return {
        divisionId: d.division.id,
        division: d.division.name,
        kind: d.draw!.kind,
        bandCenti: d.draw!.bandCenti,
        marginalCenti: d.draw!.marginalCenti,
        entries: d.draw!.entries.map((e) => ({
          number: e.number, title: row.get(e.proposalId)!.title, applicant: row.get(e.proposalId)!.organizationName,
          finalScoreCenti: e.finalCenti, digest: e.digest!, place: e.place!, grantFen: e.grantFen,
        })),
      };
    }),
  };
}

/**
 * Writes a prepared notice under the write lock, or returns null when the ranking's inputs
 * changed since it was prepared (the caller prepares again).
 */
export async function commitNotice(trx: DB, actor: Actor, prepared: PreparedNotice, data: { title: string; note: string }, now: Date) {
  if (!sameVersion(await rankingVersion(trx), prepared.version)) return null;
  const { competition, snapshot, json, workingDays } = prepared;
  const previous = await trx
    .selectFrom("notices")
    .select(["id", "version", "sha256"])
    .where("competition_id", "=", competition.id)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (previous && previous.sha256 === prepared.sha256) throw new NoticeError("notice.error.unchanged");

  const calendar = await loadCalendar(trx);
  const period = withCoveredYears(() => noticePeriod(now, workingDays, calendar));
  const version = (previous?.version ?? 0) + 1;
  const title =
    data.title ||
    (version === 1
      ? t("notice.defaultTitle", { name: competition.name })
      : t("notice.correctionTitle", { name: competition.name, version }));
  const body = [
    t("notice.bodyTemplate", {
      name: competition.name,
      count: snapshot.rows.length,
      days: workingDays,
      from: formatShanghai(`${period.startsOn}T00:00:00+08:00`, false),
      to: formatShanghai(period.endsAt),
    }),
    previous ? t("notice.bodySupersedes", { version: previous.version }) : "",
    data.note,
  ]
    .filter(Boolean)
    .join("\n\n");
  const row = await trx
    .insertInto("notices")
    .values({
      competition_id: competition.id,
      version,
      title,
      body,
      snapshot_json: json,
      sha256: prepared.sha256,
      published_at: now.toISOString(),
      published_by: actor.id,
      period_starts_on: period.startsOn,
      period_ends_on: period.endsOn,
      period_ends_at: period.endsAt,
      supersedes_id: previous?.id ?? null,
    })
    .returning(["id", "sha256", "period_ends_at"])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actorId: actor.id,
    action: version === 1 ? "notice.published" : "notice.corrected",
    entityType: "notice",
    entityId: row.id,
    before: previous ? { id: previous.id, version: previous.version, sha256: previous.sha256 } : null,
    after: { version, sha256: row.sha256, rows: snapshot.rows.length, totalFen: snapshot.totalFen, periodEndsAt: row.period_ends_at },
    now,
  });
  // notify (issue 12): every applicant on the notice, each about their own project
  await notifyNoticePublished(trx, { noticeId: row.id, competitionId: competition.id, title, proposalIds: snapshot.rows.map((r) => r.proposalId), startsOn: period.startsOn, endsAt: period.endsAt, now });
  return { ok: true as const, noticeId: row.id, version, periodEndsAt: row.period_ends_at };
}

/** The latest version of every competition's notice, newest first (the public list). */
export async function listPublicNotices(db: DB) {
  const rows = await db
    .selectFrom("notices")
    .innerJoin("competitions", "competitions.id", "notices.competition_id")
    .select([
      "notices.id", "notices.competition_id", "notices.version", "notices.title", "notices.published_at",
      "notices.period_starts_on", "notices.period_ends_on", "notices.period_ends_at", "competitions.name as competitionName",
    ])
    .orderBy("notices.published_at", "desc")
    .orderBy("notices.id", "desc")
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (seen.has(r.competition_id)) return false;
    seen.add(r.competition_id);
    return true;
  });
}

export interface NoticePage {
  /** the version's row without its snapshot JSON (parsed once into `snapshot`) */
  notice: Omit<Selectable<NoticesTable>, "snapshot_json">;
  snapshot: NoticeSnapshot;
  versions: { id: number; version: number; title: string; published_at: string; period_ends_at: string }[];
  latestId: number;
  window: ReturnType<typeof objectionWindow>;
  changes: ReturnType<typeof diffSnapshots> | null;
  /** 1 when the notice belongs to a rehearsal (演练): the page is marked so */
  rehearsal: number;
  /** the 落款 of the printed notice: 主办 and 承办 */
  issuers: { host: string; operator: string };
}

/**
 * A published version never changes (notices are append-only), so its parsed snapshot and the
 * changes against the version it corrects are kept per version (keyed by id and hash): on notice
 * day thousands of readers of a 2,000-entry notice cost one parse. A few versions are kept.
 */
const parsedVersions = new Map<string, { snapshot: NoticeSnapshot; changes: ReturnType<typeof diffSnapshots> | null }>();
const PARSED_KEPT = 16;

async function parsedVersion(db: DB, notice: { id: number; sha256: string; supersedes_id: number | null }) {
  const key = `${notice.id}:${notice.sha256}`;
  const kept = parsedVersions.get(key);
  if (kept) return kept;
  const own = await db.selectFrom("notices").select("snapshot_json").where("id", "=", notice.id).executeTakeFirstOrThrow();
  const snapshot = parseSnapshot(own.snapshot_json);
  let changes = null;
  if (notice.supersedes_id !== null) {
    const previous = await db.selectFrom("notices").select("snapshot_json").where("id", "=", notice.supersedes_id).executeTakeFirstOrThrow();
    changes = diffSnapshots(parseSnapshot(previous.snapshot_json), snapshot);
  }
  const value = { snapshot, changes };
  if (parsedVersions.size >= PARSED_KEPT) parsedVersions.delete(parsedVersions.keys().next().value!);
  parsedVersions.set(key, value);
  return value;
}

/** One notice version with its siblings, what changed from the version it replaced, and its window. */
export async function loadNoticePage(db: DB, noticeId: number, now: Date): Promise<NoticePage | null> {
  const notice = await db
    .selectFrom("notices")
    .select([
      "id", "competition_id", "version", "title", "body", "sha256", "supersedes_id", "published_at", "published_by",
      "period_starts_on", "period_ends_on", "period_ends_at",
    ])
    .where("id", "=", noticeId)
    .executeTakeFirst();
  if (!notice) return null;
  const competition = await db.selectFrom("competitions").select(["is_rehearsal", "clock_offset_seconds", "host", "operator"]).where("id", "=", notice.competition_id).executeTakeFirstOrThrow();
  now = clockFor(competition, now); // a rehearsal (演练) runs on its own clock
  const versions = await db
    .selectFrom("notices")
    .select(["id", "version", "title", "published_at", "period_ends_at"])
    .where("competition_id", "=", notice.competition_id)
    .orderBy("version", "desc")
    .execute();
  const latestId = versions[0].id;
  const { snapshot, changes } = await parsedVersion(db, notice);
  return { notice, snapshot, versions, latestId, window: objectionWindow(notice, notice.id === latestId, now), changes, rehearsal: Number(competition.is_rehearsal), issuers: { host: competition.host, operator: competition.operator } };
}

/** The organizer's overview: every notice version of a competition, newest first. */
export async function listNoticeVersions(db: DB, competitionId: number) {
  return db
    .selectFrom("notices")
    .innerJoin("users", "users.id", "notices.published_by")
    .select([
      "notices.id", "notices.version", "notices.title", "notices.published_at", "notices.period_starts_on",
      "notices.period_ends_on", "notices.period_ends_at", "notices.sha256", "users.display_name as publishedBy",
    ])
    .where("notices.competition_id", "=", competitionId)
    .orderBy("notices.version", "desc")
    .execute();
}
