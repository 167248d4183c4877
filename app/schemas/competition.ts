// The organizer's competition settings form: basics, stage dates (entered as Beijing time), divisions
// with budgets, categories, and the per-competition rules (eligibility, budget caps, rubric, tranches).
import { z } from "zod";
import { APPLICANT_TYPES, BUDGET_CATEGORIES } from "../domain/competition-rules";
import { fenToYuanInput, parseYuan } from "../domain/money";
import { fromShanghaiLocal, toShanghaiLocal } from "../domain/time";
import type { CompetitionDetail } from "../services/competitions.server";

const text = (min: number, max: number) =>
  z.string().trim().min(min, "registration.rule.required").max(max, "registration.rule.tooLong");
const int = (min: number, max: number, message = "registration.organizer.numberInvalid") =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === "number" ? v : v.trim() === "" ? Number.NaN : Number(v.trim())))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, message);
const percent = int(0, 100, "registration.organizer.percentInvalid");
const yuan = z
  .string()
  .default("")
  .refine((s) => parseYuan(s) !== null, "registration.rule.amountInvalid")
  .transform((s) => parseYuan(s)!);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const instant = z
  .string()
  .default("")
  .refine((s) => fromShanghaiLocal(s) !== null, "registration.organizer.dateInvalid")
  .transform((s) => fromShanghaiLocal(s)!.toISOString());
const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, "registration.organizer.codeInvalid");
const optionalRowId = z
  .string()
  .default("")
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : null));

export const DATE_FIELDS = [
  "registration_opens_at",
  "registration_closes_at",
  "initial_review_ends_at",
  "review_starts_at",
  "review_ends_at",
  "signing_ends_at",
  "implementation_ends_at",
] as const;

const unique = <T>(rows: T[], key: (r: T) => string) => new Set(rows.map(key)).size === rows.length;

export const competitionFormSchema = z
  .object({
    name: text(2, 100),
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,49}$/, "registration.organizer.slugInvalid"),
    year: int(2000, 2100),
    host: text(1, 100),
    operator: text(1, 100),
    summary: z.string().trim().max(2000, "registration.rule.tooLong").default(""),
    status: z.enum(["draft", "published"]),
    dates: z.object(Object.fromEntries(DATE_FIELDS.map((f) => [f, instant])) as Record<(typeof DATE_FIELDS)[number], typeof instant>),
    divisions: z
      .array(z.object({ id: optionalRowId, code, name: text(1, 40), budget: yuan }))
      .min(1, "registration.organizer.atLeastOne")
      .refine((rows) => unique(rows, (r) => r.code), "registration.organizer.codesUnique"),
    categories: z
      .array(z.object({ id: optionalRowId, code, name: text(1, 40) }))
      .min(1, "registration.organizer.atLeastOne")
      .refine((rows) => unique(rows, (r) => r.code), "registration.organizer.codesUnique"),
    applicantTypes: z.object(
      Object.fromEntries(APPLICANT_TYPES.map((a) => [a, z.object({ enabled: checkbox, maxGrant: yuan })])) as Record<
        (typeof APPLICANT_TYPES)[number],
        z.ZodObject<{ enabled: typeof checkbox; maxGrant: typeof yuan }>
      >,
    ),
    minTeamMembers: int(1, 50),
    maxProposalsPerApplicant: int(1, 20),
    minSelfRaisedPercent: percent,
    budgetCaps: z
      .array(
        z.object({
          category: z.enum(BUDGET_CATEGORIES),
          // empty means "no cap" for that category
          maxPercent: z
            .string()
            .default("")
            .refine((s) => s.trim() === "" || (/^\d{1,3}$/.test(s.trim()) && Number(s) <= 100), "registration.organizer.percentInvalid"),
        }),
      )
      .default([])
      .transform((rows) => rows.filter((r) => r.maxPercent.trim() !== "").map((r) => ({ category: r.category, maxPercent: Number(r.maxPercent) }))),
    rubric: z
      .array(z.object({ key: z.string().trim().regex(/^[a-z][a-z0-9_]*$/, "registration.organizer.codeInvalid"), name: text(1, 40), maxPoints: int(1, 100) }))
      .min(1, "registration.organizer.atLeastOne"),
    tranches: z
      .array(
        z.object({
          name: text(1, 20),
          percent,
          trigger: z.enum(["signing", "midterm", "final"]),
          dueAfterDays: int(0, 3650),
          deliverables: z.string().trim().max(200, "registration.rule.tooLong").default(""),
        }),
      )
      .min(1, "registration.organizer.atLeastOne"),
  })
  .superRefine((v, ctx) => {
    const times = DATE_FIELDS.map((f) => Date.parse(v.dates[f]));
    for (let i = 1; i < times.length; i++) {
      if (times[i] < times[i - 1]) ctx.addIssue({ code: "custom", path: ["dates", DATE_FIELDS[i]], message: "registration.organizer.datesOrder" });
    }
    if (v.tranches.reduce((s, t) => s + t.percent, 0) !== 100) ctx.addIssue({ code: "custom", path: ["tranches"], message: "rules.tranchesMustSum100" });
    if (!unique(v.rubric, (r) => r.key)) ctx.addIssue({ code: "custom", path: ["rubric"], message: "rules.rubricKeysUnique" });
  });

export type CompetitionSettings = z.output<typeof competitionFormSchema>;

/** A stored competition → the strings the settings form shows. */
export function competitionToFormValues(detail: CompetitionDetail) {
  const { competition: c, rules, divisions, categories } = detail;
  return {
    name: c.name,
    slug: c.slug,
    year: String(c.year),
    host: c.host,
    operator: c.operator,
    summary: c.summary,
    status: c.status,
    dates: Object.fromEntries(DATE_FIELDS.map((f) => [f, toShanghaiLocal(c[f])])),
    divisions: divisions.map((d) => ({ id: String(d.id), code: d.code, name: d.name, budget: fenToYuanInput(d.budget_fen) })),
    categories: categories.map((k) => ({ id: String(k.id), code: k.code, name: k.name })),
    applicantTypes: Object.fromEntries(
      APPLICANT_TYPES.map((a) => [a, { enabled: rules.applicantTypes[a].enabled, maxGrant: fenToYuanInput(rules.applicantTypes[a].maxGrantFen) }]),
    ),
    minTeamMembers: String(rules.minTeamMembers),
    maxProposalsPerApplicant: String(rules.maxProposalsPerApplicant),
    minSelfRaisedPercent: String(rules.minSelfRaisedPercent),
    budgetCaps: BUDGET_CATEGORIES.map((category) => ({
      category,
      maxPercent: String(rules.budgetCaps.find((b) => b.category === category)?.maxPercent ?? ""),
    })),
    rubric: rules.rubric.map((r) => ({ key: r.key, name: r.name, maxPoints: String(r.maxPoints) })),
    tranches: rules.tranches.map((tr) => ({ ...tr, percent: String(tr.percent), dueAfterDays: String(tr.dueAfterDays) })),
  };
}
