// Selection with the public lottery (docs/lottery.md): near-ties at the budget line and micro-grant
// tracks. The digests are recomputed here with node:crypto, as anyone outside our code would.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { type DrawCandidate, publicNumber, selectWithLottery } from "~/domain/lottery-selection";
import { selectFundedProposals, type SelectionRules } from "~/domain/selection";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const RULES: SelectionRules = { qualificationLineCenti: 6000, allowPartialGrant: false, minGrantFen: 0 };
const OFF = { track: false, bandCenti: 0, seed: null };

function candidates(scores: number[], amountFen = 5_000_000): DrawCandidate[] {
  return scores.map((finalCenti, i) => ({ proposalId: i + 1, number: publicNumber("WQ", i + 1), rank: i + 1, finalCenti, amountFen }));
}
const grants = (steps: { proposalId: number; grantFen: number }[]) => Object.fromEntries(steps.map((s) => [s.proposalId, s.grantFen]));
/** numbers ordered as `printf '%s' "SEED:NUMBER" | sha256sum` would order them */
const byDigest = (seed: string, numbers: string[]) => [...numbers].sort((a, b) => (sha(`${seed}:${a}`) < sha(`${seed}:${b}`) ? -1 : 1));

describe("public numbers", () => {
  it("are the division code and the zero-padded proposal id", () => {
    expect(publicNumber("WQ", 7)).toBe("WQ-0007");
    expect(publicNumber("GD", 12345)).toBe("GD-12345");
  });
});

describe("the near-tie lottery at the budget line", () => {
  // 90, 85.5, 85, 84.8, 80 asking 50,000 yuan each; the budget funds three
  const field = candidates([9000, 8550, 8500, 8480, 8000]);
  const budget = 15_000_000;

  it("is no draw at all when the band is 0: exactly the ordinary selection", () => {
    const { steps, draw } = selectWithLottery(field, budget, RULES, OFF);
    expect(draw).toBeNull();
    expect(steps).toEqual(selectFundedProposals(field, budget, RULES));
  });

  it("waits for the seed: the group is every passing proposal within the band of the marginal score, the result stays the score order", () => {
    const { steps, draw } = selectWithLottery(field, budget, RULES, { track: false, bandCenti: 100, seed: null });
    expect(draw).toMatchObject({ kind: "nearTie", pending: true, bandCenti: 100, marginalCenti: 8500 });
    expect(draw!.entries.map((e) => e.number)).toEqual(["WQ-0002", "WQ-0003", "WQ-0004"]);
    expect(draw!.entries.every((e) => e.digest === null && e.place === null)).toBe(true);
    expect(grants(steps)).toEqual(grants(selectFundedProposals(field, budget, RULES)));
  });

  it("orders the group by SHA-256 of SEED:NUMBER and funds in that order; proposals outside the group keep their outcome", () => {
    const seed = "20210705-公证摇号-482913";
    const { steps, draw } = selectWithLottery(field, budget, RULES, { track: false, bandCenti: 100, seed });
    const order = byDigest(seed, ["WQ-0002", "WQ-0003", "WQ-0004"]);
    expect(draw!.pending).toBe(false);
    expect(draw!.entries.map((e) => e.number)).toEqual(order);
    expect(draw!.entries.map((e) => e.place)).toEqual([1, 2, 3]);
    for (const e of draw!.entries) expect(e.digest).toBe(sha(`${seed}:${e.number}`));
    const funded = new Set(steps.filter((s) => s.grantFen > 0).map((s) => s.proposalId));
    // 90 is above the band: always funded; 80 is outside it: never; of the group the first two drawn
    expect(funded.has(1)).toBe(true);
    expect(funded.has(5)).toBe(false);
    expect([...funded].filter((id) => id >= 2 && id <= 4).sort()).toEqual(order.slice(0, 2).map((n) => Number(n.slice(3))).sort());
    expect(draw!.entries.map((e) => e.grantFen)).toEqual([5_000_000, 5_000_000, 0]);
  });

  it("draws nothing when the group is funded in full anyway, or when only one proposal is near the line", () => {
    expect(selectWithLottery(field, 25_000_000, RULES, { track: false, bandCenti: 100, seed: "x" }).draw).toBeNull();
    expect(selectWithLottery(candidates([9000, 8500, 7000]), 10_000_000, RULES, { track: false, bandCenti: 100, seed: "x" }).draw).toBeNull();
  });

  it("never draws a proposal below the qualification line into the group", () => {
    const near = candidates([6050, 6000, 5990]);
    const { draw } = selectWithLottery(near, 5_000_000, RULES, { track: false, bandCenti: 100, seed: null });
    expect(draw!.entries.map((e) => e.number)).toEqual(["WQ-0001", "WQ-0002"]);
  });
});

describe("micro-grant lottery tracks", () => {
  const field = candidates([9000, 7000, 6500, 6100, 5000], 3_000_000);

  it("funds nothing before the seed: every passing proposal awaits the draw, the one below the line does not enter it", () => {
    const { steps, draw } = selectWithLottery(field, 6_000_000, RULES, { track: true, bandCenti: 0, seed: null });
    expect(draw).toMatchObject({ kind: "track", pending: true });
    expect(draw!.entries.map((e) => e.proposalId)).toEqual([1, 2, 3, 4]);
    expect(steps.every((s) => s.grantFen === 0)).toBe(true);
    expect(steps.filter((s) => s.outcome === "awaitingDraw").map((s) => s.proposalId).sort()).toEqual([1, 2, 3, 4]);
    expect(steps.find((s) => s.proposalId === 5)!.outcome).toBe("belowLine");
  });

  it("funds the passing proposals in draw order whatever their scores, within the budget", () => {
    const seed = "福彩3D 2021185 期 417";
    const { steps, draw } = selectWithLottery(field, 6_000_000, RULES, { track: true, bandCenti: 0, seed });
    const order = byDigest(seed, ["WQ-0001", "WQ-0002", "WQ-0003", "WQ-0004"]);
    expect(draw!.entries.map((e) => e.number)).toEqual(order);
    const funded = steps.filter((s) => s.grantFen > 0).map((s) => publicNumber("WQ", s.proposalId));
    expect(funded).toEqual(order.slice(0, 2));
    expect(steps.find((s) => s.proposalId === 5)!.outcome).toBe("belowLine");
  });
});

describe("properties", () => {
  const arbField = fc
    .array(fc.record({ score: fc.integer({ min: 5000, max: 10000 }), amount: fc.integer({ min: 1, max: 50 }).map((n) => n * 100_000) }), { minLength: 1, maxLength: 25 })
    .map((rows) => {
      const sorted = [...rows].sort((a, b) => b.score - a.score);
      return sorted.map((r, i) => ({ proposalId: i + 1, number: publicNumber("GD", i + 1), rank: i + 1, finalCenti: r.score, amountFen: r.amount }));
    });
  const arbLottery = fc.record({ track: fc.boolean(), bandCenti: fc.integer({ min: 0, max: 500 }), seed: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== "")) });

  it("is deterministic given its inputs and seed, whatever order the candidates arrive in", () => {
    fc.assert(
      fc.property(arbField, fc.integer({ min: 0, max: 100_000_000 }), arbLottery, fc.integer(), (field, budget, lottery, shuffleSeed) => {
        const shuffled = [...field].sort((a, b) => ((a.proposalId * 7919 + shuffleSeed) % 101) - ((b.proposalId * 7919 + shuffleSeed) % 101));
        const a = selectWithLottery(field, budget, RULES, lottery);
        const b = selectWithLottery(shuffled, budget, RULES, lottery);
        expect(grants(b.steps)).toEqual(grants(a.steps));
        expect(b.draw).toEqual(a.draw);
      }),
    );
  });

  // (below the group outcomes may change: skip-and-continue spends what the draw leaves, as docs/lottery.md says)
  it("never grants more than the budget, never funds below the line, and leaves every proposal above the group as it was", () => {
    fc.assert(
      fc.property(arbField, fc.integer({ min: 0, max: 100_000_000 }), arbLottery, (field, budget, lottery) => {
        const { steps, draw } = selectWithLottery(field, budget, RULES, lottery);
        expect(steps.reduce((s, x) => s + x.grantFen, 0)).toBeLessThanOrEqual(budget);
        const byId = new Map(field.map((c) => [c.proposalId, c]));
        for (const s of steps) if (s.grantFen > 0) expect(byId.get(s.proposalId)!.finalCenti).toBeGreaterThanOrEqual(RULES.qualificationLineCenti);
        if (!lottery.track) {
          const strict = grants(selectFundedProposals(field, budget, RULES));
          const drawn = draw?.pending === false ? draw.entries.map((e) => e.proposalId) : [];
          const firstInGroup = drawn.length ? Math.min(...drawn) : Number.MAX_SAFE_INTEGER; // ids follow the ranking here
          const mine = grants(steps);
          for (const c of field) if (c.proposalId < firstInGroup) expect(mine[c.proposalId]).toBe(strict[c.proposalId]);
          if (!draw) expect(mine).toEqual(strict);
        }
        if (draw && !draw.pending && lottery.seed) {
          expect(draw.entries.map((e) => e.digest)).toEqual(draw.entries.map((e) => sha(`${lottery.seed}:${e.number}`)).sort());
        }
      }),
    );
  });
});
