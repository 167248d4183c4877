// Objections (异议) to a published notice: filed by anyone, real-name, during the notice period;
// investigated by the organizer, who records upheld (the project loses its grant) or dismissed.
import type { DB } from "../../db/connection";
import type { ObjectionsTable } from "../../db/schema";
import { writeTransaction } from "../../db/connection";
import { objectionWindow, parseSnapshot } from "../domain/notice";
import { CalendarYearNotCovered } from "../domain/calendar";
import { parseRules } from "../domain/competition-rules";
import { investigationDueOn } from "../domain/competition-settings";
import { formatShanghai, shanghaiDate } from "../domain/time";
import { type DecideObjectionInput, type ObjectionInput, decideObjectionSchema, objectionSchema } from "../schemas/notice";
import { parseWithSchema } from "../utils/forms";
import { anyContains } from "../utils/list-query.server";
import { addressKey, withinLimit } from "../utils/rate-limit.server";
import { type AttachmentMime, DOCUMENT_TYPES, readAttachmentBytes, safeFileName, sniffFileType, withBlobs } from "./attachments.server";
import { recordAudit } from "./audit.server";
import { loadCalendar } from "./calendar.server";
import { notifyObjectionDecided, notifyObjectionReceived } from "./notifications/notify.server";
import { type Actor, NoticeError, latestNotice, toFailure } from "./notices.server";
import { competitionNow } from "./rehearsal.server";
import { once } from "./once.server";

type In<T> = { [K in keyof T]?: unknown };

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export const OBJECTION_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Objection limits, kept in rate_limits and never global: 5 attempts per address (IPv4, IPv6 /64) an
 * hour, and 10 objections per mobile number a day — enough for a real person, a wall for a script.
 */
export const OBJECTION_LIMITS = {
  perAddress: { limit: 5, windowMs: 60 * 60 * 1000 },
  perMobile: { limit: 10, windowMs: 24 * 60 * 60 * 1000 },
} as const;

/**
 * Anyone may object to a project on the latest notice version while its period is open
 * (server clock against period_ends_at). Real name, valid mobile and reasons are required;
 * an optional PDF/JPG/PNG is checked by content. Rate-limited per client address; a filled
 * honeypot field is refused.
 */
export async function fileObjection(
  db: DB,
  noticeId: number,
  input: In<ObjectionInput>,
  file: UploadedFile | null,
  now: Date,
  clientKey: string,
) {
  try {
    const { perAddress, perMobile } = OBJECTION_LIMITS;
    if (!(await withinLimit(db, `objection:addr:${addressKey(clientKey)}`, perAddress.limit, perAddress.windowMs, now))) {
      throw new NoticeError("notice.objection.tooMany", 429);
    }
    const parsed = parseWithSchema(objectionSchema, input);
    if (!parsed.success) {
      if (parsed.fieldErrors.website) throw new NoticeError("notice.objection.rejected", 400);
      return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    }
    if (!(await withinLimit(db, `objection:mobile:${parsed.data.mobile}`, perMobile.limit, perMobile.windowMs, now))) {
      throw new NoticeError("notice.objection.tooMany", 429);
    }
    let mime: AttachmentMime | null = null;
    if (file && file.bytes.length > 0) {
      if (file.bytes.length > OBJECTION_FILE_MAX_BYTES) throw new NoticeError("notice.objection.fileTooLarge", 400, {}, "attachment");
      mime = sniffFileType(file.bytes, DOCUMENT_TYPES);
      if (!mime) throw new NoticeError("notice.objection.fileType", 400, {}, "attachment");
    }
    const data = parsed.data;
    // a double click or a resent form files once (keyed by the rendered form and the objector's mobile:
    // visitors have no account, and a shared cached page must not tie two people's objections together)
    const submission = { key: (input as Record<string, unknown>).formKey, action: `objection.file.${noticeId}.${data.mobile}`, userId: null };
    return await withBlobs(db, now, (store) => writeTransaction(db, (trx) => once(trx, submission, now, async () => {
      const notice = await trx.selectFrom("notices").selectAll().where("id", "=", noticeId).executeTakeFirst();
      if (!notice) throw new NoticeError("error.notFound", 404);
      const latest = await latestNotice(trx, notice.competition_id);
      now = await competitionNow(trx, notice.competition_id, now); // a rehearsal (演练) runs on its own clock
      const window = objectionWindow(notice, latest?.id === notice.id, now);
      if (window === "superseded") throw new NoticeError("notice.objection.superseded", 409);
      if (window === "closed") throw new NoticeError("notice.objection.closed", 409, { at: formatShanghai(notice.period_ends_at) });
      const listed = parseSnapshot(notice.snapshot_json).rows.some((r) => r.proposalId === data.proposalId);
      if (!listed) throw new NoticeError("notice.objection.notListed", 400, {}, "proposalId");

      const row = await trx
        .insertInto("objections")
        .values({
          notice_id: notice.id,
          proposal_id: data.proposalId,
          name: data.name,
          mobile: data.mobile,
          relation: data.relation,
          reasons: data.reasons,
          status: "pending",
          finding: null,
          decided_by: null,
          decided_at: null,
          filed_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      let attachmentId: number | null = null;
      if (file && mime) {
        const blob = await store(trx, file.bytes);
        const attachment = await trx
          .insertInto("attachments")
          .values({
            owner_type: "objection", owner_id: row.id, original_name: safeFileName(file.name, mime), mime, size_bytes: file.bytes.length,
            sha256: blob.sha256, storage_key: blob.storageKey, uploaded_by: null, created_at: now.toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        attachmentId = attachment.id;
      }
      // The objector's identity is kept out of the audit trail (it is confidential); the row has it.
      await recordAudit(trx, {
        actorId: null,
        action: "objection.filed",
        entityType: "objection",
        entityId: row.id,
        before: null,
        after: { noticeId: notice.id, proposalId: data.proposalId, relation: data.relation, attachmentId },
        now,
      });
      await notifyObjectionReceived(trx, { objectionId: row.id, proposalId: data.proposalId, noticeId: notice.id, now }); // notify (issue 12)
      return { ok: true as const, objectionId: row.id };
    })));
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * The organizer records the outcome of an investigation with a written finding. Upheld: the
 * project is disqualified (selection no longer funds it, so its amount is freed).
 */
export async function decideObjection(db: DB, actor: Actor, objectionId: number, input: In<DecideObjectionInput>, now: Date) {
  const parsed = parseWithSchema(decideObjectionSchema, input);
  if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
  try {
    if (actor.role !== "organizer") throw new NoticeError("error.forbidden", 403);
    const { decision, finding } = parsed.data;
    return await writeTransaction(db, async (trx) => {
      const objection = await trx.selectFrom("objections").selectAll().where("id", "=", objectionId).executeTakeFirst();
      if (!objection) throw new NoticeError("error.notFound", 404);
      if (objection.status !== "pending") throw new NoticeError("notice.objection.alreadyDecided", 409);
      await trx
        .updateTable("objections")
        .set({ status: decision, finding, decided_by: actor.id, decided_at: now.toISOString() })
        .where("id", "=", objection.id)
        .execute();
      const proposal = await trx.selectFrom("proposals").select(["id", "status"]).where("id", "=", objection.proposal_id).executeTakeFirstOrThrow();
      let proposalAfter = proposal.status;
      if (decision === "upheld" && proposal.status !== "disqualified") {
        if (proposal.status !== "passed") throw new NoticeError("agreement.error.notPassed", 409);
        proposalAfter = "disqualified";
        await trx.updateTable("proposals").set({ status: "disqualified", updated_at: now.toISOString() }).where("id", "=", proposal.id).execute();
        await trx
          .insertInto("proposal_events")
          .values({ proposal_id: proposal.id, at: now.toISOString(), actor_id: actor.id, kind: "disqualified", note: finding })
          .execute();
      }
      await recordAudit(trx, {
        actorId: actor.id,
        action: decision === "upheld" ? "objection.upheld" : "objection.dismissed",
        entityType: "objection",
        entityId: objection.id,
        before: { status: objection.status, proposalStatus: proposal.status },
        after: { status: decision, finding, proposalId: proposal.id, proposalStatus: proposalAfter },
        now,
      });
      await notifyObjectionDecided(trx, { objectionId: objection.id, proposalId: proposal.id, decision, now }); // notify (issue 12)
      return { ok: true as const, proposalStatus: proposalAfter };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/** The organizer's list: every objection with its notice, project and outcome (pending first). */
/** One competition's objections (the one the staff picker shows), pending first. */
/** One page of a competition's objections, pending first then newest first; searched by project or objector's
 * name, filtered by status. Each row carries its investigation due date. */
export async function listObjections(db: DB, competitionId: number, filter: { q: string; status: ObjectionsTable["status"] | ""; offset: number; limit: number }) {
  let base = db
    .selectFrom("objections")
    .innerJoin("notices", "notices.id", "objections.notice_id")
    .innerJoin("proposals", "proposals.id", "objections.proposal_id")
    .where("notices.competition_id", "=", competitionId);
  if (filter.q) base = base.where(anyContains(["proposals.title", "objections.name"], filter.q));
  if (filter.status) base = base.where("objections.status", "=", filter.status);
  const [rows, counted] = await Promise.all([
    base
      .select([
        "objections.id", "objections.status", "objections.name", "objections.relation", "objections.filed_at",
        "objections.decided_at", "notices.id as noticeId", "notices.version as noticeVersion", "notices.title as noticeTitle",
        "proposals.id as proposalId", "proposals.title as proposalTitle", "notices.competition_id as competitionId",
      ])
      .orderBy((eb) => eb.case().when("objections.status", "=", "pending").then(0).else(1).end())
      .orderBy("objections.filed_at", "desc")
      .orderBy("objections.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  // the investigation is due N working days (the competition's setting) after the objection came in
  const calendar = await loadCalendar(db);
  const rules = parseRules((await db.selectFrom("competitions").select("rules_json").where("id", "=", competitionId).executeTakeFirstOrThrow()).rules_json);
  const dueOn = (r: (typeof rows)[number]) => {
    try {
      return investigationDueOn(shanghaiDate(r.filed_at), rules, calendar);
    } catch (error) {
      if (error instanceof CalendarYearNotCovered) return null; // shown as unknown until the year is entered
      throw error;
    }
  };
  return { total: Number(counted.n), rows: rows.map((r) => ({ ...r, investigateBy: dueOn(r) })) };
}

export async function loadObjection(db: DB, objectionId: number) {
  const objection = await db
    .selectFrom("objections")
    .innerJoin("notices", "notices.id", "objections.notice_id")
    .innerJoin("proposals", "proposals.id", "objections.proposal_id")
    .leftJoin("users", "users.id", "objections.decided_by")
    .selectAll("objections")
    .select(["notices.title as noticeTitle", "notices.version as noticeVersion", "proposals.title as proposalTitle", "proposals.status as proposalStatus", "users.display_name as decidedByName"])
    .where("objections.id", "=", objectionId)
    .executeTakeFirst();
  if (!objection) return null;
  const attachments = await db
    .selectFrom("attachments")
    .select(["id", "original_name", "mime", "size_bytes"])
    .where("owner_type", "=", "objection")
    .where("owner_id", "=", objectionId)
    .execute();
  return { ...objection, attachments };
}

/** An objection's evidence file, for organizers only. */
export async function loadObjectionAttachment(db: DB, actor: Actor, attachmentId: number) {
  if (actor.role !== "organizer") return null;
  const row = await db
    .selectFrom("attachments")
    .selectAll()
    .where("id", "=", attachmentId)
    .where("owner_type", "=", "objection")
    .executeTakeFirst();
  const bytes = row ? await readAttachmentBytes(db, row.storage_key) : null;
  return row && bytes ? { name: row.original_name, mime: row.mime, bytes } : null;
}

/** Whether a proposal has an objection in the given state (across every version of its notices). */
export async function objectionStates(db: DB, proposalIds: readonly number[]) {
  const states = new Map<number, { pending: number; upheld: number }>();
  if (proposalIds.length === 0) return states;
  const rows = await db
    .selectFrom("objections")
    .select(["proposal_id", "status"])
    .where("proposal_id", "in", [...proposalIds])
    .where("status", "in", ["pending", "upheld"])
    .execute();
  for (const r of rows) {
    const s = states.get(r.proposal_id) ?? { pending: 0, upheld: 0 };
    if (r.status === "pending") s.pending += 1;
    else s.upheld += 1;
    states.set(r.proposal_id, s);
  }
  return states;
}
