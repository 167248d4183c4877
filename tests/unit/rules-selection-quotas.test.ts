// Category quotas in selection (issue 11 point 2): a division never funds more projects of a
// category than its quota, and quotas only ever skip — they never fund someone the plain rule would not reach.
import fc from "fast-check";
import { frozenFields, stagesBegun } from "~/domain/competition-settings";
import { selectFundedProposals } from "~/domain/selection";

const base = { qualificationLineCenti: 6000, allowPartialGrant: false, minGrantFen: 0 };

describe("category quotas", () => {
  it("skips the third elder-care project when the category may fund two, and funds the next one instead", () => {
    const c = [
      { proposalId: 1, rank: 1, finalCenti: 9000, amountFen: 100, categoryId: 7 },
      { proposalId: 2, rank: 2, finalCenti: 8800, amountFen: 100, categoryId: 7 },
      { proposalId: 3, rank: 3, finalCenti: 8600, amountFen: 100, categoryId: 7 },
      { proposalId: 4, rank: 4, finalCenti: 8000, amountFen: 100, categoryId: 8 },
    ];
    const steps = selectFundedProposals(c, 10_000, { ...base, maxFundedPerCategory: new Map([[7, 2]]) });
    expect(steps.map((s) => s.outcome)).toEqual(["funded", "funded", "quotaFull", "funded"]);
    expect(steps[2]).toMatchObject({ grantFen: 0, quota: 2 });
  });

  it("holds for any ranking, budget and quotas (property)", () => {
    const candidate = fc.record({
      finalCenti: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      amountFen: fc.integer({ min: 1, max: 5_000_000 }),
      categoryId: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 40 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.dictionary(fc.constantFrom("1", "2", "3", "4"), fc.integer({ min: 0, max: 5 })),
        fc.boolean(),
        (raw, budget, quotaObj, allowPartialGrant) => {
          const list = raw.map((c, i) => ({ ...c, proposalId: i + 1, rank: c.finalCenti === null ? null : i + 1 }));
          const quotas = new Map(Object.entries(quotaObj).map(([k, v]) => [Number(k), v]));
          const rules = { ...base, allowPartialGrant, minGrantFen: 100_000, maxFundedPerCategory: quotas };
          const steps = selectFundedProposals(list, budget, rules);
          const byId = new Map(list.map((c) => [c.proposalId, c]));
          const funded = new Map<number, number>();
          for (const s of steps) {
            if (s.grantFen > 0) {
              const cat = byId.get(s.proposalId)!.categoryId;
              funded.set(cat, (funded.get(cat) ?? 0) + 1);
            }
            // a project skipped for its quota comes after exactly `quota` funded ones of its category
            if (s.outcome === "quotaFull") expect(funded.get(byId.get(s.proposalId)!.categoryId) ?? 0).toBe(quotas.get(byId.get(s.proposalId)!.categoryId));
          }
          for (const [cat, n] of funded) expect(n).toBeLessThanOrEqual(quotas.get(cat) ?? Number.POSITIVE_INFINITY);
          expect(steps.reduce((s, st) => s + st.grantFen, 0)).toBeLessThanOrEqual(budget);
          // without quotas nothing would be skipped as quotaFull
          expect(selectFundedProposals(list, budget, { ...rules, maxFundedPerCategory: new Map() }).some((s) => s.outcome === "quotaFull")).toBe(false);
        },
      ),
    );
  });
});

describe("when settings freeze", () => {
  const dates = { registration_opens_at: "2027-04-12T00:00:00.000Z", review_starts_at: "2027-06-15T00:00:00.000Z" };
  const none = { published: true, anySubmitted: false, reviewStarted: false, noticePublished: false, anyAgreement: false };
  it("freezes eligibility when registration opens, review and selection rules when review begins, the notice length with the notice, tranches with the first agreement", () => {
    expect(frozenFields(stagesBegun(dates, none, new Date("2027-04-01T00:00:00Z")))).toEqual([]);
    const atRegistration = frozenFields(stagesBegun(dates, none, new Date("2027-04-12T00:00:00Z")));
    expect(atRegistration).toEqual(expect.arrayContaining(["applicantTypes", "budgetCaps", "budgetCapBase", "rubric"]));
    expect(atRegistration).not.toContain("aggregation");
    const atReview = frozenFields(stagesBegun(dates, none, new Date("2027-06-15T00:00:00Z")));
    expect(atReview).toEqual(expect.arrayContaining(["reviewRounds", "expertsPerProposal", "blind", "aggregation", "qualificationLine", "categoryQuotas", "allowPartialGrant"]));
    expect(atReview).not.toContain("noticeWorkingDays");
    expect(frozenFields(stagesBegun(dates, { ...none, noticePublished: true }, new Date("2027-01-01T00:00:00Z")))).toEqual(["noticeWorkingDays", "objectionInvestigationWorkingDays"]);
    expect(frozenFields(stagesBegun(dates, { ...none, anyAgreement: true }, new Date("2027-01-01T00:00:00Z")))).toEqual(["tranches"]);
  });
  it("does not freeze a draft by its dates", () => {
    expect(frozenFields(stagesBegun(dates, { ...none, published: false }, new Date("2027-07-01T00:00:00Z")))).toEqual([]);
  });
});

describe("deadlines in working days from the competition's rules", () => {
  it("the first tranche falls due 15 working days after signing, and an objection's investigation N working days after it came in", async () => {
    const { DEFAULT_RULES } = await import("~/domain/competition-rules");
    const { EMPTY_CALENDAR } = await import("~/domain/calendar");
    const { investigationDueOn, trancheDueOn } = await import("~/domain/competition-settings");
    // signed Friday 2021-09-17: 中秋 Sep 19–21 and 国庆 Oct 1–7 rest, the 调休 Saturdays/Sundays are worked
    expect(trancheDueOn("2021-09-17", DEFAULT_RULES.tranches[0], EMPTY_CALENDAR)).toBe("2021-10-14"); // Sep 18, 22–24, 26–30, Oct 8, 9, 11–14
    expect(trancheDueOn("2021-09-17", DEFAULT_RULES.tranches[1], EMPTY_CALENDAR)).toBe("2022-03-16");
    expect(investigationDueOn("2021-07-08", { ...DEFAULT_RULES, objectionInvestigationWorkingDays: 3 }, EMPTY_CALENDAR)).toBe("2021-07-13");
  });
});
