// Builders for review tests: proposals inserted directly (submitted or passed), a competition whose
// review stage is open at a given instant, and an appointed panel.
import type { DB } from "../../db/connection";
import type { ProposalStatus } from "../../db/schema";
import { type CompetitionRules, DEFAULT_RULES } from "../../app/domain/competition-rules";
import { createCompetition, createUser } from "./factories";

let counter = 0;
const unique = (role: string) => `${role}-r${process.pid}-${Date.now().toString(36)}-${++counter}`;

export async function createOrganization(db: DB, name?: string) {
  counter += 1;
  const user = await createUser(db, "applicant", { username: unique("applicant") });
  const now = new Date().toISOString();
  const org = await db
    .insertInto("organizations")
    .values({
      user_id: user.id, name: name ?? `长安区测试社工服务中心${counter}`, applicant_type: "social_org", credit_code: "52610116MJX000000X",
      filing_number: null, legal_rep: "张某", contact_name: "张某", contact_mobile: "13900000001", address: "西安市长安区郭杜街道",
      created_at: now, updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { applicantId: user.id, organizationId: org.id };
}

export async function createProposalRow(
  db: DB,
  input: { competitionId: number; divisionId: number; categoryId: number; organizationId?: number; status?: ProposalStatus; requestedFen?: number; title?: string; firstSubmittedAt?: string },
) {
  counter += 1;
  const organizationId = input.organizationId ?? (await createOrganization(db)).organizationId;
  const at = input.firstSubmittedAt ?? "2021-05-20T02:00:00.000Z";
  const row = await db
    .insertInto("proposals")
    .values({
      competition_id: input.competitionId, organization_id: organizationId, division_id: input.divisionId, category_id: input.categoryId,
      status: input.status ?? "submitted", title: input.title ?? `社区互助项目${counter}`, community: "郭杜街道某社区", beneficiaries: "社区独居老人",
      beneficiary_count: 80, goals: "为独居老人提供每周探访", activities_json: JSON.stringify([{ name: "入户探访", startOn: "2021-08-01", endOn: "2021-12-31", description: "每周一次" }]),
      budget_json: JSON.stringify([{ category: "activity", item: "活动物资", amountFen: input.requestedFen ?? 3_000_000 }]),
      requested_fen: input.requestedFen ?? 3_000_000, self_raised_fen: 0, version: 1, first_submitted_at: at, last_submitted_at: at,
      correction_deadline_at: null, created_at: "2021-05-01T02:00:00.000Z", updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { proposalId: row.id, organizationId };
}

/**
 * A competition whose expert-review stage is open at `now` (review_starts_at one day earlier,
 * review_ends_at ten days later), its organizer and reviewer, and `experts` appointed experts
 * (division: all). Rules may be overridden (e.g. one desk round).
 */
export async function createReviewWorld(db: DB, options: { now?: Date; experts?: number; review?: Partial<CompetitionRules["review"]>; selection?: Partial<CompetitionRules["selection"]> } = {}) {
  const now = options.now ?? new Date();
  const { competition, divisions, categories } = await createCompetition(db, { now });
  const day = 86_400_000;
  const rules: CompetitionRules = {
    ...DEFAULT_RULES,
    review: { ...DEFAULT_RULES.review, ...options.review },
    selection: { ...DEFAULT_RULES.selection, ...options.selection },
  };
  await db
    .updateTable("competitions")
    .set({
      rules_json: JSON.stringify(rules),
      registration_opens_at: new Date(now.getTime() - 40 * day).toISOString(),
      registration_closes_at: new Date(now.getTime() - 20 * day).toISOString(),
      initial_review_ends_at: new Date(now.getTime() - 10 * day).toISOString(),
      review_starts_at: new Date(now.getTime() - day).toISOString(),
      review_ends_at: new Date(now.getTime() + 10 * day).toISOString(),
      signing_ends_at: new Date(now.getTime() + 40 * day).toISOString(),
      implementation_ends_at: new Date(now.getTime() + 200 * day).toISOString(),
    })
    .where("id", "=", competition.id)
    .execute();
  const organizer = await createUser(db, "organizer", { username: unique("organizer") });
  const reviewer = await createUser(db, "reviewer", { username: unique("reviewer") });
  const experts = [];
  for (let i = 0; i < (options.experts ?? 5); i++) {
    const user = await createUser(db, "expert", { username: unique("expert"), display_name: `评审专家${i + 1}号` });
    await db
      .insertInto("expert_appointments")
      .values({ competition_id: competition.id, expert_id: user.id, division_id: null, letter_no: `T${competition.id}-PS-${String(i + 1).padStart(3, "0")}`, issued_at: now.toISOString(), issued_by: organizer.id })
      .execute();
    experts.push(user);
  }
  return { competition, divisions, categories, rules, organizer, reviewer, experts, now };
}

/** An active assignment row (round desk unless given). */
export async function assign(db: DB, input: { competitionId: number; proposalId: number; expertId: number; round?: "desk" | "live" }) {
  const at = new Date().toISOString();
  const row = await db
    .insertInto("assignments")
    .values({ competition_id: input.competitionId, proposal_id: input.proposalId, expert_id: input.expertId, round: input.round ?? "desk", run_id: null, active: 1, reason: "测试", created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Form fields of a complete score sheet over the default rubric: each criterion at `fraction` of its maximum, in half points. */
export function fullSheet(fraction = 0.8, comment = "项目需求清楚，设计可行，预算基本合理。"): Record<string, string> {
  const fields: Record<string, string> = { comment };
  for (const c of DEFAULT_RULES.rubric) fields[`criteria.${c.key}`] = String(Math.round(c.maxPoints * fraction * 2) / 2);
  return fields;
}
