// Small rule defects of issue 11 point 6, each guarded by the case that found it.
import fc from "fast-check";
import { creditCodeCheckCharacter, creditCodeProblem, isCivilAffairsRegistration } from "~/domain/credit-code";
import { parseMobile } from "~/domain/mobile";
import { parseYuan, splitByPercents } from "~/domain/money";
import { fromShanghaiLocal, isCalendarDate } from "~/domain/time";
import { endInstant, toLocalInput } from "~/schemas/competition";
import { objectionSchema } from "~/schemas/notice";
import { organizationSchema } from "~/schemas/organization";

const withCheck = (first17: string) => first17 + creditCodeCheckCharacter(first17);
const profile = {
  name: "长安区某某社会服务中心", applicantType: "social_org", legalRep: "王芳", contactName: "王芳",
  contactMobile: "13800138000", address: "西安市长安区韦曲街道", members: [],
};

describe("统一社会信用代码 of a 社会组织", () => {
  it("refuses an enterprise code (91…) as a 社会组织 even though its check character is right", () => {
    const enterprise = "91350100M000100Y43";
    expect(creditCodeProblem(enterprise)).toBeNull();
    const r = organizationSchema().safeParse({ ...profile, creditCode: enterprise });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["creditCode", "rules.creditCode.notCivilAffairs"]);
  });

  it("accepts a civil-affairs code (52…)", () => {
    const r = organizationSchema().safeParse({ ...profile, creditCode: withCheck("52610116MJX000001") });
    expect(r.success).toBe(true);
  });

  it("refuses an unknown registration-authority character and a type that authority does not register", () => {
    expect(creditCodeProblem(withCheck("B2610116MJX000001"))).toBe("authority");
    expect(creditCodeProblem(withCheck("0261011600000000A").slice(0, 18))).toBe("authority");
    expect(creditCodeProblem(withCheck("57610116MJX000001"))).toBe("orgType"); // 民政 registers 1, 2, 3, 9
    expect(creditCodeProblem(withCheck("94610116MJX000001"))).toBe("orgType"); // 工商 registers 1, 2, 3
    expect(isCivilAffairsRegistration(withCheck("53610116MJX000001"))).toBe(true);
    expect(isCivilAffairsRegistration(withCheck("12610116MJX000001"))).toBe(false);
  });
});

describe("money typed with separators", () => {
  it("refuses misplaced thousands separators instead of guessing", () => {
    expect(parseYuan("12,34")).toBeNull();
    expect(parseYuan("1,2345.00")).toBeNull();
    expect(parseYuan("1,234,56")).toBeNull();
    expect(parseYuan(",123")).toBeNull();
    expect(parseYuan("1,234 567")).toBeNull(); // mixed separators
  });
  it("accepts separators that group whole thousands", () => {
    expect(parseYuan("1,234.00")).toBe(123_400);
    expect(parseYuan("4，100，000")).toBe(410_000_000);
    expect(parseYuan("1 234 567.8元")).toBe(123_456_780);
    expect(parseYuan("1234")).toBe(123_400);
  });
  it("reads full-width digits and punctuation from a Chinese input method, and a ¥ sign", () => {
    expect(parseYuan("１２３４．５")).toBe(123_450);
    expect(parseYuan("１，２３４")).toBe(123_400);
    expect(parseYuan("￥1,000")).toBe(100_000);
    expect(parseYuan("¥ 1000.00元")).toBe(100_000);
    expect(parseYuan("１２，３４")).toBeNull();
    expect(parseYuan("¥-5")).toBeNull();
    expect(parseYuan("¥")).toBeNull();
  });
  it("round-trips every amount formatted with separators", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 14 }), (fen) => {
        const text = `${Math.floor(fen / 100).toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;
        return parseYuan(text) === fen;
      }),
    );
  });
});

describe("tranche split by largest remainder", () => {
  it("gives the leftover fen to the tranche that lost most in rounding, not to a whole one", () => {
    // 10,002 fen at 50/25/25: 5,001 is whole; 2,500.5 and 2,500.5 each lost half a fen
    expect(splitByPercents(10_002, [50, 25, 25])).toEqual([5_001, 2_501, 2_500]);
    // 50/30/20 of 99 fen: 49.5 / 29.7 / 19.8 → the 0.8 and 0.7 remainders win
    expect(splitByPercents(99, [50, 30, 20])).toEqual([49, 30, 20]);
  });
  it("never moves a part more than one fen away from its exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (total, a, b) => {
        const p = [Math.min(a, 100), Math.min(b, 100 - Math.min(a, 100))];
        const percents = [...p, 100 - p[0] - p[1]];
        const parts = splitByPercents(total, percents);
        return (
          parts.reduce((x, y) => x + y, 0) === total &&
          parts.every((part, i) => part * 100 >= total * percents[i] - 100 && part * 100 <= total * percents[i] + 100) &&
          parts.every((part, i) => (total * percents[i]) % 100 !== 0 || part * 100 === total * percents[i])
        );
      }),
    );
  });
});

describe("closing times and impossible dates", () => {
  it("a closing time typed with seconds covers that whole second", () => {
    expect(endInstant.parse("2027-05-31T23:59:30")).toBe("2027-05-31T15:59:30.999Z");
    expect(endInstant.parse("2027-05-31T23:59")).toBe("2027-05-31T15:59:59.999Z");
  });
  it("the form shows a stored closing time so that saving it again keeps it", () => {
    for (const stored of ["2027-05-31T15:59:30.999Z", "2027-05-31T15:59:59.999Z"]) {
      expect(endInstant.parse(toLocalInput(stored, true))).toBe(stored);
    }
  });
  it("refuses 2026-02-30 and 24:00", () => {
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(fromShanghaiLocal("2026-02-30T10:00")).toBeNull();
    expect(fromShanghaiLocal("2026-03-01T24:00")).toBeNull();
    expect(endInstant.safeParse("2026-02-30T23:59").success).toBe(false);
  });
});

describe("one mobile parser for every form", () => {
  it("the objection form accepts +86 138 0013 8000 like the profile form", () => {
    const objection = objectionSchema.safeParse({ proposalId: "1", name: "李明", mobile: "+86 138 0013 8000", relation: "resident", reasons: "该项目的申报主体与评审专家存在利害关系，请核查。".repeat(1) });
    expect(objection.success && objection.data.mobile).toBe("13800138000");
    const prof = organizationSchema().safeParse({ ...profile, creditCode: withCheck("52610116MJX000001"), contactMobile: "+86 138 0013 8000" });
    expect(prof.success && prof.data.contactMobile).toBe("13800138000");
  });
  it("reads full-width digits, dashes and a 0086 prefix; refuses landlines", () => {
    expect(parseMobile("１３８００１３８０００")).toBe("13800138000");
    expect(parseMobile("0086-138-0013-8000")).toBe("13800138000");
    expect(parseMobile("029-85212345")).toBeNull();
    expect(parseMobile("12800138000")).toBeNull();
  });
});
