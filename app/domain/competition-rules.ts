// Every rule a competition runs by, as one validated settings object with the defaults of
// ../shared/domain-practice.md §7. Stored as competitions.rules_json.
import { z } from "zod";
import type { Fen } from "./money";

export const APPLICANT_TYPES = ["social_org", "community_group", "resident_team"] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const BUDGET_CATEGORIES = [
  "personnel",
  "activity",
  "materials",
  "publicity",
  "travel",
  "venue",
  "equipment",
  "management",
  "other",
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const BUDGET_CAP_BASES = ["project", "grant"] as const;
export type BudgetCapBase = (typeof BUDGET_CAP_BASES)[number];

const percent = z.number().int().min(0).max(100);
const fen = z.number().int().min(0);

export const applicantTypeRuleSchema = z.object({
  enabled: z.boolean(),
  maxGrantFen: fen,
});

export const rubricCriterionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  maxPoints: z.number().int().min(1).max(100),
});

export const DUE_UNITS = ["working", "calendar"] as const;

/** How each expert's totals are put on one scale before aggregation (docs: app/domain/normalisation.ts). */
export const NORMALISATIONS = ["none", "zscore", "percentile"] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

/** Where a near-tie lottery's seed comes from: a number witnessed at the draw, or a stated future public value. */
export const LOTTERY_SEED_SOURCES = ["witnessed", "future_value"] as const;
export type LotterySeedSource = (typeof LOTTERY_SEED_SOURCES)[number];
export type DueUnit = (typeof DUE_UNITS)[number];

export const trancheSchema = z.preprocess(
  // Stored before the unit existed: the signing tranche meant working days in practice (Zhongshan
  // "签订协议后 15 个工作日内"), the later ones calendar days.
  (v) => (v && typeof v === "object" && !("dueUnit" in v) ? { ...v, dueUnit: (v as { trigger?: string }).trigger === "signing" ? "working" : "calendar" } : v),
  z.object({
    name: z.string().min(1),
    percent: percent,
    trigger: z.enum(["signing", "midterm", "final"]),
    /** days after signing that the tranche falls due, counted in `dueUnit` */
    dueAfterDays: z.number().int().min(0),
    dueUnit: z.enum(DUE_UNITS),
    deliverables: z.string(),
  }),
);

export const competitionRulesSchema = z
  .object({
    applicantTypes: z.object({
      social_org: applicantTypeRuleSchema,
      community_group: applicantTypeRuleSchema,
      resident_team: applicantTypeRuleSchema,
    }),
    minTeamMembers: z.number().int().min(1).max(50),
    maxProposalsPerApplicant: z.number().int().min(1).max(20),
    /** self-raised money as a minimum percentage of the total project budget (0 = not required) */
    minSelfRaisedPercent: percent,
    /** caps on a budget category as a percentage of the base below */
    budgetCaps: z.array(z.object({ category: z.enum(BUDGET_CATEGORIES), maxPercent: percent })),
    /** what budget caps are a share of: the whole project budget, or the grant requested */
    budgetCapBase: z.enum(BUDGET_CAP_BASES).default("project"),
    rubric: z.array(rubricCriterionSchema).min(1),
    review: z.object({
      expertsPerProposal: z.number().int().min(1).max(15),
      blind: z.boolean(),
      aggregation: z.enum(["trimmed_mean", "mean", "median"]),
      /** trimmed mean drops one highest and one lowest only from this many scores up */
      trimMinScores: z.number().int().min(3),
      /** trimmed mean drops this many highest and this many lowest (needs n ≥ 2k+2, else a plain mean) */
      trimCount: z.number().int().min(1).max(5).default(1),
      /** per-expert normalisation before aggregation, within each round of the competition */
      normalisation: z.enum(NORMALISATIONS).default("none"),
      /** only experts with at least this many scored proposals in the round are normalised (others raw, flagged) */
      normalisationMinScores: z.number().int().min(2).max(1000).default(3),
      /** a proposal whose round scores spread (max − min) beyond this needs a panel note before a notice; 0 = off */
      // stored before this setting: 0, so a competition whose review rules are frozen keeps publishing as it did
      discordanceCenti: z.number().int().min(0).max(10000).default(0),
      /** the draw must give every proposal at least this many experts (else it reports why not) */
      // stored before this setting: 1, so a frozen round's later draws are refused only for a proposal left with no expert
      minExpertsPerProposal: z.number().int().min(1).max(15).default(1),
      /** no expert gets more than this many proposals in a round; 0 = no limit */
      maxLoadPerExpert: z.number().int().min(0).max(10000).default(0),
      /** one round (desk only) or two rounds with integer weights adding up to 100 */
      rounds: z.array(z.object({ round: z.enum(["desk", "live"]), weightPercent: percent })).min(1).max(2),
      qualificationLineCenti: z.number().int().min(0).max(10000),
      /** a score further than this from the panel's mean is flagged, in hundredths of a point */
      outlierDistanceCenti: z.number().int().min(0),
    }),
    selection: z.object({
      allowPartialGrant: z.boolean(),
      minGrantFen: fen,
      /** at most this many funded projects of a category within a division (absent: no limit) */
      categoryQuotas: z.array(z.object({ categoryCode: z.string().min(1), maxFunded: z.number().int().min(0).max(1000) })).default([]),
      /** proposals at the budget line within this many hundredths of a point are ordered by a public lottery; 0 = off */
      nearTieBandCenti: z.number().int().min(0).max(10000).default(0),
      lotterySeedSource: z.enum(LOTTERY_SEED_SOURCES).default("witnessed"),
      /** divisions (by code) run as micro-grant lottery tracks: pass the qualification line, then a seeded lottery within budget */
      lotteryDivisions: z.array(z.string().min(1)).default([]),
    }),
    notice: z.object({ workingDays: z.number().int().min(1).max(30) }),
    objectionInvestigationWorkingDays: z.number().int().min(1).max(30),
    tranches: z.array(trancheSchema).min(1),
  })
  .superRefine((rules, ctx) => {
    const trancheTotal = rules.tranches.reduce((s, t) => s + t.percent, 0);
    if (trancheTotal !== 100) {
      ctx.addIssue({ code: "custom", path: ["tranches"], message: "rules.tranchesMustSum100" });
    }
    const weightTotal = rules.review.rounds.reduce((s, r) => s + r.weightPercent, 0);
    if (weightTotal !== 100) {
      ctx.addIssue({ code: "custom", path: ["review", "rounds"], message: "rules.weightsMustSum100" });
    }
    const keys = new Set(rules.rubric.map((c) => c.key));
    if (keys.size !== rules.rubric.length) {
      ctx.addIssue({ code: "custom", path: ["rubric"], message: "rules.rubricKeysUnique" });
    }
  });

export type CompetitionRules = z.infer<typeof competitionRulesSchema>;
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;
export type Tranche = z.output<typeof trancheSchema>;

const yuan = (n: number): Fen => n * 100;

/** The ten categories of the Chang'an call for proposals (code, name): the default for a new competition. */
export const DEFAULT_CATEGORIES: readonly (readonly [code: string, name: string])[] = [
  ["garbage", "垃圾分类"],
  ["elderly", "敬老孝亲"],
  ["disability", "助残帮困"],
  ["culture", "文化传承"],
  ["education", "教育培训"],
  ["governance", "小区治理"],
  ["neighbors", "邻里互助"],
  ["arts", "文艺文体"],
  ["health", "卫生健康"],
  ["other", "其他"],
];

export const DEFAULT_RULES: CompetitionRules = {
  applicantTypes: {
    social_org: { enabled: true, maxGrantFen: yuan(100_000) },
    community_group: { enabled: true, maxGrantFen: yuan(30_000) },
    resident_team: { enabled: true, maxGrantFen: yuan(20_000) },
  },
  minTeamMembers: 3,
  maxProposalsPerApplicant: 1,
  minSelfRaisedPercent: 0,
  budgetCaps: [
    { category: "personnel", maxPercent: 30 },
    { category: "management", maxPercent: 5 },
    { category: "equipment", maxPercent: 10 },
  ],
  budgetCapBase: "project",
  rubric: [
    { key: "need", name: "需求分析与必要性", maxPoints: 20 },
    { key: "design", name: "项目设计与可行性", maxPoints: 25 },
    { key: "innovation", name: "创新性与示范性", maxPoints: 15 },
    { key: "budget", name: "预算合理性", maxPoints: 15 },
    { key: "capacity", name: "执行团队与机构能力", maxPoints: 15 },
    { key: "sustainability", name: "可持续性与居民参与", maxPoints: 10 },
  ],
  review: {
    expertsPerProposal: 5,
    blind: true,
    aggregation: "trimmed_mean",
    trimMinScores: 5,
    rounds: [
      { round: "desk", weightPercent: 40 },
      { round: "live", weightPercent: 60 },
    ],
    qualificationLineCenti: 6000,
    outlierDistanceCenti: 1500,
    trimCount: 1,
    normalisation: "none",
    normalisationMinScores: 3,
    discordanceCenti: 3000,
    minExpertsPerProposal: 3,
    maxLoadPerExpert: 0,
  },
  selection: {
    allowPartialGrant: false,
    minGrantFen: yuan(5_000),
    categoryQuotas: [],
    nearTieBandCenti: 0,
    lotterySeedSource: "witnessed",
    lotteryDivisions: [],
  },
  notice: { workingDays: 5 },
  objectionInvestigationWorkingDays: 5,
  tranches: [
    { name: "首期款", percent: 50, trigger: "signing", dueAfterDays: 15, dueUnit: "working", deliverables: "签订协议后拨付" },
    { name: "中期款", percent: 30, trigger: "midterm", dueAfterDays: 180, dueUnit: "calendar", deliverables: "中期报告、活动记录、财务凭证" },
    { name: "尾款", percent: 20, trigger: "final", dueAfterDays: 365, dueUnit: "calendar", deliverables: "结项报告、成效评估、财务决算" },
  ],
};

export function parseRules(json: string): CompetitionRules {
  return competitionRulesSchema.parse(JSON.parse(json));
}
