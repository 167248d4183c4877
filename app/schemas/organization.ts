// The applicant profile form (申报主体信息), shared by the browser and the server.
// A social organization gives its 统一社会信用代码 (check character verified) and legal representative,
// a community group its filing number, a resident team the names and mobiles of its members.
import { z } from "zod";
import { APPLICANT_TYPES, DEFAULT_RULES } from "../domain/competition-rules";
import { creditCodeProblem, isCivilAffairsRegistration, normalizeCreditCode } from "../domain/credit-code";
import { isValidMobile, normalizeMobile } from "../domain/mobile";
import { t } from "../i18n";
import { mobileField as mobile } from "./mobile";

const text = (max: number) => z.string().trim().max(max, "registration.rule.tooLong").default("");

export function organizationSchema(minTeamMembers: number = DEFAULT_RULES.minTeamMembers) {
  return z
    .object({
      name: z.string().trim().min(2, "auth.displayNameRequired").max(60, "auth.displayNameRequired"),
      applicantType: z.enum(APPLICANT_TYPES, "registration.rule.required"),
      creditCode: z.string().default("").transform(normalizeCreditCode),
      filingNumber: text(40),
      legalRep: text(30),
      contactName: z.string().trim().min(1, "registration.rule.required").max(30, "registration.rule.tooLong"),
      contactMobile: mobile,
      address: z.string().trim().min(1, "registration.rule.required").max(200, "registration.rule.tooLong"),
      // Rows left completely empty in the form are ignored.
      members: z
        .array(z.object({ name: text(30), mobile: z.string().default("") }))
        .default([])
        .transform((rows) => rows.filter((r) => r.name !== "" || r.mobile.trim() !== "")),
    })
    .superRefine((v, ctx) => {
      if (v.applicantType === "social_org") {
        if (v.creditCode === "") ctx.addIssue({ code: "custom", path: ["creditCode"], message: "registration.profile.creditCodeRequired" });
        else if (creditCodeProblem(v.creditCode)) ctx.addIssue({ code: "custom", path: ["creditCode"], message: "registration.profile.creditCodeInvalid" });
        // an enterprise (91…) or a public institution (12…) is not a 社会组织 even with a valid code
        else if (!isCivilAffairsRegistration(v.creditCode)) ctx.addIssue({ code: "custom", path: ["creditCode"], message: "rules.creditCode.notCivilAffairs" });
        if (v.legalRep === "") ctx.addIssue({ code: "custom", path: ["legalRep"], message: "registration.profile.legalRepRequired" });
      }
      if (v.applicantType === "community_group" && v.filingNumber === "") {
        ctx.addIssue({ code: "custom", path: ["filingNumber"], message: "registration.profile.filingNumberRequired" });
      }
      if (v.applicantType === "resident_team") {
        if (v.members.length < minTeamMembers) ctx.addIssue({ code: "custom", path: ["members"], message: t("registration.profile.membersTooFew", { min: minTeamMembers }) });
        v.members.forEach((m, i) => {
          if (m.name === "") ctx.addIssue({ code: "custom", path: ["members", i, "name"], message: "registration.rule.required" });
          if (!isValidMobile(m.mobile)) ctx.addIssue({ code: "custom", path: ["members", i, "mobile"], message: "validation.mobileInvalid" });
        });
      }
    })
    .transform((v) => ({
      ...v,
      // keep only what the type needs
      creditCode: v.applicantType === "social_org" ? v.creditCode : null,
      filingNumber: v.applicantType === "community_group" ? v.filingNumber : null,
      legalRep: v.legalRep === "" ? null : v.legalRep,
      members: v.applicantType === "resident_team" ? v.members.map((m) => ({ name: m.name, mobile: normalizeMobile(m.mobile) })) : [],
    }));
}

export type OrganizationInput = z.output<ReturnType<typeof organizationSchema>>;
