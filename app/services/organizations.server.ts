// Applicant profiles (申报主体信息): one organization per applicant account; resident teams list members.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import type { ApplicantProfile } from "../domain/eligibility";
import { organizationSchema } from "../schemas/organization";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";

export type Actor = { id: number; role: string };
export type Failure = { ok: false; status: 400 | 403 | 404 | 409 | 413; fieldErrors: Record<string, string> };

export async function loadOrganizationProfile(db: DB, userId: number) {
  const organization = await db.selectFrom("organizations").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!organization) return null;
  const members = await db
    .selectFrom("team_members")
    .select(["name", "mobile"])
    .where("organization_id", "=", organization.id)
    .orderBy("sort_order")
    .execute();
  return { organization, members };
}

/** The profile as the eligibility rules see it. */
export function toApplicantProfile(p: NonNullable<Awaited<ReturnType<typeof loadOrganizationProfile>>>): ApplicantProfile {
  const o = p.organization;
  return {
    applicantType: o.applicant_type,
    name: o.name,
    creditCode: o.credit_code,
    filingNumber: o.filing_number,
    legalRep: o.legal_rep,
    contactName: o.contact_name,
    contactMobile: o.contact_mobile,
    teamMemberCount: p.members.length,
  };
}

/**
 * Creates or updates the applicant's profile. The applicant type cannot change once a proposal has
 * been submitted: the grant ceiling and eligibility it was judged by would no longer hold.
 */
export async function saveOrganizationProfile(
  db: DB,
  actor: Actor,
  input: unknown,
  now: Date,
  options: { minTeamMembers?: number } = {},
): Promise<{ ok: true; organizationId: number } | Failure> {
  if (actor.role !== "applicant") return { ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } };
  const parsed = parseWithSchema(organizationSchema(options.minTeamMembers), input);
  if (!parsed.success) return { ok: false, status: 400, fieldErrors: parsed.fieldErrors };
  const v = parsed.data;
  return writeTransaction(db, async (trx) => {
    const before = await trx.selectFrom("organizations").selectAll().where("user_id", "=", actor.id).executeTakeFirst();
    if (before && before.applicant_type !== v.applicantType) {
      const submitted = await trx
        .selectFrom("proposals")
        .select("id")
        .where("organization_id", "=", before.id)
        .where("status", "!=", "draft")
        .executeTakeFirst();
      if (submitted) return { ok: false as const, status: 409 as const, fieldErrors: { applicantType: "registration.profile.lockedType" } };
    }
    const columns = {
      name: v.name,
      applicant_type: v.applicantType,
      credit_code: v.creditCode,
      filing_number: v.filingNumber,
      legal_rep: v.legalRep,
      contact_name: v.contactName,
      contact_mobile: v.contactMobile,
      address: v.address,
      updated_at: now.toISOString(),
    };
    let organizationId: number;
    if (before) {
      await trx.updateTable("organizations").set(columns).where("id", "=", before.id).execute();
      organizationId = before.id;
    } else {
      const row = await trx
        .insertInto("organizations")
        .values({ ...columns, user_id: actor.id, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      organizationId = row.id;
    }
    await trx.deleteFrom("team_members").where("organization_id", "=", organizationId).execute();
    if (v.members.length > 0) {
      await trx
        .insertInto("team_members")
        .values(v.members.map((m, i) => ({ organization_id: organizationId, name: m.name, mobile: m.mobile, sort_order: i + 1 })))
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: before ? "organization.update" : "organization.create",
      entityType: "organization",
      entityId: organizationId,
      before: before ?? undefined,
      after: { ...columns, members: v.members.length },
      now,
    });
    return { ok: true as const, organizationId };
  });
}
