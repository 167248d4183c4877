// Builders for notice, objection and agreement tests (and for the ledger tests that need a signed
// agreement): rows are inserted directly, so they do not depend on the services under test.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { DEFAULT_RULES } from "../../app/domain/competition-rules";
import { createCompetition, createUser } from "./factories";

let counter = 0;
/** Usernames unique across processes (e2e fixtures share one database with other test files). */
const uniqueName = (role: string) => `${role}-n${process.pid}-${Date.now().toString(36)}-${++counter}`;
const iso = (d: Date) => d.toISOString();

/** An applicant user with an organization; returns both ids. */
export async function createApplicantOrg(db: DB, options: { name?: string; applicantId?: number } = {}) {
  counter += 1;
  const applicantId = options.applicantId ?? (await createUser(db, "applicant", { username: uniqueName("applicant") })).id;
  const now = iso(new Date());
  const existing = await db.selectFrom("organizations").select("id").where("user_id", "=", applicantId).executeTakeFirst();
  if (existing) return { applicantId, organizationId: existing.id };
  const org = await db
    .insertInto("organizations")
    .values({
      user_id: applicantId, name: options.name ?? `长安区社工服务中心${counter}`, applicant_type: "social_org",
      credit_code: "52610116MJX000000X", filing_number: null, legal_rep: "王某", contact_name: "王某",
      contact_mobile: "13900000000", address: "西安市长安区韦曲街道", created_at: now, updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { applicantId, organizationId: org.id };
}

/** `n` experts appointed to the competition (the panel whose names the notice prints). */
export async function createPanel(db: DB, competitionId: number, organizerId: number, n = 5) {
  const experts: { id: number; name: string }[] = [];
  for (let i = 0; i < n; i++) {
    counter += 1;
    const name = `专家${String.fromCharCode(0x7532 + i)}${counter}`;
    const user = await createUser(db, "expert", { display_name: name, username: uniqueName("expert") });
    await db
      .insertInto("expert_appointments")
      .values({ competition_id: competitionId, expert_id: user.id, division_id: null, letter_no: `PS-${competitionId}-${String(counter).padStart(6, "0")}`, issued_at: "2021-06-01T02:00:00.000Z", issued_by: organizerId })
      .execute();
    experts.push({ id: user.id, name });
  }
  return experts;
}

/** Splits a total (centipoints) over the default rubric in proportion to each criterion's maximum. */
function criteriaFor(totalCenti: number): Record<string, number> {
  const max = DEFAULT_RULES.rubric.reduce((s, c) => s + c.maxPoints, 0);
  const out: Record<string, number> = {};
  let left = totalCenti;
  DEFAULT_RULES.rubric.forEach((c, i) => {
    const part = i === DEFAULT_RULES.rubric.length - 1 ? left : Math.floor((totalCenti * c.maxPoints) / max);
    out[c.key] = part;
    left -= part;
  });
  return out;
}

export interface ScoredProposalInput {
  competitionId: number;
  divisionId: number;
  categoryId: number;
  experts: { id: number }[];
  title?: string;
  requestedFen?: number;
  /** every expert's desk and live total, in points; defaults give a composite of 80 */
  deskPoints?: number;
  livePoints?: number;
  applicantId?: number;
  organizationName?: string;
  status?: "passed" | "disqualified" | "contracted";
}

/** A proposal that passed initial review and was scored by every panel expert in both rounds. */
export async function createScoredProposal(db: DB, input: ScoredProposalInput) {
  counter += 1;
  const { applicantId, organizationId } = await createApplicantOrg(db, { applicantId: input.applicantId, name: input.organizationName });
  const at = "2021-06-20T02:00:00.000Z";
  const proposal = await db
    .insertInto("proposals")
    .values({
      competition_id: input.competitionId, organization_id: organizationId, division_id: input.divisionId, category_id: input.categoryId,
      status: input.status ?? "passed", title: input.title ?? `社区公益项目${counter}`, community: "韦曲街道某社区", beneficiaries: "社区老人",
      beneficiary_count: 120, goals: "提升社区服务", activities_json: "[]", budget_json: "[]",
      requested_fen: input.requestedFen ?? 5_000_000, self_raised_fen: 0, version: 1,
      first_submitted_at: "2021-05-20T02:00:00.000Z", last_submitted_at: "2021-05-20T02:00:00.000Z",
      correction_deadline_at: null, created_at: "2021-05-01T02:00:00.000Z", updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const round of ["desk", "live"] as const) {
    const points = round === "desk" ? (input.deskPoints ?? 80) : (input.livePoints ?? 80);
    for (const expert of input.experts) {
      const assignment = await db
        .insertInto("assignments")
        .values({ competition_id: input.competitionId, proposal_id: proposal.id, expert_id: expert.id, round, run_id: null, active: 1, reason: "测试数据", created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      const total = Math.round(points * 100);
      await db
        .insertInto("scores")
        .values({ assignment_id: assignment.id, criteria_json: JSON.stringify(criteriaFor(total)), total_centi: total, comment: "", status: "submitted", submitted_at: at, updated_at: at })
        .execute();
    }
  }
  return { proposalId: proposal.id, applicantId, organizationId };
}

/**
 * A competition whose review has ended, with an organizer, a 5-expert panel and `proposals`
 * scored proposals in the first division (composite scores 90, 85, 80, … so the order is known).
 */
export async function createReviewedCompetition(db: DB, options: { proposals?: number; requestedFen?: number } = {}) {
  const { competition, divisions, categories } = await createCompetition(db);
  const organizer = await createUser(db, "organizer");
  const experts = await createPanel(db, competition.id, organizer.id);
  const proposals = [];
  for (let i = 0; i < (options.proposals ?? 3); i++) {
    const points = 90 - i * 5;
    proposals.push(
      await createScoredProposal(db, {
        competitionId: competition.id, divisionId: divisions[0].id, categoryId: categories[i % categories.length].id,
        experts, title: `测试项目${i + 1}`, requestedFen: options.requestedFen ?? 5_000_000, deskPoints: points, livePoints: points,
      }),
    );
  }
  return { competition, divisions, categories, organizer, experts, proposals };
}

export interface NoticeRowInput {
  proposalId: number;
  title?: string;
  approvedFen: number;
}

/** A published notice row inserted directly (period already decided by the caller). */
export async function insertNotice(
  db: DB,
  input: {
    competitionId: number;
    publishedBy: number;
    publishedAt?: string;
    periodStartsOn?: string;
    periodEndsOn?: string;
    periodEndsAt?: string;
    rows?: NoticeRowInput[];
    version?: number;
    supersedesId?: number | null;
  },
) {
  const snapshot = {
    rows: (input.rows ?? []).map((r, i) => ({
      seq: i + 1, proposalId: r.proposalId, division: "韦曲赛区", category: "敬老孝亲", title: r.title ?? `项目${r.proposalId}`,
      applicant: "社工服务中心", approvedFen: r.approvedFen, finalScoreCenti: 8000,
    })),
    panel: ["专家甲"],
    // as a published snapshot carries them (the notice page prints both)
    totalFen: (input.rows ?? []).reduce((sum, r) => sum + r.approvedFen, 0),
    workingDays: 5,
  };
  const row = await db
    .insertInto("notices")
    .values({
      competition_id: input.competitionId, version: input.version ?? 1, title: "拟资助项目公示", body: "公示",
      snapshot_json: JSON.stringify(snapshot), sha256: "0".repeat(64),
      published_at: input.publishedAt ?? "2021-07-05T02:00:00.000Z", published_by: input.publishedBy,
      period_starts_on: input.periodStartsOn ?? "2021-07-06", period_ends_on: input.periodEndsOn ?? "2021-07-12",
      period_ends_at: input.periodEndsAt ?? "2021-07-12T15:59:59.999Z", supersedes_id: input.supersedesId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A signed agreement for a fresh contracted proposal, inserted directly: competition, organizer,
 * applicant organization, notice, and the agreement row signed by both parties.
 * With `runSigningHook`, onAgreementSigned runs in the same transaction (the pool must cover it).
 */
export async function createSignedAgreement(
  db: DB,
  options: {
    competitionId?: number;
    organizerId?: number;
    applicantId?: number;
    noticeId?: number;
    amountFen?: number;
    signedAt?: Date;
    runSigningHook?: boolean;
  } = {},
) {
  counter += 1;
  let competitionId = options.competitionId;
  let divisionId: number;
  let categoryId: number;
  if (competitionId === undefined) {
    const world = await createCompetition(db);
    competitionId = world.competition.id;
    divisionId = world.divisions[0].id;
    categoryId = world.categories[0].id;
  } else {
    divisionId = (await db.selectFrom("divisions").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").executeTakeFirstOrThrow()).id;
    categoryId = (await db.selectFrom("categories").select("id").where("competition_id", "=", competitionId).orderBy("sort_order").executeTakeFirstOrThrow()).id;
  }
  const organizerId = options.organizerId ?? (await createUser(db, "organizer")).id;
  const amountFen = options.amountFen ?? 5_000_000;
  const signedAt = options.signedAt ?? new Date("2021-07-20T02:00:00.000Z");
  const { proposalId, applicantId } = await createScoredProposal(db, {
    competitionId, divisionId, categoryId, experts: [], applicantId: options.applicantId, requestedFen: amountFen, status: "contracted",
  });
  const noticeId =
    options.noticeId ??
    (await insertNotice(db, {
      competitionId, publishedBy: organizerId, version: 1 + Number((await db.selectFrom("notices").select((eb) => eb.fn.countAll<number>().as("n")).where("competition_id", "=", competitionId).executeTakeFirstOrThrow()).n),
      rows: [{ proposalId, approvedFen: amountFen }],
    }));
  const text = `公益创投项目资助协议（测试）${counter}`;
  const { createHash } = await import("node:crypto");
  const agreementId = await writeTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("agreements")
      .values({
        proposal_id: proposalId, competition_id: competitionId, notice_id: noticeId, amount_fen: amountFen,
        text, text_sha256: createHash("sha256").update(text, "utf8").digest("hex"), status: "signed",
        org_signed_by: applicantId, org_signed_at: iso(signedAt), organizer_signed_by: organizerId, organizer_signed_at: iso(signedAt),
        created_at: iso(signedAt),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (options.runSigningHook) {
      const { onAgreementSigned } = await import("../../app/services/disbursement.server");
      await onAgreementSigned(trx, row.id, organizerId, signedAt);
    }
    return row.id;
  });
  return { agreementId, proposalId, applicantId, organizerId, competitionId, noticeId, amountFen };
}
