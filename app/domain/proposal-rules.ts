// The rules a proposal must meet to be submitted (申报书校验): completeness, budget sums and caps,
// the grant ceiling of the applicant type, the self-raised share. Pure: data in, violations out.
// Each violation carries the form path it belongs to, so it is shown next to that field.
import type { ApplicantType, BudgetCategory, CompetitionRules } from "./competition-rules";
import type { Fen } from "./money";
import { withinPercent } from "./money";

export interface ProposalActivity {
  name: string;
  startOn: string; // YYYY-MM-DD
  endOn: string;
  description: string;
}

export interface ProposalBudgetLine {
  category: BudgetCategory;
  item: string;
  amount: Fen;
}

/** What an applicant fills in. Amounts are integer fen. */
export interface ProposalContent {
  title: string;
  divisionId: number | null;
  categoryId: number | null;
  community: string;
  beneficiaries: string;
  beneficiaryCount: number;
  goals: string;
  activities: ProposalActivity[];
  budget: ProposalBudgetLine[];
  requested: Fen;
  selfRaised: Fen;
}

export interface Violation {
  path: string;
  key: string; // i18n key under registration.rule.*
  params?: Record<string, string | number>;
}

export interface ProposalRuleContext {
  rules: CompetitionRules;
  applicantType: ApplicantType | null;
  divisionIds: readonly number[];
  categoryIds: readonly number[];
}

export const MAX_ACTIVITIES = 30;
export const MAX_BUDGET_LINES = 50;

export function budgetTotal(lines: readonly { amount: Fen }[]): Fen {
  return lines.reduce((s, l) => s + l.amount, 0);
}

/** part/whole as a percentage with two decimals, for messages only (the check itself is exact). */
export function percentText(part: Fen, whole: Fen): string {
  if (whole <= 0) return "0.00";
  return ((part * 100) / whole).toFixed(2);
}

/** Every problem that keeps `content` from being submitted under `ctx`, in form order. */
export function checkProposal(content: ProposalContent, ctx: ProposalRuleContext): Violation[] {
  const v: Violation[] = [];
  const required = (path: string, value: string) => {
    if (value.trim() === "") v.push({ path, key: "registration.rule.required" });
  };
  required("title", content.title);
  if (content.divisionId === null) v.push({ path: "divisionId", key: "registration.rule.chooseDivision" });
  else if (!ctx.divisionIds.includes(content.divisionId)) v.push({ path: "divisionId", key: "registration.rule.unknownDivision" });
  if (content.categoryId === null) v.push({ path: "categoryId", key: "registration.rule.chooseCategory" });
  else if (!ctx.categoryIds.includes(content.categoryId)) v.push({ path: "categoryId", key: "registration.rule.unknownCategory" });
  required("community", content.community);
  required("beneficiaries", content.beneficiaries);
  if (!(content.beneficiaryCount >= 1)) v.push({ path: "beneficiaryCount", key: "registration.rule.beneficiaryCount" });
  required("goals", content.goals);

  if (content.activities.length === 0) v.push({ path: "activities", key: "registration.rule.noActivities" });
  content.activities.forEach((a, i) => {
    required(`activities.${i}.name`, a.name);
    if (!a.startOn) v.push({ path: `activities.${i}.startOn`, key: "registration.rule.required" });
    if (!a.endOn) v.push({ path: `activities.${i}.endOn`, key: "registration.rule.required" });
    else if (a.startOn && a.endOn < a.startOn) v.push({ path: `activities.${i}.endOn`, key: "registration.rule.endBeforeStart" });
  });

  if (content.budget.length === 0) v.push({ path: "budget", key: "registration.rule.noBudget" });
  content.budget.forEach((line, i) => {
    required(`budget.${i}.item`, line.item);
    if (!(line.amount > 0)) v.push({ path: `budget.${i}.amount`, key: "registration.rule.amountPositive" });
  });

  const total = budgetTotal(content.budget);
  if (!(content.requested > 0)) v.push({ path: "requested", key: "registration.rule.requestedPositive" });
  if (content.budget.length > 0 && total !== content.requested + content.selfRaised) {
    v.push({
      path: "requested",
      key: "registration.rule.sumMismatch",
      params: { total, requested: content.requested, selfRaised: content.selfRaised },
    });
  }

  const typeRule = ctx.applicantType ? ctx.rules.applicantTypes[ctx.applicantType] : null;
  if (typeRule && content.requested > typeRule.maxGrantFen) {
    v.push({
      path: "requested",
      key: "registration.rule.overMaxGrant",
      params: { applicantType: ctx.applicantType!, max: typeRule.maxGrantFen },
    });
  }

  if (total > 0) {
    const minSelf = ctx.rules.minSelfRaisedPercent;
    // selfRaised / total >= minSelf / 100, compared exactly in integers
    if (minSelf > 0 && content.selfRaised * 100 < total * minSelf) {
      v.push({ path: "selfRaised", key: "registration.rule.selfRaisedTooLow", params: { min: minSelf, share: percentText(content.selfRaised, total) } });
    }
    // caps are a share of the whole project budget, or of the grant asked for (the competition decides)
    const ofGrant = ctx.rules.budgetCapBase === "grant";
    const base = ofGrant ? content.requested : total;
    for (const cap of ctx.rules.budgetCaps) {
      const lines = content.budget.map((l, i) => ({ ...l, i })).filter((l) => l.category === cap.category);
      const part = budgetTotal(lines);
      if (lines.length === 0 || withinPercent(part, base, cap.maxPercent)) continue;
      const items = lines.map((l) => l.item.trim() || `#${l.i + 1}`).join("、");
      for (const l of lines) {
        v.push({
          path: `budget.${l.i}.amount`,
          key: ofGrant ? "rules.budget.capExceededOfGrant" : "registration.rule.capExceeded",
          params: { category: cap.category, items, amount: part, share: base > 0 ? percentText(part, base) : "—", max: cap.maxPercent },
        });
      }
    }
  }
  return v;
}
