// The expert panel: invitations with a one-time password link, numbered appointment letters (聘书),
// and conflict-of-interest declarations (回避) that also withdraw any assignment they touch.
import { createHash, randomBytes } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { passwordWeakness } from "../domain/password-policy";
import {
  type AcceptInviteInput, type AppointExpertInput, type ConflictInput, type InviteExpertInput, type RecuseInput,
  acceptInviteSchema, appointExpertSchema, conflictSchema, inviteExpertSchema, recuseSchema,
} from "../schemas/review";
import { parseWithSchema } from "../utils/forms";
import { anyContains, containsText } from "../utils/list-query.server";
import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../db/schema";
import { hashPassword } from "../utils/password.server";
import { recordAudit } from "./audit.server";
import { notifyExpertInvited } from "./notifications/notify.server";
import { type Actor, type In, ReviewError, requireRole, toFailure } from "./review-common.server";

export const INVITE_VALID_DAYS = 7;

export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

async function issueInvite(trx: DB, userId: number, actorId: number, now: Date) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITE_VALID_DAYS * 24 * 60 * 60 * 1000).toISOString();
  // an earlier unused link stops working once a new one is issued
  await trx.updateTable("expert_invites").set({ expires_at: now.toISOString() }).where("user_id", "=", userId).where("used_at", "is", null).where("expires_at", ">", now.toISOString()).execute();
  await trx.insertInto("expert_invites").values({ user_id: userId, token_sha256: tokenHash(token), expires_at: expiresAt, used_at: null, created_by: actorId, created_at: now.toISOString() }).execute();
  return { token, expiresAt };
}

/** Creates an expert account without a password and a one-time link (only its SHA-256 is stored). */
export async function inviteExpert(db: DB, actor: Actor, input: In<InviteExpertInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(inviteExpertSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const data = parsed.data;
    return await writeTransaction(db, async (trx) => {
      const taken = await trx.selectFrom("users").select("id").where("username", "=", data.username).executeTakeFirst();
      if (taken) throw new ReviewError("review.expert.usernameTaken", 409, "username");
      const user = await trx
        .insertInto("users")
        .values({ username: data.username, password_hash: null, role: "expert", display_name: data.displayName, mobile: data.mobile || null, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const invite = await issueInvite(trx, user.id, actor.id, now);
      await recordAudit(trx, { actorId: actor.id, action: "expert.invite", entityType: "user", entityId: user.id, after: { username: data.username, displayName: data.displayName, expiresAt: invite.expiresAt }, now });
      // notify (issue 12): the one-time link goes to the expert's mobile, so nobody has to copy it
      const notified = await notifyExpertInvited(trx, { expertId: user.id, token: invite.token, expiresAt: invite.expiresAt, now });
      return { ok: true as const, expertId: user.id, token: invite.token, expiresAt: invite.expiresAt, notified };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/** A fresh link for an expert who has not set a password yet (the old link stops working). */
export async function reissueInvite(db: DB, actor: Actor, expertId: number, now: Date) {
  try {
    requireRole(actor, "organizer");
    return await writeTransaction(db, async (trx) => {
      const user = await trx.selectFrom("users").select(["id", "role", "password_hash"]).where("id", "=", expertId).executeTakeFirst();
      if (!user || user.role !== "expert") throw new ReviewError("error.notFound", 404);
      if (user.password_hash) throw new ReviewError("review.invite.alreadyActive", 409);
      const invite = await issueInvite(trx, user.id, actor.id, now);
      await recordAudit(trx, { actorId: actor.id, action: "expert.reinvite", entityType: "user", entityId: user.id, after: { expiresAt: invite.expiresAt }, now });
      const notified = await notifyExpertInvited(trx, { expertId: user.id, token: invite.token, expiresAt: invite.expiresAt, now }); // notify (issue 12)
      return { ok: true as const, expertId: user.id, token: invite.token, expiresAt: invite.expiresAt, notified };
    });
  } catch (error) {
    return toFailure(error);
  }
}

export type InviteState = "valid" | "expired" | "used" | "unknown";

export async function loadInvite(db: DB, token: string, now: Date) {
  const invite = await db
    .selectFrom("expert_invites")
    .innerJoin("users", "users.id", "expert_invites.user_id")
    .leftJoin("users as inviter", "inviter.id", "expert_invites.created_by")
    .select(["expert_invites.id", "expert_invites.expires_at", "expert_invites.used_at", "users.username", "users.display_name", "inviter.display_name as invited_by"])
    .where("token_sha256", "=", tokenHash(token))
    .executeTakeFirst();
  if (!invite) return { state: "unknown" as InviteState, username: null, displayName: null, invitedBy: null, expiresAt: null };
  const state: InviteState = invite.used_at ? "used" : Date.parse(invite.expires_at) <= now.getTime() ? "expired" : "valid";
  return { state, username: invite.username, displayName: invite.display_name, invitedBy: invite.invited_by, expiresAt: invite.expires_at };
}

/** Sets the expert's password through the link: once, before it expires. */
export async function acceptInvite(db: DB, token: string, input: In<AcceptInviteInput>, now: Date) {
  try {
    const parsed = parseWithSchema(acceptInviteSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const weakness = passwordWeakness(parsed.data.password);
    if (weakness) throw new ReviewError(weakness, 400, "password");
    const hash = await hashPassword(parsed.data.password);
    return await writeTransaction(db, async (trx) => {
      const invite = await trx.selectFrom("expert_invites").selectAll().where("token_sha256", "=", tokenHash(token)).executeTakeFirst();
      if (!invite) throw new ReviewError("review.invite.unknown", 404);
      if (invite.used_at) throw new ReviewError("review.invite.used", 409);
      if (Date.parse(invite.expires_at) <= now.getTime()) throw new ReviewError("review.invite.expired", 409);
      await trx.updateTable("expert_invites").set({ used_at: now.toISOString() }).where("id", "=", invite.id).execute();
      await trx.updateTable("users").set({ password_hash: hash }).where("id", "=", invite.user_id).execute();
      await recordAudit(trx, { actorId: invite.user_id, action: "expert.acceptInvite", entityType: "user", entityId: invite.user_id, after: { inviteId: invite.id }, now });
      return { ok: true as const, userId: invite.user_id };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * "changan-2021" → "CA2021": the initials of the slug's first word split into pinyin syllables
 * at "ng" followed by a vowel (chang|an); a word without such a split gives its first two letters.
 */
export function letterPrefix(slug: string, year: number): string {
  const word = (slug.split("-").find((p) => /^[a-z]+$/i.test(p)) ?? "ps").toUpperCase();
  const split = /^([A-Z]+?NG)([AEIOU][A-Z]*)$/.exec(word);
  const initials = split ? split[1][0] + split[2][0] : word.slice(0, 2);
  return `${initials}${year}`;
}

/** Issues the numbered letter of appointment (聘书): PREFIX-PS-001, PREFIX-PS-002, … per competition. */
export async function appointExpert(db: DB, actor: Actor, input: In<AppointExpertInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(appointExpertSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const data = parsed.data;
    return await writeTransaction(db, async (trx) => {
      const competition = await trx.selectFrom("competitions").select(["id", "slug", "year"]).where("id", "=", data.competitionId).executeTakeFirst();
      if (!competition) throw new ReviewError("error.notFound", 404, "competitionId");
      const expert = await trx.selectFrom("users").select(["id", "role"]).where("id", "=", data.expertId).executeTakeFirst();
      if (!expert || expert.role !== "expert") throw new ReviewError("review.expert.notExpert", 400, "expertId");
      const divisionId = data.divisionId === "" ? null : data.divisionId;
      if (divisionId !== null) {
        const d = await trx.selectFrom("divisions").select("id").where("id", "=", divisionId).where("competition_id", "=", competition.id).executeTakeFirst();
        if (!d) throw new ReviewError("review.expert.divisionInvalid", 400, "divisionId");
      }
      const existing = await trx.selectFrom("expert_appointments").select("id").where("competition_id", "=", competition.id).where("expert_id", "=", expert.id).executeTakeFirst();
      if (existing) throw new ReviewError("review.expert.alreadyAppointed", 409, "expertId");
      const count = await trx.selectFrom("expert_appointments").select((eb) => eb.fn.countAll<number>().as("n")).where("competition_id", "=", competition.id).executeTakeFirstOrThrow();
      const letterNo = `${letterPrefix(competition.slug, competition.year)}-PS-${String(Number(count.n) + 1).padStart(3, "0")}`;
      const row = await trx
        .insertInto("expert_appointments")
        .values({ competition_id: competition.id, expert_id: expert.id, division_id: divisionId, letter_no: letterNo, issued_at: now.toISOString(), issued_by: actor.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "expert.appoint", entityType: "expert_appointment", entityId: row.id, after: { expertId: expert.id, divisionId, letterNo }, now });
      return { ok: true as const, appointmentId: row.id, letterNo };
    });
  } catch (error) {
    return toFailure(error);
  }
}

/** The organizer's panel page: every expert account with its appointment, invite state and load. */
/** One page of the expert pool with each expert's invite state and appointment in this competition;
 * searched by name, username or letter number, filtered by appointed / not yet appointed here. */
export async function listExperts(db: DB, competitionId: number, now: Date, filter: { q: string; appointed: "" | "yes" | "no"; offset: number; limit: number }) {
  let base = db.selectFrom("users").where("role", "=", "expert");
  const appointedHere = (eb: ExpressionBuilder<Database, "users">) =>
    eb.exists(eb.selectFrom("expert_appointments").select("expert_appointments.id").whereRef("expert_appointments.expert_id", "=", "users.id").where("expert_appointments.competition_id", "=", competitionId));
  if (filter.q) {
    const q = filter.q;
    base = base.where((eb) =>
      eb.or([
        anyContains(["users.display_name", "users.username"], q),
        eb.exists(eb.selectFrom("expert_appointments").select("expert_appointments.id").whereRef("expert_appointments.expert_id", "=", "users.id").where("expert_appointments.competition_id", "=", competitionId).where(containsText("expert_appointments.letter_no", q))),
      ]),
    );
  }
  if (filter.appointed === "yes") base = base.where(appointedHere);
  if (filter.appointed === "no") base = base.where((eb) => eb.not(appointedHere(eb)));
  const [experts, counted] = await Promise.all([
    base.select(["id", "username", "display_name", "mobile", "password_hash", "disabled"]).orderBy("id").limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const ids = [0, ...experts.map((e) => e.id)];
  const appointments = await db
    .selectFrom("expert_appointments")
    .leftJoin("divisions", "divisions.id", "expert_appointments.division_id")
    .select(["expert_appointments.id", "expert_appointments.expert_id", "expert_appointments.letter_no", "expert_appointments.division_id", "divisions.name as division_name", "expert_appointments.issued_at"])
    .where("expert_appointments.competition_id", "=", competitionId)
    .where("expert_appointments.expert_id", "in", ids)
    .execute();
  const invites = await db.selectFrom("expert_invites").select(["user_id", "expires_at", "used_at"]).where("user_id", "in", ids).orderBy("id").execute();
  const conflicts = await db.selectFrom("conflict_declarations").select(["expert_id"]).where("competition_id", "=", competitionId).where("expert_id", "in", ids).execute();
  const loads = await db.selectFrom("assignments").select(["expert_id", "round"]).where("competition_id", "=", competitionId).where("active", "=", 1).where("expert_id", "in", ids).execute();
  const rows = experts.map((e) => {
    const lastInvite = invites.filter((i) => i.user_id === e.id).at(-1);
    const inviteState: InviteState | "none" | "active" = e.password_hash
      ? "active"
      : !lastInvite
        ? "none"
        : lastInvite.used_at
          ? "used"
          : Date.parse(lastInvite.expires_at) <= now.getTime()
            ? "expired"
            : "valid";
    const { password_hash: _p, ...rest } = e;
    return {
      ...rest,
      inviteState,
      appointment: appointments.find((a) => a.expert_id === e.id) ?? null,
      conflicts: conflicts.filter((c) => c.expert_id === e.id).length,
      assignments: loads.filter((l) => l.expert_id === e.id).length,
    };
  });
  return { total: Number(counted.n), rows };
}

/** A printable letter of appointment; experts only see their own. */
export async function loadAppointmentLetter(db: DB, appointmentId: number) {
  return db
    .selectFrom("expert_appointments")
    .innerJoin("users", "users.id", "expert_appointments.expert_id")
    .innerJoin("competitions", "competitions.id", "expert_appointments.competition_id")
    .leftJoin("divisions", "divisions.id", "expert_appointments.division_id")
    .select([
      "expert_appointments.id", "expert_appointments.letter_no", "expert_appointments.issued_at", "expert_appointments.expert_id",
      "users.display_name as expert_name", "competitions.name as competition_name", "competitions.host", "competitions.operator",
      "competitions.review_starts_at", "competitions.review_ends_at", "divisions.name as division_name",
    ])
    .where("expert_appointments.id", "=", appointmentId)
    .executeTakeFirst();
}

async function withdrawAssignmentsFor(trx: DB, actor: Actor, competitionId: number, organizationId: number, reason: string, now: Date) {
  const touched = await trx
    .selectFrom("assignments")
    .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
    .select(["assignments.id"])
    .where("assignments.competition_id", "=", competitionId)
    .where("assignments.expert_id", "=", actor.id)
    .where("assignments.active", "=", 1)
    .where("proposals.organization_id", "=", organizationId)
    .execute();
  for (const a of touched) {
    await trx.updateTable("assignments").set({ active: 0, reason, updated_at: now.toISOString() }).where("id", "=", a.id).execute();
  }
  return touched.map((a) => a.id);
}

/**
 * Scores an expert already submitted stay: a declaration that would withdraw a submitted, locked score
 * is refused (409) and the attempt is kept in the audit trail; the organizer, told the reason, decides
 * (withdrawing the assignment with a reason on the assignment board, which is audited too).
 */
async function submittedAssignmentsFor(trx: DB, actor: Actor, competitionId: number, organizationId: number) {
  const submitted = await trx
    .selectFrom("assignments")
    .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
    .innerJoin("scores", "scores.assignment_id", "assignments.id")
    .select(["assignments.id"])
    .where("assignments.competition_id", "=", competitionId)
    .where("assignments.expert_id", "=", actor.id)
    .where("assignments.active", "=", 1)
    .where("proposals.organization_id", "=", organizationId)
    .where("scores.status", "=", "submitted")
    .execute();
  return submitted.map((a) => a.id);
}

async function insertDeclaration(trx: DB, actor: Actor, competitionId: number, organizationId: number, ground: string, note: string, now: Date, recusedAssignmentId: number | null = null) {
  const appointed = await trx.selectFrom("expert_appointments").select("id").where("competition_id", "=", competitionId).where("expert_id", "=", actor.id).executeTakeFirst();
  if (!appointed) throw new ReviewError("review.conflict.notAppointed", 403);
  const org = await trx.selectFrom("proposals").select("id").where("competition_id", "=", competitionId).where("organization_id", "=", organizationId).executeTakeFirst();
  if (!org) throw new ReviewError("review.conflict.organizationInvalid", 400, "organizationId");
  const existing = await trx.selectFrom("conflict_declarations").select(["id", "recused_assignment_id"]).where("competition_id", "=", competitionId).where("expert_id", "=", actor.id).where("organization_id", "=", organizationId).executeTakeFirst();
  if (existing) {
    // Naming an organization already covered by a blind recusal must not confirm whose proposal that was.
    if (existing.recused_assignment_id !== null && recusedAssignmentId === null) return { ok: true as const, declarationId: existing.id, withdrawn: [] as number[] };
    throw new ReviewError("review.conflict.alreadyDeclared", 409, "organizationId");
  }
  const locked = await submittedAssignmentsFor(trx, actor, competitionId, organizationId);
  if (locked.length) return { ok: false as const, status: 409 as const, fieldErrors: { _form: "review.conflict.afterSubmission" }, lockedAssignments: locked };
  const row = await trx
    .insertInto("conflict_declarations")
    .values({ competition_id: competitionId, expert_id: actor.id, organization_id: organizationId, ground, note: note || null, declared_at: now.toISOString(), recused_assignment_id: recusedAssignmentId })
    .returning("id")
    .executeTakeFirstOrThrow();
  const withdrawn = await withdrawAssignmentsFor(trx, actor, competitionId, organizationId, `回避：${ground}`, now);
  await recordAudit(trx, { actorId: actor.id, action: "expert.declareConflict", entityType: "conflict_declaration", entityId: row.id, after: { competitionId, organizationId, ground, note, withdrawnAssignments: withdrawn, recusedAssignmentId }, now });
  return { ok: true as const, declarationId: row.id, withdrawn };
}

/** A refused declaration is still a fact the organizer must see: audited in its own transaction. */
async function auditRefusedRecusal(db: DB, actor: Actor, result: { ok: false; lockedAssignments: number[] }, detail: Record<string, unknown>, now: Date) {
  await writeTransaction(db, (trx) =>
    recordAudit(trx, {
      actorId: actor.id, action: "expert.recusalAfterSubmissionRefused", entityType: "assignment", entityId: result.lockedAssignments[0],
      after: { ...detail, lockedAssignments: result.lockedAssignments }, now,
    }),
  );
}

/** An expert declares a conflict with an applicant organization; any assignment to its proposals is withdrawn. */
export async function declareConflict(db: DB, actor: Actor, input: In<ConflictInput>, now: Date) {
  try {
    requireRole(actor, "expert");
    const parsed = parseWithSchema(conflictSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const d = parsed.data;
    const result = await writeTransaction(db, (trx) => insertDeclaration(trx, actor, d.competitionId, d.organizationId, d.ground, d.note, now));
    if (!result.ok) await auditRefusedRecusal(db, actor, result, { competitionId: d.competitionId, organizationId: d.organizationId, ground: d.ground, note: d.note }, now);
    return result;
  } catch (error) {
    return toFailure(error);
  }
}

/** Recusal from an assigned proposal (the expert need not see whose it is under blind review). */
export async function recuseFromAssignment(db: DB, actor: Actor, assignmentId: number, input: In<RecuseInput>, now: Date) {
  try {
    requireRole(actor, "expert");
    const parsed = parseWithSchema(recuseSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    const result = await writeTransaction(db, async (trx) => {
      const a = await trx
        .selectFrom("assignments")
        .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
        .select(["assignments.expert_id", "assignments.competition_id", "proposals.organization_id"])
        .where("assignments.id", "=", assignmentId)
        .executeTakeFirst();
      if (!a || a.expert_id !== actor.id) throw new ReviewError("error.notFound", 404);
      return insertDeclaration(trx, actor, a.competition_id, a.organization_id, parsed.data.ground, parsed.data.note, now, assignmentId);
    });
    if (!result.ok) await auditRefusedRecusal(db, actor, result, { assignmentId, ground: parsed.data.ground, note: parsed.data.note }, now);
    return result;
  } catch (error) {
    return toFailure(error);
  }
}

/** What an expert needs to declare conflicts: the applicant organizations of competitions they serve, and their own declarations. */
export async function loadConflictPage(db: DB, expertId: number) {
  const appointments = await db
    .selectFrom("expert_appointments")
    .innerJoin("competitions", "competitions.id", "expert_appointments.competition_id")
    .select(["expert_appointments.id", "expert_appointments.competition_id", "expert_appointments.letter_no", "competitions.name as competition_name"])
    .where("expert_appointments.expert_id", "=", expertId)
    .orderBy("expert_appointments.id", "desc")
    .execute();
  const competitionIds = [0, ...appointments.map((a) => a.competition_id)];
  const organizations = await db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["proposals.competition_id", "organizations.id", "organizations.name"])
    .distinct()
    .where("proposals.competition_id", "in", competitionIds)
    .where("proposals.status", "not in", ["draft"])
    .orderBy("organizations.name")
    .execute();
  const rows = await db
    .selectFrom("conflict_declarations")
    .innerJoin("organizations", "organizations.id", "conflict_declarations.organization_id")
    .innerJoin("competitions", "competitions.id", "conflict_declarations.competition_id")
    .leftJoin("assignments", "assignments.id", "conflict_declarations.recused_assignment_id")
    .leftJoin("proposals", "proposals.id", "assignments.proposal_id")
    .select([
      "conflict_declarations.id", "conflict_declarations.competition_id", "conflict_declarations.ground", "conflict_declarations.note",
      "conflict_declarations.declared_at", "conflict_declarations.recused_assignment_id", "organizations.name as organization_name",
      "competitions.rules_json", "proposals.title as recused_title",
    ])
    .where("conflict_declarations.expert_id", "=", expertId)
    .orderBy("conflict_declarations.id")
    .execute();
  // A recusal under blind review names the proposal the expert saw, never the applicant behind it.
  const declarations = rows.map(({ rules_json, recused_title, recused_assignment_id, ...d }) => {
    const blind = recused_assignment_id !== null && (JSON.parse(rules_json) as { review: { blind: boolean } }).review.blind;
    return { ...d, organization_name: blind ? null : d.organization_name, recused_title: recused_assignment_id !== null ? recused_title : null };
  });
  return { appointments, organizations, declarations };
}
