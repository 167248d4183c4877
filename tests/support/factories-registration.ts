// Builders for registration tests and for later stages that need real submitted proposals
// (initial review, ranking, notice): everything goes through the registration services, so a
// proposal made here has a profile, a frozen version with its SHA-256 and a timeline.
import type { DB } from "../../db/connection";
import type { Competition, ProposalStatus } from "../../db/schema";
import type { ApplicantType } from "../../app/domain/competition-rules";
import { creditCodeCheckCharacter } from "../../app/domain/credit-code";
import type { ProposalContent } from "../../app/domain/proposal-rules";
import { saveOrganizationProfile } from "../../app/services/organizations.server";
import { createDraftProposal, saveProposalDraft, submitProposal } from "../../app/services/proposals.server";
import { toFormValues } from "../../app/schemas/proposal";
import { createUser } from "./factories";

let counter = 0;
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Usernames unique across processes (e2e fixtures share one database with other test files). */
export function uniqueUsername(prefix = "applicant") {
  counter += 1;
  return `${prefix}-r${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A valid 统一社会信用代码 of a Chang'an-registered 社会服务机构 (52 610116 …), different for each n. */
export function validCreditCode(n: number = ++counter): string {
  let org = "";
  let x = Math.abs(Math.trunc(n));
  for (let i = 0; i < 9; i++) {
    org = CHARSET[x % 31] + org;
    x = Math.floor(x / 31);
  }
  const first17 = `52610116${org}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Profile form input for an applicant of `type`. */
export function profileInput(type: ApplicantType = "social_org", overrides: Record<string, unknown> = {}) {
  counter += 1;
  const base = {
    name: `长安区${type === "resident_team" ? "邻里互助队" : type === "community_group" ? "社区志愿者协会" : "社工服务中心"}${counter}`,
    applicantType: type,
    creditCode: type === "social_org" ? validCreditCode(counter + 1000) : "",
    filingNumber: type === "community_group" ? `长安备字${2021000 + counter}` : "",
    legalRep: type === "social_org" ? "王芳" : "",
    contactName: "王芳",
    contactMobile: "13800000004",
    address: "西安市长安区韦曲街道",
    members:
      type === "resident_team"
        ? [
            { name: "张三", mobile: "13900000001" },
            { name: "李四", mobile: "13900000002" },
            { name: "王五", mobile: "13900000003" },
          ]
        : [],
  };
  return { ...base, ...overrides };
}

type CompetitionFixture = { competition: Competition; divisions: { id: number }[]; categories: { id: number }[] };

async function fixtureOf(db: DB, c: CompetitionFixture | Competition): Promise<CompetitionFixture> {
  if ("competition" in c) return c;
  const divisions = await db.selectFrom("divisions").select("id").where("competition_id", "=", c.id).orderBy("sort_order").execute();
  const categories = await db.selectFrom("categories").select("id").where("competition_id", "=", c.id).orderBy("sort_order").execute();
  return { competition: c, divisions, categories };
}

/** A proposal that meets the default rules: 70 % activity, 30 % personnel, everything requested. */
export function validContent(fixture: { divisions: { id: number }[]; categories: { id: number }[] }, overrides: Partial<ProposalContent> & { divisionIndex?: number; categoryIndex?: number } = {}): ProposalContent {
  const { divisionIndex = 0, categoryIndex = 0, ...rest } = overrides;
  const requested = rest.requested ?? 50_000_00;
  const selfRaised = rest.selfRaised ?? 0;
  const total = requested + selfRaised;
  const personnel = Math.floor((total * 3) / 10);
  return {
    title: "垃圾分类积分兑换进小区",
    divisionId: fixture.divisions[divisionIndex].id,
    categoryId: fixture.categories[categoryIndex].id,
    community: "韦曲街道青年路社区",
    beneficiaries: "小区居民，重点是老年人和儿童",
    beneficiaryCount: 800,
    goals: "半年内使小区垃圾分类准确率达到 80%",
    activities: [
      { name: "入户宣传", startOn: "2021-08-01", endOn: "2021-09-30", description: "志愿者逐户讲解分类方法" },
      { name: "积分兑换日", startOn: "2021-10-01", endOn: "2021-12-31", description: "每月一次积分兑换" },
    ],
    budget: [
      { category: "personnel", item: "社工劳务", amount: personnel },
      { category: "activity", item: "宣传与兑换活动", amount: total - personnel },
    ],
    requested,
    selfRaised,
    ...rest,
  };
}

/** A time inside the competition's registration window: `preferred` if it is inside, else one hour after it opens. */
export function insideWindow(competition: Competition, preferred: Date = new Date()): Date {
  const t = preferred.getTime();
  if (t >= Date.parse(competition.registration_opens_at) && t <= Date.parse(competition.registration_closes_at)) return preferred;
  return new Date(Date.parse(competition.registration_opens_at) + 60 * 60 * 1000);
}

export interface ApplicantWithProposalOptions {
  status?: Extract<ProposalStatus, "draft" | "submitted" | "returned" | "passed" | "rejected">;
  applicantType?: ApplicantType;
  /** a user to own the organization; a new applicant otherwise */
  applicantId?: number;
  organizationName?: string;
  content?: Partial<ProposalContent> & { divisionIndex?: number; categoryIndex?: number };
  /** when the proposal is submitted; must fall in the registration window (default: inside it) */
  now?: Date;
  correctionDeadlineAt?: string | null;
}

/**
 * An applicant (user + profile) with one proposal in `competition`, made by the real services.
 * `status` beyond "submitted" (returned/passed/rejected) is set as initial review would, with its event.
 */
export async function createApplicantWithProposal(db: DB, competition: CompetitionFixture | Competition, options: ApplicantWithProposalOptions = {}) {
  const fixture = await fixtureOf(db, competition);
  const type = options.applicantType ?? "social_org";
  const applicantId = options.applicantId ?? (await createUser(db, "applicant", { username: uniqueUsername() })).id;
  const actor = { id: applicantId, role: "applicant" };
  const now = insideWindow(fixture.competition, options.now);
  const profile = await saveOrganizationProfile(db, actor, profileInput(type, options.organizationName ? { name: options.organizationName } : {}), now);
  if (!profile.ok) throw new Error(`profile refused: ${JSON.stringify(profile.fieldErrors)}`);
  const draft = await createDraftProposal(db, actor, fixture.competition.id, now);
  if (!draft.ok) throw new Error(`draft refused: ${JSON.stringify(draft.fieldErrors)}`);
  const maxGrant = type === "social_org" ? 50_000_00 : type === "community_group" ? 30_000_00 : 20_000_00;
  const content = validContent(fixture, { requested: maxGrant, ...options.content });
  const status = options.status ?? "submitted";
  let version = 0;
  let sha256: string | null = null;
  if (status === "draft") {
    const saved = await saveProposalDraft(db, actor, draft.proposalId, content, now);
    if (!saved.ok) throw new Error(`draft save refused: ${JSON.stringify(saved.fieldErrors)}`);
  } else {
    const submitted = await submitProposal(db, actor, draft.proposalId, content, now);
    if (!submitted.ok) throw new Error(`submission refused: ${JSON.stringify(submitted.fieldErrors)}`);
    version = submitted.version;
    sha256 = submitted.sha256;
    if (status !== "submitted") {
      const later = new Date(now.getTime() + 60 * 1000);
      await db
        .updateTable("proposals")
        .set({ status, correction_deadline_at: status === "returned" ? (options.correctionDeadlineAt ?? null) : null, updated_at: later.toISOString() })
        .where("id", "=", draft.proposalId)
        .execute();
      await db.insertInto("proposal_events").values({ proposal_id: draft.proposalId, at: later.toISOString(), actor_id: null, kind: status, note: null }).execute();
    }
  }
  const proposal = await db.selectFrom("proposals").selectAll().where("id", "=", draft.proposalId).executeTakeFirstOrThrow();
  return { applicantId, organizationId: profile.organizationId, proposalId: draft.proposalId, proposal, content, version, sha256 };
}

/** Nested form values → the flat `budget.0.amount` fields a browser posts (for calling route actions). */
export function flattenFormFields(value: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) value.forEach((v, i) => Object.assign(out, flattenFormFields(v, `${prefix}${i}.`)));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) Object.assign(out, flattenFormFields(v, `${prefix}${k}.`));
  } else out[prefix.slice(0, -1)] = value === null || value === undefined ? "" : String(value);
  return out;
}

/** The proposal form as a browser posts it: 元 amounts as typed text, rows as `activities.0.name`. */
export function proposalFormFields(content: ProposalContent): Record<string, string> {
  return flattenFormFields(toFormValues(content));
}
