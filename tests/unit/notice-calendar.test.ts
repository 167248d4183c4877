// The working-day calendar behind the notice period: statutory holidays, make-up workdays, overrides.
import chineseDays from "chinese-days";
import { isWorkingDay, noticePeriod, nthWorkingDayFrom, overridesFrom, workingDaysBetween } from "~/domain/calendar";
import { addCalendarDays, fromShanghaiLocal } from "~/domain/time";

const at = (local: string) => fromShanghaiLocal(local)!;

describe("working days on the mainland China calendar", () => {
  it("treats National Day 2021 (Oct 1–7) as holidays and Sunday Sep 26 and Saturday Oct 9 as make-up workdays", () => {
    for (let d = "2021-10-01"; d <= "2021-10-07"; d = addCalendarDays(d, 1)) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay("2021-09-26")).toBe(true); // Sunday, 调休
    expect(isWorkingDay("2021-10-09")).toBe(true); // Saturday, 调休
    expect(isWorkingDay("2021-10-10")).toBe(false); // ordinary Sunday
    expect(isWorkingDay("2021-10-08")).toBe(true);
  });

  it("treats the Dragon Boat Festival 2021 (Jun 12–14, Monday included) as holidays", () => {
    expect(workingDaysBetween("2021-06-10", "2021-06-16")).toEqual(["2021-06-10", "2021-06-11", "2021-06-15", "2021-06-16"]);
  });

  it("agrees with chinese-days' own isWorkday on every day of 2021 when there are no overrides", () => {
    for (let d = "2021-01-01"; d <= "2021-12-31"; d = addCalendarDays(d, 1)) {
      expect(isWorkingDay(d), d).toBe(chineseDays.isWorkday(d));
    }
  });

  it("counts the nth working day from a working day", () => {
    expect(nthWorkingDayFrom("2021-07-05", 1)).toBe("2021-07-05");
    expect(nthWorkingDayFrom("2021-07-05", 5)).toBe("2021-07-09");
    expect(nthWorkingDayFrom("2021-07-09", 2)).toBe("2021-07-12");
  });
});

describe("the notice period", () => {
  it("runs 5 working days across National Day 2021, counting the make-up Saturday Oct 9", () => {
    // Published Thursday Sep 30: day 1 is Oct 8 (the holiday week is skipped), then Sat Oct 9 (调休),
    // Mon 11, Tue 12, Wed 13.
    const period = noticePeriod(at("2021-09-30T10:00"), 5);
    expect(period).toEqual({ startsOn: "2021-10-08", endsOn: "2021-10-13", endsAt: "2021-10-13T15:59:59.999Z" });
  });

  it("runs 5 working days across the Dragon Boat Festival 2021", () => {
    // Published Thursday Jun 10: Fri 11, (Sat 12 – Mon 14 off), Tue 15, Wed 16, Thu 17, Fri 18.
    expect(noticePeriod(at("2021-06-10T09:00"), 5)).toEqual({
      startsOn: "2021-06-11", endsOn: "2021-06-18", endsAt: "2021-06-18T15:59:59.999Z",
    });
  });

  it("does not count the day of publishing, even when published first thing in the morning", () => {
    const period = noticePeriod(at("2021-07-05T00:01"), 5); // Monday
    expect(period.startsOn).toBe("2021-07-06");
    expect(period.endsOn).toBe("2021-07-12");
  });

  it("judges the publishing date in Shanghai: 23:30 on Sunday UTC is already Monday in Shanghai", () => {
    const period = noticePeriod(new Date("2021-07-04T16:30:00Z"), 5); // Mon Jul 5 00:30 in Shanghai
    expect(period.startsOn).toBe("2021-07-06");
  });

  it("moves the end when the organizer corrects the calendar", () => {
    const plain = noticePeriod(at("2021-09-30T10:00"), 5);
    // Organizer marks Mon Oct 11 as a local holiday: the period ends one working day later.
    const withHoliday = noticePeriod(at("2021-09-30T10:00"), 5, overridesFrom([{ dateOn: "2021-10-11", kind: "holiday" }]));
    expect(withHoliday.endsOn).toBe("2021-10-14");
    // Organizer marks Sun Oct 10 as a working day: the period ends one day earlier than plain.
    const withWorkday = noticePeriod(at("2021-09-30T10:00"), 5, overridesFrom([{ dateOn: "2021-10-10", kind: "workday" }]));
    expect(withWorkday.endsOn).toBe("2021-10-12");
    expect(plain.endsOn).toBe("2021-10-13");
  });

  it("uses the configured number of working days", () => {
    expect(noticePeriod(at("2021-07-02T10:00"), 7).endsOn).toBe("2021-07-13");
  });
});
