// Builders for finance tests: sponsors with received money, and signed agreements inserted directly
// (the agreements area owns signing; here a signed row plus onAgreementSigned stands in for it).
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { onAgreementSigned } from "../../app/services/disbursement.server";
import { pledgeContribution, receiveContribution, createSponsor } from "../../app/services/sponsors.server";
import { fenToYuanInput } from "../../app/domain/money";
import { createCompetition, createUser } from "./factories";

let counter = 0;

export async function createFinanceWorld(db: DB) {
  const { competition, divisions, categories } = await createCompetition(db);
  const organizer = await createUser(db, "organizer");
  const notice = await db
    .insertInto("notices")
    .values({
      competition_id: competition.id, version: 1, title: "公示", body: "公示", snapshot_json: "{}", sha256: "0".repeat(64),
      published_at: "2021-07-05T02:00:00.000Z", published_by: organizer.id, period_starts_on: "2021-07-05",
      period_ends_on: "2021-07-09", period_ends_at: "2021-07-09T15:59:59.999Z", supersedes_id: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { competition, divisions, categories, organizer, noticeId: notice.id };
}

export type FinanceWorld = Awaited<ReturnType<typeof createFinanceWorld>>;

/** A sponsor whose contribution of `amountFen` has been received into the pool. */
export async function fundPool(db: DB, world: FinanceWorld, amountFen: number, options: { sponsorUserId?: number; name?: string; now?: Date } = {}) {
  counter += 1;
  const now = options.now ?? new Date("2021-05-10T02:00:00Z");
  const actor = { id: world.organizer.id, role: "organizer" };
  let username = "";
  if (options.sponsorUserId) {
    username = (await db.selectFrom("users").select("username").where("id", "=", options.sponsorUserId).executeTakeFirstOrThrow()).username;
  }
  const sponsor = await createSponsor(db, actor, { name: options.name ?? `赞助企业${counter}`, contact: "张经理 13900000000", username }, now);
  if (!sponsor.ok) throw new Error(JSON.stringify(sponsor));
  const pledge = await pledgeContribution(db, actor, world.competition.id, { sponsorId: sponsor.sponsorId, amount: fenToYuanInput(amountFen), pledgedOn: "2021-04-20" }, now);
  if (!pledge.ok) throw new Error(JSON.stringify(pledge));
  const received = await receiveContribution(db, actor, { contributionId: pledge.contributionId, amount: fenToYuanInput(amountFen), receivedOn: "2021-05-10", voucherNo: `PZ-${counter}-${Date.now() % 100000}` }, now);
  if (!received.ok) throw new Error(JSON.stringify(received));
  return { sponsorId: sponsor.sponsorId, contributionId: pledge.contributionId };
}

/** An applicant with an organization and a contracted proposal; returns ids. */
export async function createContractedProposal(db: DB, world: FinanceWorld, options: { applicantId?: number; title?: string; amountFen?: number } = {}) {
  counter += 1;
  const applicantId = options.applicantId ?? (await createUser(db, "applicant")).id;
  const now = new Date().toISOString();
  let org = await db.selectFrom("organizations").select("id").where("user_id", "=", applicantId).executeTakeFirst();
  org ??= await db
    .insertInto("organizations")
    .values({
      user_id: applicantId, name: `社工服务中心${counter}`, applicant_type: "social_org", credit_code: "52610116MJX000000X", filing_number: null,
      legal_rep: "王某", contact_name: "王某", contact_mobile: "13900000000", address: "长安区韦曲街道", created_at: now, updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const proposal = await db
    .insertInto("proposals")
    .values({
      competition_id: world.competition.id, organization_id: org.id, division_id: world.divisions[0].id, category_id: world.categories[1].id,
      status: "contracted", title: options.title ?? `项目${counter}`, community: "韦曲街道", beneficiaries: "老人", beneficiary_count: 100,
      goals: "目标", activities_json: "[]", budget_json: "[]", requested_fen: options.amountFen ?? 5_000_000, self_raised_fen: 0,
      created_at: now, updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { applicantId, organizationId: org.id, proposalId: proposal.id };
}

/** Inserts a signed agreement and runs the signing hook in the same transaction, as signAgreement does. */
export async function signAgreement(db: DB, world: FinanceWorld, proposalId: number, amountFen: number, now = new Date("2021-08-01T02:00:00Z")) {
  return writeTransaction(db, async (trx) => {
    const agreement = await trx
      .insertInto("agreements")
      .values({
        proposal_id: proposalId, competition_id: world.competition.id, notice_id: world.noticeId, amount_fen: amountFen,
        text: "协议文本", text_sha256: "0".repeat(64), status: "signed",
        org_signed_by: world.organizer.id, org_signed_at: now.toISOString(),
        organizer_signed_by: world.organizer.id, organizer_signed_at: now.toISOString(), created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await onAgreementSigned(trx, agreement.id, world.organizer.id, now);
    return agreement.id;
  });
}

/** Contracted proposal + signed agreement with milestones, in one call. */
export async function createSignedAgreementWithMilestones(db: DB, world: FinanceWorld, amountFen: number, options: { applicantId?: number; title?: string; now?: Date } = {}) {
  const p = await createContractedProposal(db, world, { ...options, amountFen });
  const agreementId = await signAgreement(db, world, p.proposalId, amountFen, options.now);
  const milestones = await db.selectFrom("milestones").selectAll().where("agreement_id", "=", agreementId).orderBy("seq").execute();
  return { ...p, agreementId, milestones };
}
