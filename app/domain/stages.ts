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

/**
 * Stages driven by dates. The notice stage is driven by a published notice instead,
 * so between the end of review and signing the calendar only says "plan".
 */
export function stageAt(dates: StageDates, now: Date, noticeOpen = false): Stage {
  const t = now.getTime();
  const at = (s: Instant) => Date.parse(s);
  if (t < at(dates.registration_opens_at)) return "upcoming";
  if (t <= at(dates.registration_closes_at)) return "registration";
  if (t <= at(dates.initial_review_ends_at)) return "initialReview";
  if (t < at(dates.review_starts_at)) return "initialReview";
  if (t <= at(dates.review_ends_at)) return "review";
  if (noticeOpen) return "notice";
  if (t <= at(dates.signing_ends_at)) return "signing";
  if (t <= at(dates.implementation_ends_at)) return "implementation";
  return "closed";
}

/** The stages shown on the public page, in order, with their date ranges. */
export function publicTimeline(dates: StageDates): { stage: Stage; from: Instant; to: Instant }[] {
  return [
    { stage: "registration", from: dates.registration_opens_at, to: dates.registration_closes_at },
    { stage: "initialReview", from: dates.registration_closes_at, to: dates.initial_review_ends_at },
    { stage: "review", from: dates.review_starts_at, to: dates.review_ends_at },
    { stage: "notice", from: dates.review_ends_at, to: dates.signing_ends_at },
    { stage: "signing", from: dates.review_ends_at, to: dates.signing_ends_at },
    { stage: "implementation", from: dates.signing_ends_at, to: dates.implementation_ends_at },
  ];
}
