// The competition clock (decision 011): real competitions on real time, rehearsals ahead by their offset.
import { clockFor, offsetPlusDays, offsetToReach, targetInstant } from "~/domain/clock";

const real = new Date("2027-03-01T02:00:00.000Z");
const dates = {
  registration_closes_at: "2027-03-14T15:59:59.999Z",
  initial_review_ends_at: "2027-03-21T15:59:59.999Z",
  review_starts_at: "2027-03-23T16:00:00.000Z",
  review_ends_at: "2027-04-04T15:59:59.999Z",
};

describe("clockFor", () => {
  it("ignores an offset on a real competition", () => {
    expect(clockFor({ is_rehearsal: 0, clock_offset_seconds: 86_400 }, real)).toEqual(real);
  });

  it("runs a rehearsal ahead by its offset (also when the driver returns bigint as text)", () => {
    expect(clockFor({ is_rehearsal: 1, clock_offset_seconds: "86400" }, real).toISOString()).toBe("2027-03-02T02:00:00.000Z");
  });
});

describe("advancing a rehearsal clock", () => {
  const rehearsal = { is_rehearsal: 1, clock_offset_seconds: 0 };

  it("lands just after the end of registration", () => {
    const offset = offsetToReach(rehearsal, real, targetInstant(dates, "registration", null)!)!;
    const clock = clockFor({ ...rehearsal, clock_offset_seconds: offset }, real);
    expect(clock.getTime()).toBeGreaterThan(Date.parse(dates.registration_closes_at));
    expect(clock.getTime() - Date.parse(dates.registration_closes_at)).toBeLessThanOrEqual(2000);
  });

  it("ends initial review at the start of expert review when that comes later, so scoring is open", () => {
    expect(targetInstant(dates, "initialReview", null)!.toISOString()).toBe(dates.review_starts_at);
  });

  it("has no notice target before a notice is published", () => {
    expect(targetInstant(dates, "notice", null)).toBeNull();
    expect(targetInstant(dates, "notice", "2027-04-12T15:59:59.999Z")!.toISOString()).toBe("2027-04-12T16:00:00.999Z");
  });

  it("refuses to move backwards", () => {
    const late = { is_rehearsal: 1, clock_offset_seconds: 60 * 86_400 };
    expect(offsetToReach(late, real, targetInstant(dates, "registration", null)!)).toBeNull();
  });

  it("adds whole days", () => {
    expect(offsetPlusDays({ is_rehearsal: 1, clock_offset_seconds: 10 }, 3)).toBe(10 + 3 * 86_400);
  });
});
