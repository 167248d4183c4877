// Proposals (项目申报书): drafts saved at any time, submission only inside the registration window
// (server clock, inside the write transaction), every rule enforced, a frozen fingerprinted version per
// submission, and a status timeline the applicant sees.
import { createHash } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { Proposal } from "../../db/schema";
import { parseRules } from "../domain/competition-rules";
import { checkEligibility } from "../domain/eligibility";
import { canonicalJson, isEditableByApplicant, submissionRefusal } from "../domain/proposal-lifecycle";
import type { ProposalBudgetLine, ProposalContent, Violation } from "../domain/proposal-rules";
import { checkProposal } from "../domain/proposal-rules";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { formatViolation, proposalContentSchema } from "../schemas/proposal";
import { zodFieldErrors } from "../utils/forms";
import { recordAudit } from "./audit.server";
import type { Actor, Failure } from "./organizations.server";
import { loadOrganizationProfile, toApplicantProfile } from "./organizations.server";
import { clockFor } from "../domain/clock";
import { once } from "./once.server";

export type { Actor, Failure };

const forbidden = (): Failure => ({ ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } });
const notFound = (): Failure => ({ ok: false, status: 404, fieldErrors: { _form: "error.notFound" } });

export function emptyContent(): ProposalContent {
  return {
    title: "", divisionId: null, categoryId: null, community: "", beneficiaries: "", beneficiaryCount: 0, goals: "",
    activities: [], budget: [], requested: 0, selfRaised: 0,
  };
}

/** The stored row → the content the form and the rules work on. budget_json keeps `amountFen`. */
export function proposalContent(p: Proposal): ProposalContent {
  const budget = (JSON.parse(p.budget_json) as { category: ProposalBudgetLine["category"]; item: string; amountFen: number }[]).map(
    (l) => ({ category: l.category, item: l.item, amount: l.amountFen }),
  );
  return {
    title: p.title,
    divisionId: p.division_id,
    categoryId: p.category_id,
    community: p.community,
    beneficiaries: p.beneficiaries,
    beneficiaryCount: p.beneficiary_count,
    goals: p.goals,
    activities: JSON.parse(p.activities_json),
    budget,
    requested: p.requested_fen,
    selfRaised: p.self_raised_fen,
  };
}

function contentColumns(c: ProposalContent) {
  return {
    title: c.title,
    division_id: c.divisionId,
    category_id: c.categoryId,
    community: c.community,
    beneficiaries: c.beneficiaries,
    beneficiary_count: c.beneficiaryCount,
    goals: c.goals,
    activities_json: JSON.stringify(c.activities),
    budget_json: JSON.stringify(c.budget.map((l) => ({ category: l.category, item: l.item, amountFen: l.amount }))),
    requested_fen: c.requested,
    self_raised_fen: c.selfRaised,
  };
}

function violationsFailure(violations: Violation[], status: 400 | 409 = 400): Failure {
  const fieldErrors: Record<string, string> = {};
  for (const v of violations) fieldErrors[v.path] ??= formatViolation(v);
  return { ok: false, status, fieldErrors };
}

function parseContent(input: unknown): { ok: true; content: ProposalContent } | Failure {
  const parsed = proposalContentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, fieldErrors: zodFieldErrors(parsed.error) };
  return { ok: true, content: parsed.data };
}

/** The proposal if `actor` is the applicant who owns it (anyone else: undefined, shown as 404). */
async function ownProposal(db: DB, actor: Actor, proposalId: number) {
  if (!Number.isInteger(proposalId)) return undefined;
  return db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .selectAll("proposals")
    .where("proposals.id", "=", proposalId)
    .where("organizations.user_id", "=", actor.id)
    .executeTakeFirst();
}

async function addEvent(trx: DB, proposalId: number, actorId: number | null, kind: string, now: Date, note: string | null = null) {
  await trx.insertInto("proposal_events").values({ proposal_id: proposalId, at: now.toISOString(), actor_id: actorId, kind, note }).execute();
}

/** Starts an empty draft for a competition that is accepting proposals. Needs a profile first. */
export async function createDraftProposal(
  db: DB,
  actor: Actor,
  competitionId: number,
  now: Date,
  formKey?: unknown,
): Promise<{ ok: true; proposalId: number } | Failure> {
  if (actor.role !== "applicant") return forbidden();
  return writeTransaction(db, (trx) => once(trx, { key: formKey, action: `proposal.create.${competitionId}`, userId: actor.id }, now, async () => {
    const competition = await trx.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
    if (!competition || competition.status !== "published") return notFound();
    now = clockFor(competition, now); // a rehearsal (演练) runs on its own clock
    if (now.getTime() > Date.parse(competition.registration_closes_at)) {
      return { ok: false as const, status: 409 as const, fieldErrors: { _form: t("registration.submit.closed", { at: formatShanghai(competition.registration_closes_at) }) } };
    }
    const organization = await trx.selectFrom("organizations").select("id").where("user_id", "=", actor.id).executeTakeFirst();
    if (!organization) return { ok: false as const, status: 409 as const, fieldErrors: { _form: "registration.error.profileMissing" } };
    const at = now.toISOString();
    const row = await trx
      .insertInto("proposals")
      .values({
        ...contentColumns(emptyContent()),
        competition_id: competitionId,
        organization_id: organization.id,
        status: "draft",
        first_submitted_at: null,
        last_submitted_at: null,
        correction_deadline_at: null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await addEvent(trx, row.id, actor.id, "created", now);
    await recordAudit(trx, { actorId: actor.id, action: `proposal.create.${competitionId}`, entityType: "proposal", entityId: row.id, after: { competitionId }, now });
    return { ok: true as const, proposalId: row.id };
  }));
}

/** Saves whatever the applicant has typed; only the shape is checked. Allowed while draft or returned. */
export async function saveProposalDraft(
  db: DB,
  actor: Actor,
  proposalId: number,
  input: unknown,
  now: Date,
): Promise<{ ok: true } | Failure> {
  if (actor.role !== "applicant") return forbidden();
  return writeTransaction(db, async (trx) => {
    // Ownership first: someone else's proposal is 404 whatever was posted.
    const proposal = await ownProposal(trx, actor, proposalId);
    if (!proposal) return notFound();
    const parsed = parseContent(input);
    if (!parsed.ok) return parsed;
    if (!isEditableByApplicant(proposal.status)) {
      return { ok: false as const, status: 409 as const, fieldErrors: { _form: "registration.error.notEditable" } };
    }
    // A draft may leave the division or category empty, but never point at one of another competition (or none: id 0).
    const { divisionId, categoryId } = parsed.content;
    const [division, category] = await Promise.all([
      divisionId === null ? true : trx.selectFrom("divisions").select("id").where("id", "=", divisionId).where("competition_id", "=", proposal.competition_id).executeTakeFirst(),
      categoryId === null ? true : trx.selectFrom("categories").select("id").where("id", "=", categoryId).where("competition_id", "=", proposal.competition_id).executeTakeFirst(),
    ]);
    if (!division) return { ok: false as const, status: 400 as const, fieldErrors: { divisionId: "registration.rule.unknownDivision" } };
    if (!category) return { ok: false as const, status: 400 as const, fieldErrors: { categoryId: "registration.rule.unknownCategory" } };
    const columns = contentColumns(parsed.content);
    await trx.updateTable("proposals").set({ ...columns, updated_at: now.toISOString() }).where("id", "=", proposalId).execute();
    await recordAudit(trx, { actorId: actor.id, action: "proposal.saveDraft", entityType: "proposal", entityId: proposalId, after: columns, now });
    return { ok: true as const };
  });
}

/**
 * Submits a draft (or resubmits a proposal returned for 补正): optionally saves `input` first, then,
 * in the same write transaction, judges the window on the server clock, checks eligibility and every
 * rule, freezes version N+1 with its SHA-256, and records the event. A refusal writes nothing.
 */
export async function submitProposal(
  db: DB,
  actor: Actor,
  proposalId: number,
  input: unknown | undefined,
  now: Date,
  formKey?: unknown,
): Promise<{ ok: true; version: number; sha256: string } | Failure> {
  if (actor.role !== "applicant") return forbidden();
  return writeTransaction(db, (trx) => once(trx, { key: formKey, action: `proposal.submit.${proposalId}`, userId: actor.id }, now, async () => {
    // Ownership first: someone else's proposal is 404 whatever was posted.
    const proposal = await ownProposal(trx, actor, proposalId);
    if (!proposal) return notFound();
    let given: ProposalContent | undefined;
    if (input !== undefined) {
      const parsed = parseContent(input);
      if (!parsed.ok) return parsed;
      given = parsed.content;
    }
    const competition = await trx.selectFrom("competitions").selectAll().where("id", "=", proposal.competition_id).executeTakeFirstOrThrow();
    now = clockFor(competition, now); // a rehearsal (演练) runs on its own clock
    const refusal = submissionRefusal(proposal, competition, now);
    if (refusal) {
      const message =
        refusal === "closed"
          ? t("registration.submit.closed", { at: formatShanghai(competition.registration_closes_at) })
          : refusal === "notOpenYet"
            ? t("registration.submit.notOpenYet", { at: formatShanghai(competition.registration_opens_at) })
            : refusal === "correctionClosed"
              ? t("registration.submit.correctionClosed", { at: formatShanghai(proposal.correction_deadline_at!) })
              : t("registration.submit.notEditable");
      return { ok: false as const, status: 409 as const, fieldErrors: { _form: message } };
    }
    // once the notice of funded projects is out, the competition takes no more applications, whatever its dates say
    if (proposal.first_submitted_at === null && (await trx.selectFrom("notices").select("id").where("competition_id", "=", competition.id).limit(1).executeTakeFirst())) {
      return { ok: false as const, status: 409 as const, fieldErrors: { _form: t("rules.dates.noticePublished") } };
    }
    const rules = parseRules(competition.rules_json);
    const profile = await loadOrganizationProfile(trx, actor.id);
    const others = await trx
      .selectFrom("proposals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organization_id", "=", proposal.organization_id)
      .where("competition_id", "=", competition.id)
      .where("status", "!=", "draft")
      .where("id", "!=", proposal.id)
      .executeTakeFirstOrThrow();
    const eligibility = checkEligibility(profile ? toApplicantProfile(profile) : null, rules, Number(others.n));
    if (eligibility.length > 0) return violationsFailure(eligibility);

    const content = given ?? proposalContent(proposal);
    const [divisions, categories] = await Promise.all([
      trx.selectFrom("divisions").select("id").where("competition_id", "=", competition.id).execute(),
      trx.selectFrom("categories").select("id").where("competition_id", "=", competition.id).execute(),
    ]);
    const violations = checkProposal(content, {
      rules,
      applicantType: profile!.organization.applicant_type,
      divisionIds: divisions.map((d) => d.id),
      categoryIds: categories.map((c) => c.id),
    });
    if (violations.length > 0) return violationsFailure(violations);

    const version = proposal.version + 1;
    const attachments = await trx
      .selectFrom("attachments")
      .select(["id", "original_name", "mime", "size_bytes", "sha256"])
      .where("owner_type", "=", "proposal")
      .where("owner_id", "=", proposal.id)
      .orderBy("id")
      .execute();
    const o = profile!.organization;
    const snapshot = {
      proposalId: proposal.id,
      competitionId: competition.id,
      version,
      submittedAt: now.toISOString(),
      applicant: {
        organizationId: o.id, name: o.name, applicantType: o.applicant_type, creditCode: o.credit_code,
        filingNumber: o.filing_number, legalRep: o.legal_rep, contactName: o.contact_name, contactMobile: o.contact_mobile,
        address: o.address, members: profile!.members,
      },
      content,
      attachments,
    };
    const snapshotJson = canonicalJson(snapshot);
    const sha256 = createHash("sha256").update(snapshotJson).digest("hex");
    await trx
      .insertInto("proposal_versions")
      .values({ proposal_id: proposal.id, version, snapshot_json: snapshotJson, sha256, submitted_at: now.toISOString(), submitted_by: actor.id })
      .execute();
    const at = now.toISOString();
    const updated = await trx
      .updateTable("proposals")
      .set({
        ...contentColumns(content),
        status: "submitted",
        version,
        first_submitted_at: proposal.first_submitted_at ?? at,
        last_submitted_at: at,
        updated_at: at,
      })
      .where("id", "=", proposal.id)
      .where("status", "=", proposal.status) // the state we judged is the state we change
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Error("proposal changed during submission");
    const kind = proposal.status === "returned" ? "resubmitted" : "submitted";
    await addEvent(trx, proposal.id, actor.id, kind, now, `v${version} ${sha256.slice(0, 12)}`);
    await recordAudit(trx, {
      actorId: actor.id,
      action: `proposal.${kind}`,
      entityType: "proposal",
      entityId: proposal.id,
      before: { status: proposal.status, version: proposal.version },
      after: { status: "submitted", version, sha256 },
      now,
    });
    return { ok: true as const, version, sha256 };
  }));
}

/** Everything the applicant's proposal page shows, or null if it is not this applicant's. */
export async function loadApplicantProposal(db: DB, actor: Actor, proposalId: number) {
  const proposal = await ownProposal(db, actor, proposalId);
  if (!proposal) return null;
  const [competition, events, versions, attachments, profile, lastReview] = await Promise.all([
    db.selectFrom("competitions").selectAll().where("id", "=", proposal.competition_id).executeTakeFirstOrThrow(),
    db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", proposal.id).orderBy("id").execute(),
    db.selectFrom("proposal_versions").select(["version", "sha256", "submitted_at"]).where("proposal_id", "=", proposal.id).orderBy("version").execute(),
    db
      .selectFrom("attachments")
      .select(["id", "original_name", "mime", "size_bytes", "created_at"])
      .where("owner_type", "=", "proposal")
      .where("owner_id", "=", proposal.id)
      .orderBy("id")
      .execute(),
    loadOrganizationProfile(db, actor.id),
    // the latest 初审 decision: its reasons head the page while the proposal is returned (补正) or refused
    db
      .selectFrom("initial_reviews")
      .select(["decision", "reasons", "correction_deadline_at", "created_at"])
      .where("proposal_id", "=", proposal.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const [divisions, categories] = await Promise.all([
    db.selectFrom("divisions").select(["id", "name"]).where("competition_id", "=", competition.id).orderBy("sort_order").execute(),
    db.selectFrom("categories").select(["id", "name"]).where("competition_id", "=", competition.id).orderBy("sort_order").execute(),
  ]);
  return {
    proposal,
    content: proposalContent(proposal),
    competition,
    rules: parseRules(competition.rules_json),
    divisions,
    categories,
    events,
    versions,
    attachments,
    applicantType: profile?.organization.applicant_type ?? null,
    lastReview: lastReview ?? null,
  };
}

/** The applicant's proposals, newest first. */
export async function listApplicantProposals(db: DB, userId: number) {
  return db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .innerJoin("competitions", "competitions.id", "proposals.competition_id")
    .select([
      "proposals.id", "proposals.title", "proposals.status", "proposals.version", "proposals.requested_fen",
      "proposals.last_submitted_at", "proposals.updated_at", "competitions.name as competition_name", "competitions.is_rehearsal",
    ])
    .where("organizations.user_id", "=", userId)
    .orderBy("proposals.id", "desc")
    .execute();
}

/** Published competitions whose registration window has not closed (each judged on its own clock: a rehearsal's may run ahead). */
export async function listOpenCompetitions(db: DB, now: Date) {
  const rows = await db
    .selectFrom("competitions")
    .select(["id", "name", "registration_opens_at", "registration_closes_at", "is_rehearsal", "clock_offset_seconds"])
    .where("status", "=", "published")
    .where((eb) => eb.or([eb("registration_closes_at", ">=", now.toISOString()), eb("is_rehearsal", "=", 1)]))
    .orderBy("registration_closes_at")
    .execute();
  return rows.filter((c) => clockFor(c, now).getTime() <= Date.parse(c.registration_closes_at));
}
