import fc from "fast-check";
import { belowMinimum, drawAssignments } from "~/domain/assignment";
import { createPrng, shuffled } from "~/domain/prng";

const world = fc.record({
  proposals: fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 25 }),
  experts: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 15 }),
  orgs: fc.integer({ min: 1, max: 8 }),
  conflictPairs: fc.array(fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 8 })), { maxLength: 20 }),
  k: fc.integer({ min: 1, max: 7 }),
  seed: fc.string(),
});

function build(w: { proposals: number[]; experts: number[]; orgs: number; conflictPairs: [number, number][]; k: number; seed: string }) {
  const proposals = w.proposals.map((id) => ({ proposalId: id, organizationId: (id % w.orgs) + 1 }));
  const experts = w.experts.map((id) => ({ expertId: id }));
  const conflicts = w.conflictPairs.filter(([i]) => i < w.experts.length).map(([i, org]) => ({ expertId: w.experts[i], organizationId: org }));
  return { proposals, experts, conflicts, k: w.k, seed: w.seed };
}

describe("expert assignment", () => {
  it("never gives a proposal an expert who declared a conflict with its organization", () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = build(w);
        const { assignments } = drawAssignments(input);
        const org = new Map(input.proposals.map((p) => [p.proposalId, p.organizationId]));
        for (const a of assignments) {
          expect(input.conflicts.some((c) => c.expertId === a.expertId && c.organizationId === org.get(a.proposalId))).toBe(false);
        }
      }),
    );
  });

  it("gives each proposal exactly k distinct experts when enough unconflicted ones exist, else reports the shortfall", () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = build(w);
        const { assignments, shortfalls } = drawAssignments(input);
        for (const p of input.proposals) {
          const mine = assignments.filter((a) => a.proposalId === p.proposalId).map((a) => a.expertId);
          expect(new Set(mine).size).toBe(mine.length);
          const available = input.experts.filter((e) => !input.conflicts.some((c) => c.expertId === e.expertId && c.organizationId === p.organizationId)).length;
          expect(mine.length).toBe(Math.min(input.k, available));
          expect(shortfalls.some((s) => s.proposalId === p.proposalId)).toBe(available < input.k);
        }
      }),
    );
  });

  it("draws the same assignment from the same seed, whatever order the inputs come in", () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = build(w);
        const again = drawAssignments({ ...input, proposals: [...input.proposals].reverse(), experts: [...input.experts].reverse() });
        expect(again.assignments).toEqual(drawAssignments(input).assignments);
      }),
    );
  });

  it("keeps loads level (at most one apart) when nobody is conflicted", () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = { ...build(w), conflicts: [] };
        const { loads } = drawAssignments(input);
        const values = [...loads.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("draws differently from a different seed (on a panel big enough to notice)", () => {
    const input = { proposals: Array.from({ length: 20 }, (_, i) => ({ proposalId: i + 1, organizationId: i + 1 })), experts: Array.from({ length: 12 }, (_, i) => ({ expertId: i + 1 })), conflicts: [], k: 5 };
    expect(drawAssignments({ ...input, seed: "a" }).assignments).not.toEqual(drawAssignments({ ...input, seed: "b" }).assignments);
  });

  it("seeded generator repeats its sequence for the same seed", () => {
    const a = createPrng("CA2021");
    const b = createPrng("CA2021");
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(shuffled([1, 2, 3, 4, 5, 6], createPrng("x")).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("draw constraints (minimum per proposal, maximum load)", () => {
  it("never loads an expert beyond the maximum, counting what they already carry", () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), (w, maxLoad, carried) => {
        const input = build(w);
        const draw = drawAssignments({ ...input, experts: input.experts.map((e) => ({ ...e, existingLoad: carried })), maxLoad });
        for (const [expertId, load] of draw.loads) {
          expect(load - carried).toBeLessThanOrEqual(Math.max(0, maxLoad - carried));
          expect(draw.assignments.filter((a) => a.expertId === expertId)).toHaveLength(load - carried);
        }
      }),
    );
  });

  it("says why a proposal falls short: panel size, conflicts and experts at the maximum", () => {
    const draw = drawAssignments({
      proposals: [{ proposalId: 1, organizationId: 10 }, { proposalId: 2, organizationId: 20 }],
      experts: [{ expertId: 1 }, { expertId: 2 }, { expertId: 3 }],
      conflicts: [{ expertId: 3, organizationId: 10 }, { expertId: 3, organizationId: 20 }],
      k: 3,
      seed: "s",
      maxLoad: 1,
      minK: 1,
    });
    // experts 1 and 2 can take one proposal each; expert 3 is conflicted with both: the minimum goes first,
    // so each proposal gets one rather than one proposal two
    expect(draw.assignments).toHaveLength(2);
    expect(draw.shortfalls.map((s) => [s.proposalId, s.got])).toEqual([[1, 1], [2, 1]]);
    expect(draw.shortfalls[0]).toMatchObject({ wanted: 3, panel: 3, conflicted: 1, excluded: 0, atMaxLoad: 1 });
    expect(belowMinimum(draw, 1)).toEqual([]);
    expect(belowMinimum(draw, 2).map((s) => s.proposalId)).toEqual([1, 2]);
  });
});
