// The competition's clock (decision 011). A real competition lives on real time; a rehearsal
// competition (演练) runs ahead of it by an offset the organizer advances, so a whole lifecycle can be
// tried in minutes. Every judgment of a stage or deadline asks `clockFor` for "now".
import type { Instant } from "./time";

export interface ClockedCompetition {
  is_rehearsal: number | boolean;
  clock_offset_seconds: number | string | bigint;
}

export const DAY_SECONDS = 24 * 60 * 60;

export function isRehearsal(c: Pick<ClockedCompetition, "is_rehearsal">): boolean {
  return Number(c.is_rehearsal) === 1 || c.is_rehearsal === true;
}

/** The instant "now" means for this competition, given the real time. */
export function clockFor(c: ClockedCompetition, realNow: Date): Date {
  if (!isRehearsal(c)) return realNow;
  return new Date(realNow.getTime() + Number(c.clock_offset_seconds) * 1000);
}

/** Where the organizer may move a rehearsal's clock to. */
export const CLOCK_TARGETS = ["registration", "initialReview", "review", "notice"] as const;
export type ClockTarget = (typeof CLOCK_TARGETS)[number];

export interface ClockDates {
  registration_closes_at: Instant;
  initial_review_ends_at: Instant;
  review_starts_at: Instant;
  review_ends_at: Instant;
}

/**
 * The first instant after the end of a stage: registration → its close; initial review → its end,
 * or the start of expert review if that is later (so scoring is open); expert review → its end;
 * notice → the end of the latest notice's period (null while no notice is published).
 */
export function targetInstant(dates: ClockDates, target: ClockTarget, noticePeriodEndsAt: Instant | null): Date | null {
  const after = (s: Instant) => new Date(Date.parse(s) + 1000);
  switch (target) {
    case "registration":
      return after(dates.registration_closes_at);
    case "initialReview":
      return new Date(Math.max(after(dates.initial_review_ends_at).getTime(), Date.parse(dates.review_starts_at)));
    case "review":
      return after(dates.review_ends_at);
    case "notice":
      return noticePeriodEndsAt ? after(noticePeriodEndsAt) : null;
  }
}

/**
 * The new offset that makes the rehearsal's clock read `target` at `realNow`. A clock only moves
 * forward: a target already behind the clock keeps the current offset (returns null).
 */
export function offsetToReach(c: ClockedCompetition, realNow: Date, target: Date): number | null {
  const current = clockFor(c, realNow).getTime();
  if (target.getTime() <= current) return null;
  return Number(c.clock_offset_seconds) + Math.ceil((target.getTime() - current) / 1000);
}

/** The offset after moving the clock on by whole days. */
export function offsetPlusDays(c: ClockedCompetition, days: number): number {
  return Number(c.clock_offset_seconds) + days * DAY_SECONDS;
}
