import fc from "fast-check";
import { DEFAULT_RULES } from "~/domain/competition-rules";
import {
  aggregateRound, checkCriteria, compositeScore, formatCenti, fraction, parsePoints, roundHalfUp, type ScoreEntry,
} from "~/domain/scoring";
import { rankDivision } from "~/domain/ranking";
import { selectFundedProposals } from "~/domain/selection";

const opts = { method: "trimmed_mean" as const, trimMinScores: 5, outlierDistanceCenti: 1500 };
const entries = (points: number[]): ScoreEntry[] => points.map((p, i) => ({ expertId: i + 1, totalCenti: Math.round(p * 100) }));

describe("worked example of domain-practice §7.1", () => {
  const desk = aggregateRound(entries([82, 85, 90, 78, 88, 95, 60]), opts)!;
  const live = aggregateRound(entries([90, 87, 91, 85, 89, 70, 93]), opts)!;

  it("drops 95 and 60 from the desk totals and averages the rest to 84.60", () => {
    expect(desk.dropped.map((d) => d.totalCenti).sort()).toEqual([6000, 9500]);
    expect(formatCenti(desk.roundedCenti)).toBe("84.60");
  });

  it("drops 93 and 70 from the live totals and averages the rest to 88.40", () => {
    expect(live.dropped.map((d) => d.totalCenti).sort()).toEqual([7000, 9300]);
    expect(formatCenti(live.roundedCenti)).toBe("88.40");
  });

  it("weighs desk 40% and live 60% into a composite of 86.88", () => {
    const composite = compositeScore(DEFAULT_RULES.review.rounds, { desk: desk.value, live: live.value })!;
    expect(formatCenti(composite.roundedCenti)).toBe("86.88");
  });

  it("does not fund a proposal scoring 59.99 even though budget remains", () => {
    const steps = selectFundedProposals([{ proposalId: 1, rank: 1, finalCenti: 5999, amountFen: 100 }], 10_000_000, {
      qualificationLineCenti: 6000, allowPartialGrant: false, minGrantFen: 0,
    });
    expect(steps[0]).toMatchObject({ outcome: "belowLine", grantFen: 0, remainingAfterFen: 10_000_000 });
  });

  it("funds 50,000 and 40,000 from a 100,000 budget and skips the 30,000 that no longer fits", () => {
    const steps = selectFundedProposals(
      [
        { proposalId: 1, rank: 1, finalCenti: 9000, amountFen: 5_000_000 },
        { proposalId: 2, rank: 2, finalCenti: 8500, amountFen: 4_000_000 },
        { proposalId: 3, rank: 3, finalCenti: 8000, amountFen: 3_000_000 },
      ],
      10_000_000,
      { qualificationLineCenti: 6000, allowPartialGrant: false, minGrantFen: 500_000 },
    );
    expect(steps.map((s) => s.outcome)).toEqual(["funded", "funded", "doesNotFit"]);
    expect(steps.map((s) => s.remainingAfterFen)).toEqual([5_000_000, 1_000_000, 1_000_000]);
  });

  it("funds the remaining 10,000 partially when partial grants are allowed and it reaches the minimum", () => {
    const rules = { qualificationLineCenti: 6000, allowPartialGrant: true, minGrantFen: 500_000 };
    const c = [
      { proposalId: 1, rank: 1, finalCenti: 9000, amountFen: 5_000_000 },
      { proposalId: 2, rank: 2, finalCenti: 8500, amountFen: 4_000_000 },
      { proposalId: 3, rank: 3, finalCenti: 8000, amountFen: 3_000_000 },
    ];
    expect(selectFundedProposals(c, 10_000_000, rules)[2]).toMatchObject({ outcome: "partial", grantFen: 1_000_000 });
    expect(selectFundedProposals(c, 9_400_000, rules)[2]).toMatchObject({ outcome: "doesNotFit", grantFen: 0 });
  });

  it("skips one that does not fit and still funds a smaller one further down", () => {
    const steps = selectFundedProposals(
      [
        { proposalId: 1, rank: 1, finalCenti: 9000, amountFen: 6_000 },
        { proposalId: 2, rank: 2, finalCenti: 8500, amountFen: 5_000 },
        { proposalId: 3, rank: 3, finalCenti: 8000, amountFen: 4_000 },
      ],
      10_000,
      { qualificationLineCenti: 6000, allowPartialGrant: false, minGrantFen: 0 },
    );
    expect(steps.map((s) => s.outcome)).toEqual(["funded", "doesNotFit", "funded"]);
  });
});

describe("aggregation", () => {
  it("uses a plain mean below trimMinScores and a median when configured", () => {
    const four = aggregateRound(entries([80, 90, 70, 60]), opts)!;
    expect(four.method).toBe("trimmed_mean_fallback_mean");
    expect(four.roundedCenti).toBe(7500);
    expect(aggregateRound(entries([80, 90, 70, 61]), { ...opts, method: "median" })!.roundedCenti).toBe(7500);
    expect(aggregateRound(entries([80, 90, 70]), { ...opts, method: "median" })!.roundedCenti).toBe(8000);
  });

  it("rounds half up only at the end: 80, 80.5, 80.5 average 80.333… → 80.33, and 2/3 of a centipoint rounds up", () => {
    expect(aggregateRound(entries([80, 80.5, 80.5]), { ...opts, method: "mean" })!.roundedCenti).toBe(8033);
    expect(roundHalfUp(fraction(1, 2))).toBe(1);
    expect(roundHalfUp(fraction(49, 100))).toBe(0);
    // composite of 84.605 (desk, exact) would be lost if rounded first
    const c = compositeScore([{ round: "desk", weightPercent: 50 }, { round: "live", weightPercent: 50 }], {
      desk: fraction(16921, 2), live: fraction(8460),
    })!;
    expect(c.roundedCenti).toBe(8460); // (8460.5 + 8460) / 2 = 8460.25 → 8460
  });

  it("flags a score further than the outlier distance from the panel mean", () => {
    const r = aggregateRound(entries([82, 85, 90, 78, 88, 95, 60]), opts)!;
    // mean = 82.571…; 60 is 22.57 away, 95 is 12.43 away (under 15)
    expect(r.outliers.map((o) => o.totalCenti)).toEqual([6000]);
  });

  it("is not fully scored until every configured round has a value", () => {
    expect(compositeScore(DEFAULT_RULES.review.rounds, { desk: fraction(8000) })).toBeNull();
  });

  it("gives the same value whatever order the scores arrive in", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom("trimmed_mean", "mean", "median"),
        fc.integer(),
        (halves, method, salt) => {
          const list = halves.map((h, i) => ({ expertId: i + 1, totalCenti: h * 50 }));
          const permuted = [...list].sort((a, b) => ((a.expertId * 7919 + salt) % 97) - ((b.expertId * 7919 + salt) % 97));
          const a = aggregateRound(list, { ...opts, method: method as "mean" })!;
          const b = aggregateRound(permuted, { ...opts, method: method as "mean" })!;
          expect(b.value).toEqual(a.value);
          expect(b.roundedCenti).toBe(a.roundedCenti);
        },
      ),
    );
  });
});

describe("criterion checks", () => {
  const rubric = DEFAULT_RULES.rubric;
  it("accepts half points within each maximum and names the criterion that breaks a rule", () => {
    const ok = Object.fromEntries(rubric.map((c) => [c.key, c.maxPoints * 100 - 50]));
    expect(checkCriteria(rubric, ok)).toEqual({});
    expect(checkCriteria(rubric, { ...ok, need: 2050 })).toEqual({ need: "aboveMax" });
    expect(checkCriteria(rubric, { ...ok, design: 1025 })).toEqual({ design: "notHalfStep" });
    expect(checkCriteria(rubric, { ...ok, budget: undefined })).toEqual({ budget: "missing" });
  });
  it("parses typed points with at most two decimals", () => {
    expect(parsePoints("18.5")).toBe(1850);
    expect(parsePoints("7")).toBe(700);
    expect(parsePoints("7.125")).toBeNull();
    expect(parsePoints("abc")).toBeNull();
  });
});

describe("ranking within a division", () => {
  const base = { liveCenti: 8000, firstCriterionCenti: 1500, requestedFen: 1000, firstSubmittedAt: "2021-05-01T00:00:00.000Z" };
  it("breaks ties by live score, first criterion, lower request, then earlier submission", () => {
    const ranked = rankDivision([
      { proposalId: 1, finalCenti: 8000, ...base },
      { proposalId: 2, finalCenti: 8000, ...base, liveCenti: 8100 },
      { proposalId: 3, finalCenti: 8000, ...base, firstCriterionCenti: 1600 },
      { proposalId: 4, finalCenti: 8000, ...base, requestedFen: 900 },
      { proposalId: 5, finalCenti: 8000, ...base, firstSubmittedAt: "2021-04-30T00:00:00.000Z" },
      { proposalId: 6, finalCenti: 9000, ...base },
      { proposalId: 7, finalCenti: null, ...base },
    ]);
    expect(ranked.map((r) => r.candidate.proposalId)).toEqual([6, 2, 3, 4, 5, 1, 7]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, null]);
    expect(ranked.map((r) => r.decidedBy)).toEqual([null, "final", "live", "firstCriterion", "requested", "submittedAt", null]);
  });
});

describe("selection properties", () => {
  const candidate = fc.record({
    finalCenti: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null }),
    amountFen: fc.integer({ min: 1, max: 20_000_000 }),
  });
  it("never exceeds the division budget and never funds a proposal below the line", () => {
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 30 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5_000_000 }),
        (cands, budget, line, allowPartialGrant, minGrantFen) => {
          const list = cands.map((c, i) => ({ ...c, proposalId: i + 1, rank: c.finalCenti === null ? null : i + 1 }));
          const steps = selectFundedProposals(list, budget, { qualificationLineCenti: line, allowPartialGrant, minGrantFen });
          const total = steps.reduce((s, st) => s + st.grantFen, 0);
          expect(total).toBeLessThanOrEqual(budget);
          for (const st of steps) {
            const c = list.find((x) => x.proposalId === st.proposalId)!;
            if (st.grantFen > 0) {
              expect(c.finalCenti).not.toBeNull();
              expect(c.finalCenti!).toBeGreaterThanOrEqual(line);
              expect(st.grantFen).toBeLessThanOrEqual(c.amountFen);
            }
            expect(st.remainingAfterFen).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
