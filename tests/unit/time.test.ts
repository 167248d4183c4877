import { endOfShanghaiDay, formatShanghai, fromShanghaiLocal, shanghaiDate, startOfShanghaiDay } from "~/domain/time";
import { stageAt } from "~/domain/stages";
import { CHANGAN_2021 } from "../../seeds/changan-2021";

describe("Asia/Shanghai calendar days", () => {
  it("puts 2021-05-31 23:59 Beijing time on the 31st though it is 15:59 UTC", () => {
    expect(shanghaiDate("2021-05-31T15:59:00.000Z")).toBe("2021-05-31");
    expect(shanghaiDate("2021-05-31T16:00:00.000Z")).toBe("2021-06-01");
  });

  it("closes a day at its last millisecond in Shanghai", () => {
    expect(endOfShanghaiDay("2021-05-31").toISOString()).toBe("2021-05-31T15:59:59.999Z");
    expect(startOfShanghaiDay("2021-04-12").toISOString()).toBe("2021-04-11T16:00:00.000Z");
  });

  it("reads datetime-local input as Shanghai wall-clock time", () => {
    expect(fromShanghaiLocal("2021-04-12T09:30")?.toISOString()).toBe("2021-04-12T01:30:00.000Z");
    expect(fromShanghaiLocal("not a time")).toBeNull();
    expect(formatShanghai("2021-04-12T01:30:00.000Z")).toBe("2021年4月12日 09:30");
  });
});

describe("competition stages", () => {
  it("follows the Chang'an 2021 calendar", () => {
    expect(stageAt(CHANGAN_2021, new Date("2021-04-11T15:59:59.999Z"))).toBe("upcoming");
    expect(stageAt(CHANGAN_2021, new Date("2021-04-11T16:00:00.000Z"))).toBe("registration");
    expect(stageAt(CHANGAN_2021, new Date("2021-05-31T15:59:59.999Z"))).toBe("registration");
    expect(stageAt(CHANGAN_2021, new Date("2021-05-31T16:00:00.000Z"))).toBe("initialReview");
    expect(stageAt(CHANGAN_2021, new Date("2021-06-20T00:00:00.000Z"))).toBe("review");
    expect(stageAt(CHANGAN_2021, new Date("2026-11-22T00:00:00.000Z"))).toBe("closed");
  });
});
