// The manifest of a competition's settings (in the manner of Decidim's component manifests): every
// rule the organizer sets, its type (the zod schema of competition-rules.ts), its default
// (domain-practice §7) and the stage whose beginning freezes it. Services read the rules from here
// through pure functions taking the rules object, so other work (fair review's normalisation, a
// lottery) adds entries and functions without touching the services' shape.
import { addWorkingDays, type WorkCalendar } from "./calendar";
import { type CompetitionRules, type Tranche, DEFAULT_RULES, competitionRulesSchema } from "./competition-rules";
import type { SelectionRules } from "./selection";
import { type CalendarDate, addCalendarDays } from "./time";

export const settingsSchema = competitionRulesSchema;
export const defaultSettings: CompetitionRules = DEFAULT_RULES;
export type Settings = CompetitionRules;

/** The stages whose beginning freezes settings, in order. */
export const FREEZE_STAGES = ["registration", "review", "notice", "signing"] as const;
export type FreezeStage = (typeof FREEZE_STAGES)[number];

export interface SettingEntry {
  /** the form field (and error key) of the setting */
  field: string;
  /** the stage that uses the setting: once it has begun the setting cannot change */
  freezesAt: FreezeStage;
  read: (rules: CompetitionRules) => unknown;
}

const sortedCaps = (r: CompetitionRules) => [...r.budgetCaps].sort((a, b) => a.category.localeCompare(b.category));
const sortedQuotas = (r: CompetitionRules) => [...r.selection.categoryQuotas].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode));

/**
 * Every setting and when it freezes. Eligibility and budget rules are what applicants apply under
 * (registration); the rubric too, since applicants write to it. Review and selection rules freeze
 * when expert review begins: from the first score the organizer's ranking page shows who would be
 * funded, so changing the method, line, quotas or partial grants afterwards would choose winners.
 * The notice length and investigation days freeze with the first notice; tranches with the first
 * agreement (its text quotes them).
 */
export const SETTINGS_MANIFEST: readonly SettingEntry[] = [
  { field: "applicantTypes", freezesAt: "registration", read: (r) => r.applicantTypes },
  { field: "minTeamMembers", freezesAt: "registration", read: (r) => r.minTeamMembers },
  { field: "maxProposalsPerApplicant", freezesAt: "registration", read: (r) => r.maxProposalsPerApplicant },
  { field: "minSelfRaisedPercent", freezesAt: "registration", read: (r) => r.minSelfRaisedPercent },
  { field: "budgetCaps", freezesAt: "registration", read: sortedCaps },
  { field: "budgetCapBase", freezesAt: "registration", read: (r) => r.budgetCapBase },
  { field: "rubric", freezesAt: "registration", read: (r) => r.rubric },
  { field: "reviewRounds", freezesAt: "review", read: (r) => r.review.rounds },
  { field: "expertsPerProposal", freezesAt: "review", read: (r) => r.review.expertsPerProposal },
  { field: "blind", freezesAt: "review", read: (r) => r.review.blind },
  { field: "aggregation", freezesAt: "review", read: (r) => r.review.aggregation },
  { field: "trimMinScores", freezesAt: "review", read: (r) => r.review.trimMinScores },
  { field: "qualificationLine", freezesAt: "review", read: (r) => r.review.qualificationLineCenti },
  { field: "outlierDistance", freezesAt: "review", read: (r) => r.review.outlierDistanceCenti },
  // fair review (issue 16): how scores are combined, normalised, flagged and drawn; all used from the first score
  { field: "trimCount", freezesAt: "review", read: (r) => r.review.trimCount },
  { field: "normalisation", freezesAt: "review", read: (r) => r.review.normalisation },
  { field: "normalisationMinScores", freezesAt: "review", read: (r) => r.review.normalisationMinScores },
  { field: "discordance", freezesAt: "review", read: (r) => r.review.discordanceCenti },
  { field: "minExpertsPerProposal", freezesAt: "review", read: (r) => r.review.minExpertsPerProposal },
  { field: "maxLoadPerExpert", freezesAt: "review", read: (r) => r.review.maxLoadPerExpert },
  { field: "nearTieBand", freezesAt: "review", read: (r) => r.selection.nearTieBandCenti },
  { field: "lotterySeedSource", freezesAt: "review", read: (r) => r.selection.lotterySeedSource },
  { field: "lotteryDivisions", freezesAt: "review", read: (r) => [...r.selection.lotteryDivisions].map((c) => c.toUpperCase()).sort() },
  { field: "allowPartialGrant", freezesAt: "review", read: (r) => r.selection.allowPartialGrant },
  { field: "minGrant", freezesAt: "review", read: (r) => r.selection.minGrantFen },
  { field: "categoryQuotas", freezesAt: "review", read: sortedQuotas },
  { field: "noticeWorkingDays", freezesAt: "notice", read: (r) => r.notice.workingDays },
  { field: "objectionInvestigationWorkingDays", freezesAt: "notice", read: (r) => r.objectionInvestigationWorkingDays },
  { field: "tranches", freezesAt: "signing", read: (r) => r.tranches },
];

/** What has happened in a competition (from the database), which, with its dates, says which stages have begun. */
export interface CompetitionProgress {
  published: boolean;
  anySubmitted: boolean;
  reviewStarted: boolean;
  noticePublished: boolean;
  anyAgreement: boolean;
}

export interface FreezeDates {
  registration_opens_at: string;
  review_starts_at: string;
}

/**
 * The stages that have begun: by what happened (a submission, an assignment run, a notice, an
 * agreement), or, for a published competition, by its calendar (registration open, review started).
 */
export function stagesBegun(dates: FreezeDates, progress: CompetitionProgress, now: Date): Set<FreezeStage> {
  const t = now.getTime();
  const byDate = (at: string) => progress.published && t >= Date.parse(at);
  const begun = new Set<FreezeStage>();
  if (progress.anySubmitted || byDate(dates.registration_opens_at)) begun.add("registration");
  if (progress.reviewStarted || byDate(dates.review_starts_at)) begun.add("review");
  if (progress.noticePublished) begun.add("notice");
  if (progress.anyAgreement) begun.add("signing");
  return begun;
}

/** The settings' fields frozen once `begun` stages have begun. */
export function frozenFields(begun: ReadonlySet<FreezeStage>): string[] {
  return SETTINGS_MANIFEST.filter((e) => begun.has(e.freezesAt)).map((e) => e.field);
}

/** The settings that differ between two rule sets, with the stage that freezes each. */
export function changedSettings(before: CompetitionRules, after: CompetitionRules): SettingEntry[] {
  return SETTINGS_MANIFEST.filter((e) => JSON.stringify(e.read(before)) !== JSON.stringify(e.read(after)));
}

/** The selection rules of one competition, with its category quotas keyed by category id. */
export function selectionRulesOf(rules: CompetitionRules, categories: readonly { id: number; code: string }[]): SelectionRules {
  const idOf = new Map(categories.map((c) => [c.code.toLowerCase(), c.id]));
  const quotas = new Map<number, number>();
  for (const q of rules.selection.categoryQuotas) {
    const id = idOf.get(q.categoryCode.toLowerCase());
    if (id !== undefined) quotas.set(id, q.maxFunded);
  }
  return {
    qualificationLineCenti: rules.review.qualificationLineCenti,
    allowPartialGrant: rules.selection.allowPartialGrant,
    minGrantFen: rules.selection.minGrantFen,
    maxFundedPerCategory: quotas,
  };
}

/**
 * The day a tranche falls due for an agreement signed on `signedOn` (Shanghai date): N working days
 * after signing (the signing day never counts) or N calendar days, as the tranche says. Working days
 * throw CalendarYearNotCovered when they reach a year without official holidays.
 */
export function trancheDueOn(signedOn: CalendarDate, tranche: Tranche, calendar: WorkCalendar): CalendarDate {
  return tranche.dueUnit === "working" ? addWorkingDays(signedOn, tranche.dueAfterDays, calendar) : addCalendarDays(signedOn, tranche.dueAfterDays);
}

/** The last day to finish investigating an objection received on `receivedOn`. */
export function investigationDueOn(receivedOn: CalendarDate, rules: CompetitionRules, calendar: WorkCalendar): CalendarDate {
  return addWorkingDays(receivedOn, rules.objectionInvestigationWorkingDays, calendar);
}
