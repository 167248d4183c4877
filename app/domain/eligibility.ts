// Who may submit (申报资格): the applicant type is open in this competition, the profile is complete
// for that type, a resident team names enough members, and the per-applicant proposal limit holds.
import type { ApplicantType, CompetitionRules } from "./competition-rules";
import { creditCodeProblem } from "./credit-code";
import { isValidMobile } from "./mobile";
import type { Violation } from "./proposal-rules";

export interface ApplicantProfile {
  applicantType: ApplicantType;
  name: string;
  creditCode: string | null;
  filingNumber: string | null;
  legalRep: string | null;
  contactName: string;
  contactMobile: string;
  teamMemberCount: number;
}

export function checkEligibility(
  profile: ApplicantProfile | null,
  rules: CompetitionRules,
  /** proposals of this applicant in this competition already submitted (any status past draft), this one excluded */
  otherSubmittedCount: number,
): Violation[] {
  if (!profile) return [{ path: "_form", key: "registration.rule.noProfile" }];
  const v: Violation[] = [];
  if (!rules.applicantTypes[profile.applicantType].enabled) {
    v.push({ path: "_form", key: "registration.rule.typeNotAccepted", params: { applicantType: profile.applicantType } });
  }
  const incomplete =
    profile.name.trim() === "" ||
    profile.contactName.trim() === "" ||
    !isValidMobile(profile.contactMobile) ||
    (profile.applicantType === "social_org" && (!profile.creditCode || creditCodeProblem(profile.creditCode) !== null || !profile.legalRep)) ||
    (profile.applicantType === "community_group" && !profile.filingNumber);
  if (incomplete) v.push({ path: "_form", key: "registration.rule.profileIncomplete" });
  if (profile.applicantType === "resident_team" && profile.teamMemberCount < rules.minTeamMembers) {
    v.push({ path: "_form", key: "registration.rule.teamTooSmall", params: { min: rules.minTeamMembers, count: profile.teamMemberCount } });
  }
  if (otherSubmittedCount >= rules.maxProposalsPerApplicant) {
    v.push({ path: "_form", key: "registration.rule.tooManyProposals", params: { max: rules.maxProposalsPerApplicant } });
  }
  return v;
}
