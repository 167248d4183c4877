// The proposal form (申报书), shared by the browser (react-hook-form) and the server actions.
// proposalFormSchema checks the shape and turns 元 text into fen; proposalSubmitSchema(ctx) adds every
// submission rule of app/domain/proposal-rules.ts with the competition's own settings, so the browser
// shows the same Chinese messages the server would.
import { z } from "zod";
import { BUDGET_CATEGORIES, type ApplicantType } from "../domain/competition-rules";
import { fenToYuanInput, formatYuan, parseYuan } from "../domain/money";
import {
  MAX_ACTIVITIES,
  MAX_BUDGET_LINES,
  type ProposalContent,
  type ProposalRuleContext,
  type Violation,
  checkProposal,
} from "../domain/proposal-rules";
import { type MessageKey, t, tMaybe } from "../i18n";
import { dropTrailingBlankRows } from "./shared-rows";

const text = (max: number) => z.string().trim().max(max, "registration.rule.tooLong").default("");

/** Money typed in 元: empty means 0; anything else must be a non-negative amount with ≤ 2 decimals. */
const yuan = z
  .string()
  .default("")
  .refine((s) => s.trim() === "" || parseYuan(s) !== null, "registration.rule.amountInvalid")
  .transform((s) => (s.trim() === "" ? 0 : parseYuan(s)!));

const optionalId = z
  .string()
  .default("")
  .refine((s) => s === "" || /^\d+$/.test(s), "registration.rule.required")
  .transform((s) => (s === "" ? null : Number(s)));

const count = z
  .string()
  .default("")
  .refine((s) => /^\d{0,9}$/.test(s.trim()), "registration.rule.countInvalid")
  .transform((s) => (s.trim() === "" ? 0 : Number(s.trim())));

const date = z
  .string()
  .default("")
  .refine((s) => s === "" || /^\d{4}-\d{2}-\d{2}$/.test(s), "registration.rule.dateInvalid");

export const proposalFormSchema = z.object({
  title: text(100),
  divisionId: optionalId,
  categoryId: optionalId,
  community: text(200),
  beneficiaries: text(500),
  beneficiaryCount: count,
  goals: text(3000),
  // The form prints spare empty rows so it works without JavaScript; trailing empty rows are not content.
  activities: z.preprocess(
    dropTrailingBlankRows,
    z.array(z.object({ name: text(100), startOn: date, endOn: date, description: text(1000) })).max(MAX_ACTIVITIES, "registration.rule.tooLong"),
  ),
  budget: z.preprocess(
    dropTrailingBlankRows,
    z
      .array(z.object({ category: z.enum(BUDGET_CATEGORIES, "registration.rule.required"), item: text(100), amount: yuan }))
      .max(MAX_BUDGET_LINES, "registration.rule.tooLong"),
  ),
  requested: yuan,
  selfRaised: yuan,
});

/** The same content as typed data (amounts in fen), for callers that are not forms: seeds, tests. */
export const proposalContentSchema = z.object({
  title: z.string().max(100),
  divisionId: z.number().int().nullable(),
  categoryId: z.number().int().nullable(),
  community: z.string().max(200),
  beneficiaries: z.string().max(500),
  beneficiaryCount: z.number().int().min(0),
  goals: z.string().max(3000),
  activities: z
    .array(z.object({ name: z.string().max(100), startOn: z.string(), endOn: z.string(), description: z.string().max(1000) }))
    .max(MAX_ACTIVITIES),
  budget: z.array(z.object({ category: z.enum(BUDGET_CATEGORIES), item: z.string().max(100), amount: z.number().int().min(0) })).max(MAX_BUDGET_LINES),
  requested: z.number().int().min(0),
  selfRaised: z.number().int().min(0),
});

export function applicantTypeLabel(type: ApplicantType): string {
  return t(`registration.applicantType.${type}` as MessageKey);
}

export function budgetCategoryLabel(category: string): string {
  return tMaybe(`registration.budgetCategory.${category}`);
}

/** A rule violation as the Chinese sentence shown next to its field. */
export function formatViolation(v: Violation): string {
  const p: Record<string, string | number> = { ...(v.params ?? {}) };
  for (const k of ["total", "requested", "selfRaised", "max", "amount"] as const) {
    if (typeof p[k] === "number" && k !== "max") p[k] = formatYuan(p[k] as number);
  }
  if (v.key === "registration.rule.overMaxGrant" && typeof p.max === "number") p.max = formatYuan(p.max);
  if (typeof p.category === "string") p.category = budgetCategoryLabel(p.category);
  if (typeof p.applicantType === "string") p.applicantType = applicantTypeLabel(p.applicantType as ApplicantType);
  return tMaybe(v.key, p);
}

/** Violations keyed by form path, first one per field. */
export function violationsToFieldErrors(violations: Violation[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) errors[v.path] ??= formatViolation(v);
  return errors;
}

const toPath = (path: string) => path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** The form schema with every submission rule of this competition for this applicant. */
export function proposalSubmitSchema(ctx: ProposalRuleContext) {
  return proposalFormSchema.superRefine((content, zctx) => {
    for (const v of checkProposal(content, ctx)) {
      zctx.addIssue({ code: "custom", path: v.path === "_form" ? [] : toPath(v.path), message: formatViolation(v) });
    }
  });
}

/** Stored content → the strings the form shows. */
export function toFormValues(c: ProposalContent) {
  return {
    title: c.title,
    divisionId: c.divisionId === null ? "" : String(c.divisionId),
    categoryId: c.categoryId === null ? "" : String(c.categoryId),
    community: c.community,
    beneficiaries: c.beneficiaries,
    beneficiaryCount: c.beneficiaryCount ? String(c.beneficiaryCount) : "",
    goals: c.goals,
    activities: c.activities.map((a) => ({ ...a })),
    budget: c.budget.map((l) => ({ category: l.category, item: l.item, amount: l.amount ? fenToYuanInput(l.amount) : "" })),
    requested: c.requested ? fenToYuanInput(c.requested) : "",
    selfRaised: c.selfRaised ? fenToYuanInput(c.selfRaised) : "",
  };
}

export type ProposalFormValues = ReturnType<typeof toFormValues>;
