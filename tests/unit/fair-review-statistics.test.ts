// Panel statistics against published worked examples, and determinism of normalisation and the lottery.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { drawLottery, lotteryDigest, nearTieGroup } from "~/domain/lottery";
import { isDiscordant, normaliseScores, type RawScore } from "~/domain/normalisation";
import { icc2, krippendorffAlphaInterval, largestCompleteBlock, readReliability, type Rating } from "~/domain/reliability";

// Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe("ICC(2,1) and ICC(2,k)", () => {
  it("reproduces Shrout & Fleiss: ICC(2,1) = 0.29 and ICC(2,4) = 0.62", () => {
    const r = icc2(SHROUT_FLEISS)!;
    expect(r.single.estimate).toBeCloseTo(0.2898, 3);
    expect(r.average.estimate).toBeCloseTo(0.6201, 3);
    expect(r.bms).toBeCloseTo(11.2417, 3);
    expect(r.jms).toBeCloseTo(32.4861, 3);
    expect(r.ems).toBeCloseTo(1.0194, 3);
  });

  it("gives the 95 % intervals published for that table (0.019–0.76 single, 0.071–0.93 average)", () => {
    const r = icc2(SHROUT_FLEISS)!;
    expect(r.single.lower).toBeCloseTo(0.019, 2);
    expect(r.single.upper).toBeCloseTo(0.76, 2);
    expect(r.average.lower).toBeCloseTo(0.071, 2);
    expect(r.average.upper).toBeCloseTo(0.93, 2);
  });

  it("is 1 when every expert gives every proposal the same score", () => {
    const r = icc2([
      [80, 80, 80],
      [70, 70, 70],
      [60, 60, 60],
    ])!;
    expect(r.single.estimate).toBe(1);
    expect(r.average.estimate).toBe(1);
  });

  it("has no value for fewer than two proposals or experts", () => {
    expect(icc2([[1, 2, 3]])).toBeNull();
    expect(icc2([[1], [2]])).toBeNull();
  });
});

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, gaps.
const KRIPPENDORFF: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const krippendorffRatings: Rating[] = KRIPPENDORFF.flatMap((row, rater) =>
  row.flatMap((value, unit) => (value === null ? [] : [{ unit, rater, value }])),
);

describe("Krippendorff's alpha (interval)", () => {
  it("reproduces the published interval alpha of 0.849 for the example with missing values", () => {
    const r = krippendorffAlphaInterval(krippendorffRatings)!;
    expect(r.alpha).toBeCloseTo(0.849, 3);
    // unit 12 has one value only and is not pairable
    expect(r.units).toBe(11);
    expect(r.pairableValues).toBe(40);
  });

  it("is 1 for perfect agreement and has no value without variation", () => {
    const perfect = [0, 1, 2].flatMap((unit) => [0, 1].map((rater) => ({ unit, rater, value: unit * 10 })));
    expect(krippendorffAlphaInterval(perfect)!.alpha).toBe(1);
    expect(krippendorffAlphaInterval([{ unit: 1, rater: 1, value: 5 }, { unit: 1, rater: 2, value: 5 }])).toBeNull();
  });
});

describe("largest fully crossed block", () => {
  it("keeps the experts shared by the most proposals", () => {
    const ratings: Rating[] = [
      ...[1, 2, 3].flatMap((unit) => ["a", "b", "c"].map((rater) => ({ unit, rater, value: unit }))),
      { unit: 4, rater: "a", value: 4 },
      { unit: 4, rater: "d", value: 4 },
    ];
    const block = largestCompleteBlock(ratings);
    expect(block.units).toEqual(["1", "2", "3"]);
    expect(block.raters).toEqual(["a", "b", "c"]);
    expect(block.matrix).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
  });
});

describe("reading a reliability figure", () => {
  it("uses the Koo & Li bands", () => {
    expect([0.26, 0.5, 0.8, 0.95, null].map(readReliability)).toEqual(["poor", "moderate", "good", "excellent", "unknown"]);
  });
});

describe("normalisation", () => {
  const scores: RawScore[] = [
    // a lenient expert (1) and a harsh one (2) who order the proposals the same way
    { expertId: 1, proposalId: 1, totalCenti: 9000 },
    { expertId: 1, proposalId: 2, totalCenti: 8500 },
    { expertId: 1, proposalId: 3, totalCenti: 8000 },
    { expertId: 2, proposalId: 1, totalCenti: 7000 },
    { expertId: 2, proposalId: 2, totalCenti: 6500 },
    { expertId: 2, proposalId: 3, totalCenti: 6000 },
    // an expert with a single sheet stays raw
    { expertId: 3, proposalId: 1, totalCenti: 5000 },
  ];

  it("z-score puts a lenient and a harsh expert on one scale", () => {
    const out = normaliseScores(scores, "zscore", 2);
    const by = (e: number, p: number) => out.find((s) => s.expertId === e && s.proposalId === p)!;
    expect(by(1, 1).normalisedCenti).toBe(by(2, 1).normalisedCenti);
    expect(by(1, 3).normalisedCenti).toBe(by(2, 3).normalisedCenti);
    expect(by(1, 1).normalisedCenti).toBeGreaterThan(by(1, 2).normalisedCenti);
    expect(by(3, 1)).toMatchObject({ normalisedCenti: 5000, rawBecause: "too-few-scores" });
  });

  it("percentile maps each expert's ranks onto the panel's distribution", () => {
    const out = normaliseScores(scores, "percentile", 2);
    const by = (e: number, p: number) => out.find((s) => s.expertId === e && s.proposalId === p)!;
    // each expert's best is the panel's best score, their worst the panel's worst
    expect(by(1, 1).normalisedCenti).toBe(9000);
    expect(by(2, 1).normalisedCenti).toBe(9000);
    expect(by(2, 3).normalisedCenti).toBe(5000);
  });

  it("'none' leaves every score as given", () => {
    expect(normaliseScores(scores, "none", 2).map((s) => s.normalisedCenti)).toEqual(scores.map((s) => s.totalCenti));
  });

  it("does not depend on the order the scores arrive in", () => {
    const arb = fc.array(
      fc.record({ expertId: fc.integer({ min: 1, max: 4 }), proposalId: fc.integer({ min: 1, max: 30 }), totalCenti: fc.integer({ min: 0, max: 10000 }) }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom("zscore" as const, "percentile" as const), fc.integer({ min: 1, max: 4 }), (list, method, min) => {
        const key = (s: RawScore & { normalisedCenti: number }, i: number) => `${s.expertId}/${s.proposalId}/${s.totalCenti}/${i}`;
        const forward = normaliseScores(list, method, min).map((s, i) => [key(s, i), s.normalisedCenti]);
        const reversedIn = [...list].reverse();
        const backward = normaliseScores(reversedIn, method, min).reverse().map((s, i) => [key(s, i), s.normalisedCenti]);
        expect(backward).toEqual(forward);
      }),
    );
  });
});

describe("discordance", () => {
  it("flags a spread beyond the threshold, not at it", () => {
    expect(isDiscordant([8000, 9500], 1500)).toBe(false);
    expect(isDiscordant([8000, 9550], 1500)).toBe(true);
    expect(isDiscordant([9000], 0)).toBe(false);
  });
});

describe("public lottery", () => {
  it("draws by the SHA-256 of 'seed:number' that anyone can recompute", () => {
    expect(lotteryDigest("20260701-witness-4821", "WQ-007")).toBe(
      createHash("sha256").update("20260701-witness-4821:WQ-007").digest("hex"),
    );
    const drawn = drawLottery("seed", [{ number: "A" }, { number: "B" }, { number: "C" }]);
    const digests = drawn.map((d) => d.digest);
    expect(digests).toEqual([...digests].sort());
    expect(drawn.map((d) => d.place)).toEqual([1, 2, 3]);
  });

  it("gives the same order for the same seed whatever the input order, and refuses an empty seed", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 12 }), (seed, numbers) => {
        const a = drawLottery(seed, numbers.map((number) => ({ number }))).map((d) => d.entry.number);
        const b = drawLottery(seed, [...numbers].reverse().map((number) => ({ number }))).map((d) => d.entry.number);
        expect(b).toEqual(a);
      }),
    );
    expect(() => drawLottery("  ", [{ number: "A" }])).toThrow();
  });

  it("finds the near-tie group around the last funded score", () => {
    const ranked = [
      { number: "1", finalCenti: 9000 },
      { number: "2", finalCenti: 8620 },
      { number: "3", finalCenti: 8600 },
      { number: "4", finalCenti: 8590 },
      { number: "5", finalCenti: 8000 },
    ];
    expect(nearTieGroup(ranked, 2, 30).map((e) => e.number)).toEqual(["2", "3", "4"]);
    expect(nearTieGroup(ranked, 2, 0)).toEqual([]);
    expect(nearTieGroup(ranked, 0, 30)).toEqual([]);
  });
});
