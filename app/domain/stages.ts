// The competition calendar: which stage a competition is in at a given instant.
import type { Instant } from "./time";

export const STAGES = [
  "upcoming",
  "registration",
  "initialReview",
  "review",
  "plan",
  "notice",
  "signing",
  "implementation",
  "closed",
] as const;
export type Stage = (typeof STAGES)[number];

export interface StageDates {
  registration_opens_at: Instant;
  registration_closes_at: Instant;
  initial_review_ends_at: Instant;
  review_starts_at: Instant;
  review_ends_at: Instant;
  signing_ends_at: Instant;
  implementation_ends_at: Instant;
}

/** What the stage function knows of the notice: whether one is published, and whether its period is open. */
export interface NoticeState {
  published: boolean;
  open: boolean;
}

/** The notice state at `now`, from the latest notice version's period end (null: none published yet). */
export function noticeStateAt(latestPeriodEndsAt: Instant | null | undefined, now: Date): NoticeState {
  const published = latestPeriodEndsAt !== null && latestPeriodEndsAt !== undefined;
  return { published, open: published && now.getTime() <= Date.parse(latestPeriodEndsAt) };
}

/**
 * Stages driven by dates and by the notice. After expert review ends the competition is in 确定实施方案
 * (plan) until a notice is published; in 公示 (notice) while its period runs; then in 签订协议 (signing)
 * until signing_ends_at. The notice state is required: without it no caller could tell 确定实施方案
 * from 签订协议 (issue 11 point 3).
 */
export function stageAt(dates: StageDates, now: Date, notice: NoticeState): Stage {
  const t = now.getTime();
  const at = (s: Instant) => Date.parse(s);
  if (t < at(dates.registration_opens_at)) return "upcoming";
  if (t <= at(dates.registration_closes_at)) return "registration";
  if (t <= at(dates.initial_review_ends_at)) return "initialReview";
  if (t < at(dates.review_starts_at)) return "initialReview";
  if (t <= at(dates.review_ends_at)) return "review";
  if (notice.open) return "notice";
  if (!notice.published && t <= at(dates.signing_ends_at)) return "plan";
  if (t <= at(dates.signing_ends_at)) return "signing";
  if (t <= at(dates.implementation_ends_at)) return "implementation";
  return "closed";
}

/**
 * The stages shown on the public page, in order, with their date ranges. With the first notice known,
 * 确定实施方案 runs from the end of review to its publication, 公示 over its period and 签订协议 after it.
 */
export function publicTimeline(
  dates: StageDates,
  notice?: { publishedAt: Instant; periodEndsAt: Instant } | null,
): { stage: Stage; from: Instant; to: Instant }[] {
  const noticeFrom = notice?.publishedAt ?? dates.review_ends_at;
  const noticeTo = notice?.periodEndsAt ?? dates.signing_ends_at;
  return [
    { stage: "registration", from: dates.registration_opens_at, to: dates.registration_closes_at },
    { stage: "initialReview", from: dates.registration_closes_at, to: dates.initial_review_ends_at },
    { stage: "review", from: dates.review_starts_at, to: dates.review_ends_at },
    { stage: "plan", from: dates.review_ends_at, to: noticeFrom },
    { stage: "notice", from: noticeFrom, to: noticeTo },
    { stage: "signing", from: notice ? noticeTo : dates.review_ends_at, to: dates.signing_ends_at },
    { stage: "implementation", from: dates.signing_ends_at, to: dates.implementation_ends_at },
  ];
}

/** Which stage each date bounds, and whether it is the stage's start or its end. */
export const DATE_BOUNDS: Record<keyof StageDates, { stage: Stage; edge: "start" | "end" }> = {
  registration_opens_at: { stage: "registration", edge: "start" },
  registration_closes_at: { stage: "registration", edge: "end" },
  initial_review_ends_at: { stage: "initialReview", edge: "end" },
  review_starts_at: { stage: "review", edge: "start" },
  review_ends_at: { stage: "review", edge: "end" },
  signing_ends_at: { stage: "signing", edge: "end" },
  implementation_ends_at: { stage: "implementation", edge: "end" },
};

export type DateChangeProblem = "started" | "ended" | "intoPast" | "afterNotice" | "shortensOpen";

/** When the stage an end date closes began: an open window is one whose start has passed. */
const STAGE_OPENED_BY: Partial<Record<keyof StageDates, keyof StageDates>> = {
  registration_closes_at: "registration_opens_at",
  initial_review_ends_at: "registration_closes_at",
  review_ends_at: "review_starts_at",
  signing_ends_at: "review_ends_at",
  implementation_ends_at: "signing_ends_at",
};

/**
 * Why a published competition's date `field` may not move from its value in `dates` to `after` at
 * `now`, or null when it may. Dates cannot rewrite history: a start may move only while it is still in
 * the future (and to a future instant); an end only while its stage has not ended, and never to an
 * instant already past. An open window may be extended but not cut short (people are working to the
 * deadline they were given); a future one may move either way. Once a notice is published the stages
 * before it (registration, initial and expert review) are over whatever their dates say.
 */
export function dateChangeProblem(field: keyof StageDates, dates: StageDates, after: Instant, now: Date, noticePublished: boolean): DateChangeProblem | null {
  const before = dates[field];
  if (Date.parse(before) === Date.parse(after)) return null;
  const t = now.getTime();
  const bound = DATE_BOUNDS[field];
  if (noticePublished && ["registration", "initialReview", "review"].includes(bound.stage)) return "afterNotice";
  if (bound.edge === "start" && t >= Date.parse(before)) return "started";
  if (bound.edge === "end" && t > Date.parse(before)) return "ended";
  if (Date.parse(after) <= t) return "intoPast";
  const openedBy = STAGE_OPENED_BY[field];
  if (openedBy && Date.parse(after) < Date.parse(before) && t >= Date.parse(dates[openedBy])) return "shortensOpen";
  return null;
}

/**
 * The dates of a published competition that can no longer move at `now` (their stage has begun or
 * ended, or a notice closed it): the settings form shows them read-only.
 */
export function lockedDates(dates: StageDates, now: Date, noticePublished: boolean): (keyof StageDates)[] {
  const never = "9999-12-31T15:59:59.999Z";
  return (Object.keys(DATE_BOUNDS) as (keyof StageDates)[]).filter((f) => dateChangeProblem(f, dates, never, now, noticePublished) !== null);
}
