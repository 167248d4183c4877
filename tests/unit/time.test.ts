import { endOfShanghaiDay, formatShanghai, fromShanghaiLocal, shanghaiDate, startOfShanghaiDay } from "~/domain/time";
import { noticeStateAt, stageAt } from "~/domain/stages";
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
    const none = noticeStateAt(null, new Date(0));
    expect(stageAt(CHANGAN_2021, new Date("2021-04-11T15:59:59.999Z"), none)).toBe("upcoming");
    expect(stageAt(CHANGAN_2021, new Date("2021-04-11T16:00:00.000Z"), none)).toBe("registration");
    expect(stageAt(CHANGAN_2021, new Date("2021-05-31T15:59:59.999Z"), none)).toBe("registration");
    expect(stageAt(CHANGAN_2021, new Date("2021-05-31T16:00:00.000Z"), none)).toBe("initialReview");
    expect(stageAt(CHANGAN_2021, new Date("2021-06-20T00:00:00.000Z"), none)).toBe("review");
    expect(stageAt(CHANGAN_2021, new Date("2026-11-22T00:00:00.000Z"), none)).toBe("closed");
  });

  it("is 确定实施方案 after expert review until a notice is out, 公示 while its period runs, then 签订协议", () => {
    const afterReview = new Date(Date.parse(CHANGAN_2021.review_ends_at) + 3600_000);
    expect(stageAt(CHANGAN_2021, afterReview, noticeStateAt(null, afterReview))).toBe("plan");
    const periodEnd = new Date(afterReview.getTime() + 7 * 86400_000).toISOString();
    expect(stageAt(CHANGAN_2021, afterReview, noticeStateAt(periodEnd, afterReview))).toBe("notice");
    const later = new Date(Date.parse(periodEnd) + 1);
    expect(stageAt(CHANGAN_2021, later, noticeStateAt(periodEnd, later))).toBe("signing");
  });
});
