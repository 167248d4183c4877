import fc from "fast-check";
import { DEFAULT_RULES } from "~/domain/competition-rules";
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from "~/domain/credit-code";
import { checkEligibility } from "~/domain/eligibility";
import { isValidMobile } from "~/domain/mobile";
import { submissionRefusal } from "~/domain/proposal-lifecycle";
import { type ProposalContent, checkProposal } from "~/domain/proposal-rules";
import { organizationSchema } from "~/schemas/organization";
import { proposalFormSchema, proposalSubmitSchema } from "~/schemas/proposal";

const ctx = { rules: DEFAULT_RULES, applicantType: "social_org" as const, divisionIds: [1, 2], categoryIds: [10, 11] };

function content(overrides: Partial<ProposalContent> = {}): ProposalContent {
  return {
    title: "垃圾分类进小区",
    divisionId: 1,
    categoryId: 10,
    community: "韦曲街道青年路社区",
    beneficiaries: "社区居民",
    beneficiaryCount: 500,
    goals: "提高垃圾分类准确率",
    activities: [{ name: "入户宣传", startOn: "2021-08-01", endOn: "2021-09-30", description: "逐户讲解" }],
    budget: [
      { category: "personnel", item: "讲师课酬", amount: 3_000_00 },
      { category: "activity", item: "宣传活动", amount: 7_000_00 },
    ],
    requested: 10_000_00,
    selfRaised: 0,
    ...overrides,
  };
}

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts the published examples", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(isValidCreditCode("91110000802100433B")).toBe(true);
  });

  it("refuses a code whose check character is wrong", () => {
    expect(creditCodeProblem("91350100M000100Y44")).toBe("checkCharacter");
    expect(creditCodeProblem("91350100M000100Y4")).toBe("length");
    expect(creditCodeProblem("91350100M000100YI3")).toBe("charset"); // I is not in the charset
  });

  it("accepts every code completed with its computed check character, and no other last character", () => {
    const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 9, maxLength: 9 }), fc.constantFrom(...chars), (org, wrong) => {
        const first17 = `52610116${org.join("")}`;
        const check = creditCodeCheckCharacter(first17)!;
        expect(isValidCreditCode(first17 + check)).toBe(true);
        if (wrong !== check) expect(isValidCreditCode(first17 + wrong)).toBe(false);
      }),
    );
  });
});

describe("mobile numbers", () => {
  it("accepts 11-digit mainland mobiles, with or without +86", () => {
    expect(isValidMobile("13800000004")).toBe(true);
    expect(isValidMobile("+86 138 0000 0004")).toBe(true);
    expect(isValidMobile("12800000004")).toBe(false);
    expect(isValidMobile("1380000000")).toBe(false);
  });
});

describe("proposal rules", () => {
  it("accepts a complete proposal within every cap", () => {
    expect(checkProposal(content(), ctx)).toEqual([]);
  });

  it("refuses a personnel share above 30 % and names the line and category", () => {
    const v = checkProposal(
      content({ budget: [{ category: "personnel", item: "讲师课酬", amount: 3_001_00 }, { category: "activity", item: "宣传活动", amount: 6_999_00 }] }),
      ctx,
    );
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ path: "budget.0.amount", key: "registration.rule.capExceeded" });
    const parsed = proposalSubmitSchema(ctx).safeParse({
      title: "t", divisionId: "1", categoryId: "10", community: "c", beneficiaries: "b", beneficiaryCount: "5", goals: "g",
      activities: [{ name: "a", startOn: "2021-08-01", endOn: "2021-08-02", description: "" }],
      budget: [{ category: "personnel", item: "讲师课酬", amount: "3001" }, { category: "activity", item: "宣传活动", amount: "6999" }],
      requested: "10000", selfRaised: "",
    });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join(".") === "budget.0.amount")!;
    expect(issue.message).toContain("人员劳务费");
    expect(issue.message).toContain("讲师课酬");
    expect(issue.message).toContain("30%");
  });

  it("allows exactly the cap", () => {
    expect(checkProposal(content(), ctx)).toEqual([]); // 3,000 of 10,000 = 30 %
  });

  it("measures caps against the whole budget, self-raised money included", () => {
    const c = content({
      budget: [{ category: "management", item: "管理费", amount: 600_00 }, { category: "activity", item: "活动", amount: 9_400_00 }],
      requested: 8_000_00,
      selfRaised: 2_000_00,
    });
    expect(checkProposal(c, ctx).map((v) => v.key)).toEqual(["registration.rule.capExceeded"]); // 6 % > 5 %
  });

  it("requires the budget lines to add up to requested + self-raised", () => {
    const v = checkProposal(content({ requested: 9_000_00 }), ctx);
    expect(v.map((x) => [x.path, x.key])).toContainEqual(["requested", "registration.rule.sumMismatch"]);
  });

  it("refuses a request above the applicant type's maximum grant", () => {
    const team = { ...ctx, applicantType: "resident_team" as const };
    const c = content({
      budget: [{ category: "activity", item: "活动", amount: 20_000_01 }],
      requested: 20_000_01,
    });
    expect(checkProposal(c, team).map((v) => v.key)).toEqual(["registration.rule.overMaxGrant"]);
    expect(checkProposal({ ...c, budget: [{ category: "activity", item: "活动", amount: 20_000_00 }], requested: 20_000_00 }, team)).toEqual([]);
  });

  it("enforces a minimum self-raised share when the competition sets one", () => {
    const rules = { ...DEFAULT_RULES, minSelfRaisedPercent: 40 };
    const c = content({ requested: 6_000_01, selfRaised: 3_999_99 });
    expect(checkProposal(c, { ...ctx, rules }).map((v) => v.path)).toEqual(["selfRaised"]);
    expect(checkProposal(content({ requested: 6_000_00, selfRaised: 4_000_00 }), { ...ctx, rules })).toEqual([]);
  });

  it("refuses a division or category of another competition", () => {
    const v = checkProposal(content({ divisionId: 99, categoryId: 98 }), ctx);
    expect(v.map((x) => x.key)).toEqual(["registration.rule.unknownDivision", "registration.rule.unknownCategory"]);
  });

  it("lets a draft be saved with empty fields but turns typed yuan into fen", () => {
    const parsed = proposalFormSchema.parse({ title: "", requested: "12,345.6", budget: [{ category: "other", item: "", amount: "" }] });
    expect(parsed.requested).toBe(1_234_560);
    expect(parsed.budget[0].amount).toBe(0);
    expect(proposalFormSchema.safeParse({ requested: "12.345" }).success).toBe(false);
  });
});

describe("eligibility", () => {
  const profile = {
    applicantType: "resident_team" as const, name: "青年路邻里互助队", creditCode: null, filingNumber: null, legalRep: null,
    contactName: "张三", contactMobile: "13900000001", teamMemberCount: 3,
  };
  it("accepts a resident team of three and refuses one of two", () => {
    expect(checkEligibility(profile, DEFAULT_RULES, 0)).toEqual([]);
    expect(checkEligibility({ ...profile, teamMemberCount: 2 }, DEFAULT_RULES, 0).map((v) => v.key)).toEqual(["registration.rule.teamTooSmall"]);
  });
  it("refuses a second proposal when one is allowed", () => {
    expect(checkEligibility(profile, DEFAULT_RULES, 1).map((v) => v.key)).toEqual(["registration.rule.tooManyProposals"]);
  });
  it("refuses an applicant type the competition does not accept", () => {
    const rules = { ...DEFAULT_RULES, applicantTypes: { ...DEFAULT_RULES.applicantTypes, resident_team: { enabled: false, maxGrantFen: 0 } } };
    expect(checkEligibility(profile, rules, 0).map((v) => v.key)).toEqual(["registration.rule.typeNotAccepted"]);
  });
});

describe("applicant profile form", () => {
  const base = { name: "长安区阳光社工服务中心", applicantType: "social_org", legalRep: "王芳", contactName: "王芳", contactMobile: "13800000004", address: "韦曲街道" };
  it("refuses an invalid credit code next to its field", () => {
    const r = organizationSchema().safeParse({ ...base, creditCode: "52610116MJX000000X" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["creditCode", "registration.profile.creditCodeInvalid"]);
  });
  it("accepts a valid code typed in lower case with spaces", () => {
    const first17 = "52610116MJX00000";
    const code = `${first17}1${creditCodeCheckCharacter(`${first17}1`)}`;
    const r = organizationSchema().safeParse({ ...base, creditCode: ` ${code.toLowerCase().slice(0, 9)} ${code.toLowerCase().slice(9)}` });
    expect(r.success && r.data.creditCode).toBe(code);
  });
  it("requires a resident team to list at least the minimum of members", () => {
    const team = { ...base, applicantType: "resident_team", members: [{ name: "张三", mobile: "13900000001" }, { name: "李四", mobile: "13900000002" }] };
    expect(organizationSchema(3).safeParse(team).success).toBe(false);
    expect(organizationSchema(2).safeParse(team).success).toBe(true);
  });
});

describe("submission window (judged on the server clock)", () => {
  const competition = { registration_opens_at: "2021-04-11T16:00:00.000Z", registration_closes_at: "2021-05-31T15:59:59.999Z" };
  const draft = { status: "draft" as const, correction_deadline_at: null };
  it("accepts the last millisecond of 31 May (Beijing time) and refuses one second later", () => {
    expect(submissionRefusal(draft, competition, new Date("2021-05-31T15:59:59.999Z"))).toBeNull();
    expect(submissionRefusal(draft, competition, new Date("2021-05-31T16:00:00.999Z"))).toBe("closed");
  });
  it("lets a returned proposal be resubmitted until its correction deadline", () => {
    const returned = { status: "returned" as const, correction_deadline_at: "2021-06-10T15:59:59.999Z" };
    expect(submissionRefusal(returned, competition, new Date("2021-06-09T00:00:00Z"))).toBeNull();
    expect(submissionRefusal(returned, competition, new Date("2021-06-10T16:00:00Z"))).toBe("correctionClosed");
    expect(submissionRefusal({ ...draft, status: "submitted" }, competition, new Date("2021-05-01T00:00:00Z"))).toBe("notEditable");
  });
});
