import fc from "fast-check";
import { drawAssignments } from "~/domain/assignment";
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
