// Sponsors and their contributions: pledged, then received (date and voucher number). Only received
// money enters the pool, through a ledger entry keyed by the contribution.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { allocateProRata } from "../domain/attribution";
import { contributionEntry } from "../domain/ledger";
import { formatYuan } from "../domain/money";
import { t } from "../i18n";
import { type PledgeInput, type ReceiveInput, type SponsorInput, pledgeSchema, receiveSchema, sponsorSchema } from "../schemas/finance";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { type Actor, type Failure, FinanceError, forbidUnless, postEntry, toFailure } from "./ledger.server";
import { once } from "./once.server";

type In<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

function invalid(fieldErrors: Record<string, string>): Failure {
  return { ok: false, status: 400, fieldErrors };
}

export async function createSponsor(db: DB, actor: Actor, input: In<SponsorInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(sponsorSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: "sponsor.create", userId: actor.id }, now, async () => {
      let userId: number | null = null;
      if (parsed.data.username) {
        const user = await trx.selectFrom("users").select(["id", "role"]).where("username", "=", parsed.data.username).executeTakeFirst();
        if (!user || user.role !== "sponsor") throw new FinanceError("finance.validation.sponsorAccount", 400, {}, "username");
        const taken = await trx.selectFrom("sponsors").select("id").where("user_id", "=", user.id).executeTakeFirst();
        if (taken) throw new FinanceError("finance.validation.sponsorAccountTaken", 400, {}, "username");
        userId = user.id;
      }
      const row = await trx
        .insertInto("sponsors")
        .values({ name: parsed.data.name, contact: parsed.data.contact, user_id: userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "sponsor.created", entityType: "sponsor", entityId: row.id, before: null, after: row, now });
      return { ok: true as const, sponsorId: row.id };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/** A pledge, recorded against the competition the organizer chose (the one the form was showing). */
export async function pledgeContribution(db: DB, actor: Actor, competitionId: number, input: In<PledgeInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(pledgeSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `contribution.pledge.${competitionId}`, userId: actor.id }, now, async () => {
      const competition = Number.isSafeInteger(competitionId) && competitionId > 0
        ? await trx.selectFrom("competitions").select("id").where("id", "=", competitionId).executeTakeFirst()
        : undefined;
      if (!competition) throw new FinanceError("multi.error.competitionMissing", 400);
      const sponsor = await trx.selectFrom("sponsors").select("id").where("id", "=", parsed.data.sponsorId).executeTakeFirst();
      if (!sponsor) throw new FinanceError("finance.validation.sponsorMissing", 400, {}, "sponsorId");
      const row = await trx
        .insertInto("contributions")
        .values({
          sponsor_id: sponsor.id,
          competition_id: competitionId,
          pledged_fen: parsed.data.amount,
          pledged_on: parsed.data.pledgedOn,
          status: "pledged",
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "contribution.pledged", entityType: "contribution", entityId: row.id, before: null, after: row, now });
      return { ok: true as const, contributionId: row.id };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

/** Records money actually received against a pledge; it enters the pool. */
export async function receiveContribution(db: DB, actor: Actor, input: In<ReceiveInput>, now: Date) {
  const denied = forbidUnless(actor, "organizer");
  if (denied) return denied;
  const parsed = parseWithSchema(receiveSchema, input);
  if (!parsed.success) return invalid(parsed.fieldErrors);
  const { contributionId, amount, receivedOn, voucherNo } = parsed.data;
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: input.formKey, action: `contribution.receive.${contributionId}`, userId: actor.id }, now, async () => {
      const before = await trx.selectFrom("contributions").selectAll().where("id", "=", contributionId).executeTakeFirst();
      if (!before) throw new FinanceError("error.notFound", 404);
      if (before.status === "received") throw new FinanceError("finance.error.alreadyReceived");
      // Finance books what arrived, never more than was promised: an excess is a new pledge first.
      if (amount > before.pledged_fen) {
        const message = t("rules.contribution.overPledge", { received: formatYuan(amount), pledged: formatYuan(before.pledged_fen) });
        throw new FinanceError(message, 400, {}, "amount");
      }
      const voucherTaken = await trx.selectFrom("contributions").select("id").where("voucher_no", "=", voucherNo).executeTakeFirst();
      if (voucherTaken) throw new FinanceError("finance.validation.voucherTaken", 400, {}, "voucherNo");
      const sponsor = await trx.selectFrom("sponsors").select("name").where("id", "=", before.sponsor_id).executeTakeFirstOrThrow();
      await trx
        .updateTable("contributions")
        .set({ status: "received", received_fen: amount, received_on: receivedOn, voucher_no: voucherNo })
        .where("id", "=", contributionId)
        .where("status", "=", "pledged")
        .execute();
      const { entryId } = await postEntry(
        trx,
        contributionEntry({
          competitionId: before.competition_id,
          sponsorId: before.sponsor_id,
          contributionId,
          amountFen: amount,
          memo: `${sponsor.name} 到账 ${receivedOn} 凭证 ${voucherNo}`,
        }),
        actor.id,
        now,
      );
      const after = await trx.selectFrom("contributions").selectAll().where("id", "=", contributionId).executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "contribution.received", entityType: "contribution", entityId: contributionId,
        before, after: { ...after, ledgerEntryId: entryId }, now,
      });
      return { ok: true as const, entryId };
    }));
  } catch (error) {
    return toFailure(error);
  }
}

export async function listSponsors(db: DB, competitionId: number) {
  const sponsors = await db
    .selectFrom("sponsors")
    .leftJoin("users", "users.id", "sponsors.user_id")
    .select(["sponsors.id", "sponsors.name", "sponsors.contact", "users.username"])
    .orderBy("sponsors.id")
    .execute();
  const contributions = await db
    .selectFrom("contributions")
    .selectAll()
    .where("competition_id", "=", competitionId)
    .orderBy("id")
    .execute();
  return { sponsors, contributions };
}

/** Received money per sponsor of a competition, the weights of the pro-rata attribution. */
export async function receivedBySponsor(db: DB, competitionId: number) {
  const rows = await db
    .selectFrom("contributions")
    .innerJoin("sponsors", "sponsors.id", "contributions.sponsor_id")
    .select(["sponsors.id", "sponsors.name", (eb) => eb.fn.sum<number>("contributions.received_fen").as("received")])
    .where("contributions.competition_id", "=", competitionId)
    .where("contributions.status", "=", "received")
    .groupBy(["sponsors.id", "sponsors.name"])
    .orderBy("sponsors.id")
    .execute();
  return rows.map((r) => ({ sponsorId: r.id, name: r.name, receivedFen: Number(r.received) }));
}

/** Paid so far per agreement: the sum of its paid tranches. */
export async function fundedAgreements(db: DB, competitionId: number) {
  const agreements = await db
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .leftJoin("divisions", "divisions.id", "proposals.division_id")
    .leftJoin("categories", "categories.id", "proposals.category_id")
    .select([
      "agreements.id", "agreements.amount_fen", "agreements.status", "agreements.organizer_signed_at",
      "proposals.title", "proposals.division_id", "proposals.category_id", "organizations.name as organization",
      "divisions.name as division", "categories.name as category",
    ])
    .where("agreements.competition_id", "=", competitionId)
    .where("agreements.status", "in", ["signed", "terminated", "completed"])
    .orderBy("agreements.id")
    .execute();
  const paidBy = await paidByAgreement(db, competitionId);
  return agreements.map((a) => ({ ...a, paidFen: paidBy.get(a.id) ?? 0 }));
}

/** Fen paid so far per agreement of a competition (its paid tranches). */
export async function paidByAgreement(db: DB, competitionId: number): Promise<Map<number, number>> {
  const paid = await db
    .selectFrom("milestones")
    .innerJoin("agreements", "agreements.id", "milestones.agreement_id")
    .select(["milestones.agreement_id", (eb) => eb.fn.sum<number>("milestones.amount_fen").as("paid")])
    .where("agreements.competition_id", "=", competitionId)
    .where("milestones.status", "=", "paid")
    .groupBy("milestones.agreement_id")
    .execute();
  return new Map(paid.map((p) => [p.agreement_id, Number(p.paid ?? 0)]));
}

/** What a sponsor account sees: its contributions, and its pro-rata share of each funded project (never a rehearsal's). */
export async function loadSponsorView(db: DB, userId: number) {
  const sponsor = await db.selectFrom("sponsors").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!sponsor) return null;
  const contributions = await db
    .selectFrom("contributions")
    .innerJoin("competitions", "competitions.id", "contributions.competition_id")
    .select([
      "contributions.id", "contributions.competition_id", "competitions.name as competition", "contributions.pledged_fen",
      "contributions.pledged_on", "contributions.received_fen", "contributions.received_on", "contributions.voucher_no", "contributions.status",
    ])
    .where("contributions.sponsor_id", "=", sponsor.id)
    .where("competitions.is_rehearsal", "=", 0)
    .orderBy("contributions.id")
    .execute();
  const competitionIds = [...new Set(contributions.map((c) => c.competition_id))];
  const competitions = [];
  for (const competitionId of competitionIds) {
    const weights = await receivedBySponsor(db, competitionId);
    const index = weights.findIndex((w) => w.sponsorId === sponsor.id);
    const totalReceived = weights.reduce((s, w) => s + w.receivedFen, 0);
    const mine = index >= 0 ? weights[index].receivedFen : 0;
    const projects = (await fundedAgreements(db, competitionId)).map((a) => ({
      ...a,
      myPaidFen: index >= 0 ? allocateProRata(a.paidFen, weights.map((w) => w.receivedFen))[index] : 0,
      myCommittedFen: index >= 0 && a.status !== "terminated" ? allocateProRata(a.amount_fen, weights.map((w) => w.receivedFen))[index] : 0,
    }));
    competitions.push({
      competitionId,
      name: contributions.find((c) => c.competition_id === competitionId)!.competition,
      totalReceivedFen: totalReceived,
      myReceivedFen: mine,
      projects,
    });
  }
  return { sponsor, contributions, competitions };
}
