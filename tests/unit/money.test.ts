import fc from "fast-check";
import { formatYuan, parseYuan, splitByPercents, withinPercent, yuanToFen } from "~/domain/money";

describe("money in fen", () => {
  it("formats fen as yuan with two decimals and separators", () => {
    expect(formatYuan(410_000_000)).toBe("4,100,000.00");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(-12_345)).toBe("-123.45");
  });

  it("parses what people type, refusing more than two decimals", () => {
    expect(parseYuan("12,345.6")).toBe(1_234_560);
    expect(parseYuan("100元")).toBe(10_000);
    expect(parseYuan("0.015")).toBeNull();
    expect(parseYuan("abc")).toBeNull();
    expect(parseYuan("-5")).toBeNull();
  });

  it("refuses a fractional fen", () => {
    expect(() => yuanToFen(0.001)).toThrow(RangeError);
  });

  it("splits a grant 50/30/20 without losing a fen", () => {
    expect(splitByPercents(8_000_000, [50, 30, 20])).toEqual([4_000_000, 2_400_000, 1_600_000]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (total) => {
        const parts = splitByPercents(total, [50, 30, 20]);
        return parts.reduce((a, b) => a + b, 0) === total && parts.every((p) => Number.isInteger(p) && p >= 0);
      }),
    );
  });

  it("compares shares exactly at the cap", () => {
    expect(withinPercent(30, 100, 30)).toBe(true);
    expect(withinPercent(31, 100, 30)).toBe(false);
  });
});
