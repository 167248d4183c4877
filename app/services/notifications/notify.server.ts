// One function per domain event, called by the service that changes the state, inside its transaction.
// Each decides who is told and with which parameters — only what that recipient may see: an expert's
// message never names an applicant, an applicant's never names an objector.
import type { DB } from "../../../db/connection";
import { formatYuan } from "../../domain/money";
import { formatShanghai } from "../../domain/time";
import { t } from "../../i18n";
import { absoluteLink } from "./channels.server";
import { notifyWithin, organizerIds, proposalOwner } from "./outbox.server";

/** 初审: returned for 补正 (reasons + deadline), passed, or rejected (reasons). */
export async function notifyInitialReview(
  trx: DB,
  input: { proposalId: number; decision: "pass" | "return" | "reject"; reasons: string | null; deadlineAt: string | null; now: Date },
): Promise<void> {
  const owner = await proposalOwner(trx, input.proposalId);
  if (!owner) return;
  const link = `/applicant/proposals/${input.proposalId}`;
  const reasons = input.reasons ?? "";
  const event = input.decision === "return" ? "proposal.returned" : input.decision === "pass" ? "initialReview.passed" : "initialReview.rejected";
  const params: Record<string, string> =
    input.decision === "return"
      ? { title: owner.title, reasons, deadline: input.deadlineAt ? formatShanghai(input.deadlineAt) : "" }
      : { title: owner.title, reasons };
  await notifyWithin(trx, { event, competitionId: owner.competitionId, now: input.now, to: [{ userId: owner.userId, params, link }] });
}

/** The invited expert gets the one-time link by SMS to the mobile the organizer entered (the link is scrubbed after delivery). */
export async function notifyExpertInvited(trx: DB, input: { expertId: number; token: string; expiresAt: string; now: Date }): Promise<boolean> {
  const user = await trx.selectFrom("users").select(["id", "mobile"]).where("id", "=", input.expertId).executeTakeFirst();
  const email = await trx.selectFrom("user_contacts").select("address").where("user_id", "=", input.expertId).where("channel", "=", "email").executeTakeFirst();
  const params = { competition: t("app.shortName"), expires: formatShanghai(input.expiresAt), link: absoluteLink(`/invite/${input.token}`) };
  const to = [
    ...(user?.mobile ? [{ userId: input.expertId, params, directAddress: { channel: "sms" as const, address: user.mobile } }] : []),
    ...(email ? [{ userId: input.expertId, params, directAddress: { channel: "email" as const, address: email.address } }] : []),
  ];
  if (to.length === 0) return false;
  await notifyWithin(trx, { event: "expert.invited", competitionId: null, now: input.now, to });
  return true;
}

/** Experts with new assignments: how many, in which competition — never which proposals or whose. */
export async function notifyAssignmentsReady(trx: DB, input: { competitionId: number; expertIds: readonly number[]; now: Date }): Promise<void> {
  if (input.expertIds.length === 0) return;
  const competition = await trx.selectFrom("competitions").select("name").where("id", "=", input.competitionId).executeTakeFirstOrThrow();
  const counts = new Map<number, number>();
  for (const id of input.expertIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  await notifyWithin(trx, {
    event: "assignment.ready",
    competitionId: input.competitionId,
    now: input.now,
    to: [...counts].map(([userId, count]) => ({ userId, params: { competition: competition.name, count }, link: "/expert" })),
  });
}

/** Every applicant whose project is on the published notice (each told about their own project only). */
export async function notifyNoticePublished(
  trx: DB,
  input: { noticeId: number; competitionId: number; title: string; proposalIds: readonly number[]; startsOn: string; endsAt: string; now: Date },
): Promise<void> {
  if (input.proposalIds.length === 0) return;
  const owners = await trx
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["organizations.user_id as userId", "proposals.title"])
    .where("proposals.id", "in", [...input.proposalIds])
    .execute();
  const params = { notice: input.title, from: input.startsOn, to: formatShanghai(input.endsAt) };
  await notifyWithin(trx, {
    event: "notice.published",
    competitionId: input.competitionId,
    now: input.now,
    to: owners.map((o) => ({ userId: o.userId, params: { ...params, title: o.title }, link: `/notices/${input.noticeId}` })),
  });
}

/** Organizers (to act) and the project's applicant (to know); the objector's identity goes to neither message. */
export async function notifyObjectionReceived(trx: DB, input: { objectionId: number; proposalId: number; noticeId: number; now: Date }): Promise<void> {
  const owner = await proposalOwner(trx, input.proposalId);
  if (!owner) return;
  const params = { title: owner.title, receipt: input.objectionId };
  const staff = await organizerIds(trx);
  await notifyWithin(trx, {
    event: "objection.received",
    competitionId: owner.competitionId,
    now: input.now,
    to: [
      ...staff.map((userId) => ({ userId, params, link: `/organizer/objections/${input.objectionId}` })),
      { userId: owner.userId, params, link: `/notices/${input.noticeId}` },
    ],
  });
}

/** The applicant learns the outcome; the objector (no account, unverified mobile) looks it up on the public page. */
export async function notifyObjectionDecided(trx: DB, input: { objectionId: number; proposalId: number; decision: "upheld" | "dismissed"; now: Date }): Promise<void> {
  const owner = await proposalOwner(trx, input.proposalId);
  if (!owner) return;
  await notifyWithin(trx, {
    event: "objection.decided",
    competitionId: owner.competitionId,
    now: input.now,
    to: [{ userId: owner.userId, params: { title: owner.title, receipt: input.objectionId, outcome: t(`notify.outcome.${input.decision}`) }, link: `/applicant/proposals/${input.proposalId}` }],
  });
}

async function agreementOwner(trx: DB, agreementId: number) {
  return trx
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["organizations.user_id as userId", "proposals.title", "agreements.competition_id as competitionId", "agreements.amount_fen"])
    .where("agreements.id", "=", agreementId)
    .executeTakeFirst();
}

export async function notifyAgreementsReady(trx: DB, input: { agreementIds: readonly number[]; now: Date }): Promise<void> {
  for (const id of input.agreementIds) {
    const a = await agreementOwner(trx, id);
    if (!a) continue;
    await notifyWithin(trx, {
      event: "agreement.ready",
      competitionId: a.competitionId,
      now: input.now,
      to: [{ userId: a.userId, params: { title: a.title, amount: formatYuan(a.amount_fen) }, link: `/applicant/agreements/${id}` }],
    });
  }
}

export async function notifyTrancheReleased(trx: DB, input: { agreementId: number; milestoneName: string; amountFen: number; now: Date }): Promise<void> {
  const a = await agreementOwner(trx, input.agreementId);
  if (!a) return;
  await notifyWithin(trx, {
    event: "tranche.released",
    competitionId: a.competitionId,
    now: input.now,
    to: [{ userId: a.userId, params: { title: a.title, milestone: input.milestoneName, amount: formatYuan(input.amountFen) }, link: "/applicant/milestones" }],
  });
}

export async function notifyAgreementTerminated(trx: DB, input: { agreementId: number; reason: string; now: Date }): Promise<void> {
  const a = await agreementOwner(trx, input.agreementId);
  if (!a) return;
  await notifyWithin(trx, {
    event: "agreement.terminated",
    competitionId: a.competitionId,
    now: input.now,
    to: [{ userId: a.userId, params: { title: a.title, reason: input.reason }, link: `/applicant/agreements/${input.agreementId}` }],
  });
}
