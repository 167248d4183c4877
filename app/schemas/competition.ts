// The organizer's competition settings form: basics and total fund, stage dates (entered as Beijing
// time), divisions with budgets, categories, and the per-competition rules (eligibility, budget caps,
// rubric, tranches). Rows left completely blank are ignored, so the form can offer spare rows without
// JavaScript, and clearing a row removes it while the other rows keep their positions (and messages).
import { z } from "zod";
import {
  APPLICANT_TYPES, BUDGET_CAP_BASES, BUDGET_CATEGORIES, DEFAULT_CATEGORIES, DEFAULT_RULES, DUE_UNITS, LOTTERY_SEED_SOURCES, NORMALISATIONS,
} from "../domain/competition-rules";
import { fenToYuanInput, parseYuan, yuanToFen } from "../domain/money";
import { fromShanghaiLocal, toShanghaiLocal, toShanghaiLocalSeconds } from "../domain/time";
import type { MessageKey } from "../i18n";
import type { CompetitionDetail } from "../services/competitions.server";

const text = (min: number, max: number) =>
  z.string().trim().min(min, "registration.rule.required").max(max, "registration.rule.tooLong");
const int = (min: number, max: number, message = "registration.organizer.numberInvalid") =>
  z
    .union([z.string(), z.number()])
    .default("")
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
  .refine((s) => fromShanghaiLocal(s) !== null, "registration.competition.dateInvalid")
  .transform((s) => fromShanghaiLocal(s)!.toISOString());
/**
 * A closing time includes the whole of what was typed: a minute (23:59 → 23:59:59.999), or a second
 * when seconds were typed (23:59:30 → 23:59:30.999). See docs/decisions/007 and 010.
 */
export const endInstant = z
  .string()
  .default("")
  .refine((s) => fromShanghaiLocal(s) !== null, "registration.competition.dateInvalid")
  .transform((s) => new Date(fromShanghaiLocal(s)!.getTime() + (/T\d{2}:\d{2}$/.test(s) ? 59_999 : 999)).toISOString());
const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, "registration.organizer.codeInvalid");
/** A score on the 100-point scale with up to two decimals ("60", "59.99") → hundredths of a point. */
const score = z
  .union([z.string(), z.number()])
  .default("")
  .transform((v) => String(v).trim())
  .refine((s) => /^\d{1,3}(\.\d{1,2})?$/.test(s) && Number(s) <= 100, "rules.settings.scoreInvalid")
  .transform((s) => Math.round(Number(s) * 100));
/** blank = no limit */
const optionalCount = z
  .union([z.string(), z.number()])
  .default("")
  .transform((v) => String(v).trim())
  .refine((s) => s === "" || (/^\d{1,4}$/.test(s) && Number(s) >= 1 && Number(s) <= 1000), "rules.settings.quotaInvalid")
  .transform((s) => (s === "" ? null : Number(s)));

export const REVIEW_ROUND_PLANS = ["desk", "live", "desk_live"] as const;
export const AGGREGATIONS = ["trimmed_mean", "mean", "median"] as const;
export { LOTTERY_SEED_SOURCES, NORMALISATIONS };
/** Division codes typed as a list ("WQ, GD" or "WQ、GD"); blank = none. */
const codeList = z
  .string()
  .default("")
  .transform((s) => s.split(/[\s,，、;；]+/).map((c) => c.trim()).filter(Boolean))
  .refine((list) => list.every((c) => /^[A-Za-z0-9_-]{1,20}$/.test(c)), "registration.organizer.codeInvalid");
const optionalRowId = z
  .union([z.string(), z.number()])
  .default("")
  .transform((s) => (/^\d+$/.test(String(s)) ? Number(s) : null));

export const DATE_FIELDS = [
  "registration_opens_at",
  "registration_closes_at",
  "initial_review_ends_at",
  "review_starts_at",
  "review_ends_at",
  "signing_ends_at",
  "implementation_ends_at",
] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** The label of each stage date, on the settings form and the public timeline. */
export const DATE_LABELS: Record<DateField, MessageKey> = {
  registration_opens_at: "registration.competition.registrationOpensAt",
  registration_closes_at: "registration.competition.registrationClosesAt",
  initial_review_ends_at: "registration.competition.initialReviewEndsAt",
  review_starts_at: "registration.competition.reviewStartsAt",
  review_ends_at: "registration.competition.reviewEndsAt",
  signing_ends_at: "registration.competition.signingEndsAt",
  implementation_ends_at: "registration.competition.implementationEndsAt",
};

export const TRIGGERS = ["signing", "midterm", "final"] as const;

const unique = <T>(rows: T[], key: (r: T) => string) => new Set(rows.map(key)).size === rows.length;
const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Repeatable rows: a row whose `visible` fields are all blank is skipped (a spare or cleared row). */
function rows<T extends z.ZodTypeAny>(row: T, visible: string[]) {
  return z
    .preprocess(
      (v) => (v === undefined || v === null || v === "" ? [] : v),
      z.array(
        z.preprocess(
          (r) => (r && typeof r === "object" && visible.every((k) => blank((r as Record<string, unknown>)[k])) ? null : r),
          row.nullable(),
        ),
      ),
    )
    .transform((list) => list.filter((r): r is z.output<T> => r !== null))
    .refine((list) => list.length > 0, "registration.organizer.atLeastOne");
}

export const competitionFormSchema = z
  .object({
    name: text(2, 100),
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{2,39}$/, "registration.competition.slugInvalid"),
    year: int(2000, 2100),
    host: text(1, 100),
    operator: text(1, 100),
    summary: z.string().trim().max(2000, "registration.rule.tooLong").default(""),
    /** why a published competition's dates change (required then; shown on its public timeline) */
    dateChangeReason: z.string().trim().max(200, "registration.rule.tooLong").default(""),
    /** the stored updated_at the form was loaded with, so a save over someone else's newer save is refused */
    loadedAt: z.string().trim().default(""),
    totalFund: yuan.refine((fen) => fen > 0, "competitionSetup.error.totalFundPositive"),
    dates: z.object(
      Object.fromEntries(DATE_FIELDS.map((f) => [f, /_(closes|ends)_at$/.test(f) ? endInstant : instant])) as Record<DateField, typeof instant>,
    ),
    divisions: rows(z.object({ id: optionalRowId, code, name: text(1, 40), budget: yuan }), ["code", "name", "budget"]).refine(
      (list) => unique(list, (r) => r.code.toUpperCase()),
      "registration.organizer.codesUnique",
    ),
    categories: rows(z.object({ id: optionalRowId, code, name: text(1, 40), maxFunded: optionalCount }), ["code", "name", "maxFunded"]).refine(
      (list) => unique(list, (r) => r.code.toLowerCase()),
      "registration.organizer.codesUnique",
    ),
    applicantTypes: z.object(
      Object.fromEntries(APPLICANT_TYPES.map((a) => [a, z.object({ enabled: checkbox, maxGrant: yuan })])) as Record<
        (typeof APPLICANT_TYPES)[number],
        z.ZodObject<{ enabled: typeof checkbox; maxGrant: typeof yuan }>
      >,
    ),
    minTeamMembers: int(1, 50),
    maxProposalsPerApplicant: int(1, 20),
    minSelfRaisedPercent: percent,
    budgetCapBase: z.enum(BUDGET_CAP_BASES, { message: "rules.settings.choose" }),
    reviewRounds: z.enum(REVIEW_ROUND_PLANS, { message: "rules.settings.choose" }),
    /** the desk round's weight when both rounds are used; the live round gets the rest */
    deskWeightPercent: int(0, 100, "rules.settings.weightInvalid"),
    expertsPerProposal: int(1, 15),
    blind: checkbox,
    aggregation: z.enum(AGGREGATIONS, { message: "rules.settings.choose" }),
    trimMinScores: int(3, 15, "rules.settings.trimInvalid"),
    qualificationLine: score,
    outlierDistance: score,
    trimCount: int(1, 5, "fair.settings.trimCountInvalid"),
    normalisation: z.enum(NORMALISATIONS, { message: "rules.settings.choose" }),
    normalisationMinScores: int(2, 1000, "fair.settings.normalisationMinInvalid"),
    discordance: score,
    minExpertsPerProposal: int(1, 15),
    maxLoadPerExpert: int(0, 10000),
    nearTieBand: score,
    lotterySeedSource: z.enum(LOTTERY_SEED_SOURCES, { message: "rules.settings.choose" }),
    lotteryDivisions: codeList,
    allowPartialGrant: checkbox,
    minGrant: yuan,
    noticeWorkingDays: int(1, 30, "rules.settings.workingDaysInvalid"),
    objectionInvestigationWorkingDays: int(1, 30, "rules.settings.workingDaysInvalid"),
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
      .transform((list) =>
        list.filter((r) => r.maxPercent.trim() !== "").map((r) => ({ category: r.category, maxPercent: Number(r.maxPercent) })),
      ),
    rubric: rows(
      z.object({
        key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,29}$/, "competitionSetup.error.rubricKey"),
        name: text(1, 40),
        maxPoints: int(1, 100),
      }),
      ["key", "name", "maxPoints"],
    ),
    tranches: rows(
      z.object({
        name: text(1, 20),
        percent: int(1, 100, "registration.organizer.percentInvalid"),
        trigger: z.enum(TRIGGERS, { message: "competitionSetup.error.trigger" }),
        dueAfterDays: int(0, 3650),
        dueUnit: z.enum(DUE_UNITS, { message: "rules.settings.choose" }),
        deliverables: z.string().trim().max(200, "registration.rule.tooLong").default(""),
      }),
      ["name", "percent", "dueAfterDays", "deliverables"],
    ),
  })
  .superRefine((v, ctx) => {
    const times = DATE_FIELDS.map((f) => Date.parse(v.dates[f]));
    for (let i = 1; i < times.length; i++) {
      if (times[i] < times[i - 1]) ctx.addIssue({ code: "custom", path: ["dates", DATE_FIELDS[i]], message: "registration.competition.datesOrder" });
    }
    if (v.tranches.reduce((s, t) => s + t.percent, 0) !== 100) ctx.addIssue({ code: "custom", path: ["tranches"], message: "rules.tranchesMustSum100" });
    if (!unique(v.rubric, (r) => r.key)) ctx.addIssue({ code: "custom", path: ["rubric"], message: "rules.rubricKeysUnique" });
    else if (v.rubric.reduce((s, r) => s + r.maxPoints, 0) !== 100) {
      ctx.addIssue({ code: "custom", path: ["rubric"], message: "registration.competition.rubricMustSum100" });
    }
    if (v.divisions.reduce((s, d) => s + d.budget, 0) > v.totalFund) {
      ctx.addIssue({ code: "custom", path: ["divisions"], message: "competitionSetup.error.divisionsOverFund" });
    }
    if (v.reviewRounds === "desk_live" && (v.deskWeightPercent < 1 || v.deskWeightPercent > 99)) {
      ctx.addIssue({ code: "custom", path: ["deskWeightPercent"], message: "rules.settings.deskWeightInvalid" });
    }
    if (v.minExpertsPerProposal > v.expertsPerProposal) {
      ctx.addIssue({ code: "custom", path: ["minExpertsPerProposal"], message: "fair.settings.minExpertsAboveTarget" });
    }
    const divisionCodes = new Set(v.divisions.map((d) => d.code.toUpperCase()));
    if (v.lotteryDivisions.some((c) => !divisionCodes.has(c.toUpperCase()))) {
      ctx.addIssue({ code: "custom", path: ["lotteryDivisions"], message: "fair.settings.lotteryDivisionUnknown" });
    }
    if (v.allowPartialGrant && v.minGrant <= 0) ctx.addIssue({ code: "custom", path: ["minGrant"], message: "rules.settings.minGrantPositive" });
    if (v.minGrant > v.totalFund) ctx.addIssue({ code: "custom", path: ["minGrant"], message: "competitionSetup.error.maxGrantOverFund" });
    const enabled = APPLICANT_TYPES.filter((a) => v.applicantTypes[a].enabled);
    if (enabled.length === 0) ctx.addIssue({ code: "custom", path: ["applicantTypes"], message: "competitionSetup.error.noApplicantType" });
    for (const a of enabled) {
      if (v.applicantTypes[a].maxGrant <= 0) {
        ctx.addIssue({ code: "custom", path: ["applicantTypes", a, "maxGrant"], message: "competitionSetup.error.maxGrantPositive" });
      } else if (v.applicantTypes[a].maxGrant > v.totalFund) {
        ctx.addIssue({ code: "custom", path: ["applicantTypes", a, "maxGrant"], message: "competitionSetup.error.maxGrantOverFund" });
      }
    }
  });

export type CompetitionSettings = z.output<typeof competitionFormSchema>;
export type CompetitionFormValues = ReturnType<typeof competitionToFormValues>;

/**
 * A stored instant → the datetime-local text that saves back to the same instant: minutes when the
 * instant is on a whole minute (an opening) or its last millisecond (a closing), seconds otherwise.
 */
export function toLocalInput(instant: string, closing: boolean): string {
  const local = toShanghaiLocal(instant);
  const msInMinute = Date.parse(instant) % 60_000;
  if (msInMinute === (closing ? 59_999 : 0)) return local;
  return toShanghaiLocalSeconds(instant);
}

/** A stored competition → the strings the settings form shows. */
export function competitionToFormValues(detail: CompetitionDetail) {
  const { competition: c, rules, divisions, categories } = detail;
  const divisionTotal = divisions.reduce((s, d) => s + d.budget_fen, 0);
  return {
    name: c.name,
    slug: c.slug,
    year: String(c.year),
    host: c.host,
    operator: c.operator,
    summary: c.summary,
    loadedAt: c.updated_at,
    dateChangeReason: "",
    // competitions from before the total was recorded: their division budgets are the best guess
    totalFund: fenToYuanInput(c.total_fund_fen ?? divisionTotal),
    dates: Object.fromEntries(DATE_FIELDS.map((f) => [f, toLocalInput(c[f], /_(closes|ends)_at$/.test(f))])) as Record<DateField, string>,
    divisions: divisions.map((d) => ({ id: String(d.id), code: d.code, name: d.name, budget: fenToYuanInput(d.budget_fen) })),
    categories: categories.map((k) => ({ id: String(k.id), code: k.code, name: k.name, maxFunded: quotaOf(rules, k.code) })),
    ...rulesToFormValues(rules),
  };
}

const quotaOf = (rules: typeof DEFAULT_RULES, code: string) =>
  String(rules.selection.categoryQuotas.find((q) => q.categoryCode.toLowerCase() === code.toLowerCase())?.maxFunded ?? "");

const centiText = (centi: number) => (centi % 100 === 0 ? String(centi / 100) : (centi / 100).toFixed(2));

function rulesToFormValues(rules: typeof DEFAULT_RULES) {
  const rounds = rules.review.rounds;
  const desk = rounds.find((r) => r.round === "desk");
  return {
    budgetCapBase: rules.budgetCapBase as string,
    reviewRounds: (rounds.length === 2 ? "desk_live" : rounds[0].round) as string,
    deskWeightPercent: String(rounds.length === 2 ? (desk?.weightPercent ?? 50) : 40),
    expertsPerProposal: String(rules.review.expertsPerProposal),
    blind: rules.review.blind,
    aggregation: rules.review.aggregation as string,
    trimMinScores: String(rules.review.trimMinScores),
    qualificationLine: centiText(rules.review.qualificationLineCenti),
    outlierDistance: centiText(rules.review.outlierDistanceCenti),
    trimCount: String(rules.review.trimCount),
    normalisation: rules.review.normalisation as string,
    normalisationMinScores: String(rules.review.normalisationMinScores),
    discordance: centiText(rules.review.discordanceCenti),
    minExpertsPerProposal: String(rules.review.minExpertsPerProposal),
    maxLoadPerExpert: String(rules.review.maxLoadPerExpert),
    nearTieBand: centiText(rules.selection.nearTieBandCenti),
    lotterySeedSource: rules.selection.lotterySeedSource as string,
    lotteryDivisions: rules.selection.lotteryDivisions.join(", "),
    allowPartialGrant: rules.selection.allowPartialGrant,
    minGrant: fenToYuanInput(rules.selection.minGrantFen),
    noticeWorkingDays: String(rules.notice.workingDays),
    objectionInvestigationWorkingDays: String(rules.objectionInvestigationWorkingDays),
    applicantTypes: Object.fromEntries(
      APPLICANT_TYPES.map((a) => [a, { enabled: rules.applicantTypes[a].enabled, maxGrant: fenToYuanInput(rules.applicantTypes[a].maxGrantFen) }]),
    ) as Record<(typeof APPLICANT_TYPES)[number], { enabled: boolean; maxGrant: string }>,
    minTeamMembers: String(rules.minTeamMembers),
    maxProposalsPerApplicant: String(rules.maxProposalsPerApplicant),
    minSelfRaisedPercent: String(rules.minSelfRaisedPercent),
    budgetCaps: BUDGET_CATEGORIES.map((category) => ({
      category,
      maxPercent: String(rules.budgetCaps.find((b) => b.category === category)?.maxPercent ?? ""),
    })),
    rubric: rules.rubric.map((r) => ({ key: r.key, name: r.name, maxPoints: String(r.maxPoints) })),
    tranches: rules.tranches.map((tr) => ({
      name: tr.name,
      percent: String(tr.percent),
      trigger: tr.trigger as string,
      dueAfterDays: String(tr.dueAfterDays),
      dueUnit: tr.dueUnit as string,
      deliverables: tr.deliverables,
    })),
  };
}


/** A new competition's form, prefilled with domain-practice §7: two divisions splitting 4,100,000 元, ten categories, default rules. */
export function newCompetitionFormValues(year: number): CompetitionFormValues {
  return {
    name: `长安区社区公益创投大赛（${year}）`,
    slug: `changan-${year}`,
    year: String(year),
    host: "长安区民政局",
    operator: "社会组织服务中心",
    summary: "",
    loadedAt: "",
    dateChangeReason: "",
    totalFund: fenToYuanInput(yuanToFen(4_100_000)),
    dates: Object.fromEntries(DATE_FIELDS.map((f) => [f, ""])) as Record<DateField, string>,
    divisions: [
      { id: "", code: "WQ", name: "韦曲赛区", budget: fenToYuanInput(yuanToFen(2_050_000)) },
      { id: "", code: "GD", name: "郭杜赛区", budget: fenToYuanInput(yuanToFen(2_050_000)) },
    ],
    categories: DEFAULT_CATEGORIES.map(([code, name]) => ({ id: "", code, name, maxFunded: "" })),
    ...rulesToFormValues(DEFAULT_RULES),
  };
}

/** Spare blank rows at the end of every repeatable list, so rows can be added without JavaScript. */
export function withSpareRows(values: CompetitionFormValues, spare: number): CompetitionFormValues {
  const pad = <T>(list: T[], empty: T) => [...list, ...Array.from({ length: spare }, () => ({ ...empty }))];
  return {
    ...values,
    divisions: pad(values.divisions, { id: "", code: "", name: "", budget: "" }),
    categories: pad(values.categories, { id: "", code: "", name: "", maxFunded: "" }),
    rubric: pad(values.rubric, { key: "", name: "", maxPoints: "" }),
    tranches: pad(values.tranches, { name: "", percent: "", trigger: "", dueAfterDays: "", dueUnit: "", deliverables: "" }),
  };
}
