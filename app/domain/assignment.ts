// Drawing k experts for each passed proposal of a division: never a conflicted expert, loads kept
// level, random but reproducible from the recorded seed.
import { createPrng, shuffled } from "./prng";

export interface AssignmentProposal {
  proposalId: number;
  organizationId: number;
}

export interface AssignmentExpert {
  expertId: number;
  /** assignments the expert already carries in this round (other divisions, earlier runs) */
  existingLoad?: number;
}

export interface ConflictOfInterest {
  expertId: number;
  organizationId: number;
}

export interface DrawnAssignment {
  proposalId: number;
  expertId: number;
}

export interface Shortfall {
  proposalId: number;
  got: number;
  wanted: number;
  /** why: the panel's size and how many of it were conflicted, removed from it by the organizer, or full */
  panel: number;
  conflicted: number;
  excluded: number;
  atMaxLoad: number;
}

export interface AssignmentDraw {
  assignments: DrawnAssignment[];
  /** proposals that could not get k unconflicted experts, with how many they got and why */
  shortfalls: Shortfall[];
  /** final load per expert (existing + drawn) */
  loads: Map<number, number>;
}

/**
 * For each proposal (in a seeded random order) take the k unconflicted experts with the lowest
 * load so far, breaking equal loads by a seeded random draw. Inputs are sorted by id first, so
 * the result depends only on the sets given and the seed, not on the order they were read in.
 */
export function drawAssignments(input: {
  proposals: readonly AssignmentProposal[];
  experts: readonly AssignmentExpert[];
  conflicts: readonly ConflictOfInterest[];
  k: number;
  seed: string;
  /** pairs that already exist (kept, never drawn twice) */
  existing?: readonly DrawnAssignment[];
  /** pairs never to draw (e.g. removed by the organizer with a reason) */
  excluded?: readonly DrawnAssignment[];
  /** no expert is drawn beyond this load (existing + drawn); 0 or absent = no limit */
  maxLoad?: number;
  /** the hard minimum per proposal (filled first when a maximum load applies); absent = k */
  minK?: number;
}): AssignmentDraw {
  const maxLoad = input.maxLoad && input.maxLoad > 0 ? input.maxLoad : Number.POSITIVE_INFINITY;
  const prng = createPrng(input.seed);
  const conflicted = new Set(input.conflicts.map((c) => `${c.expertId}:${c.organizationId}`));
  const experts = [...input.experts].sort((a, b) => a.expertId - b.expertId);
  const loads = new Map(experts.map((e) => [e.expertId, e.existingLoad ?? 0]));
  const proposals = shuffled([...input.proposals].sort((a, b) => a.proposalId - b.proposalId), prng);
  const taken = new Set((input.existing ?? []).map((a) => `${a.proposalId}:${a.expertId}`));
  const excluded = new Set((input.excluded ?? []).map((a) => `${a.proposalId}:${a.expertId}`));
  const assignments: DrawnAssignment[] = [];
  const shortfalls: AssignmentDraw["shortfalls"] = [];
  const has = new Map(proposals.map((p) => [p.proposalId, experts.filter((e) => taken.has(`${p.proposalId}:${e.expertId}`)).length]));
  // With a maximum load, early proposals could use up the experts later ones need for the minimum:
  // first give every proposal its minimum, then top up to k. Without one, order cannot starve a
  // proposal and the draw is the single pass it always was (recorded seeds reproduce their boards).
  const minK = Math.min(input.minK ?? input.k, input.k);
  const targets = Number.isFinite(maxLoad) && minK < input.k ? [minK, input.k] : [input.k];
  for (const [pass, target] of targets.entries()) {
    const last = pass === targets.length - 1;
    for (const proposal of proposals) {
      const wanted = Math.max(0, target - has.get(proposal.proposalId)!);
      const tiebreak = new Map(experts.map((e) => [e.expertId, prng.nextUint32()]));
      const unconflicted = experts.filter((e) => !conflicted.has(`${e.expertId}:${proposal.organizationId}`));
      const free = unconflicted.filter((e) => !taken.has(`${proposal.proposalId}:${e.expertId}`) && !excluded.has(`${proposal.proposalId}:${e.expertId}`));
      const candidates = free
        .filter((e) => loads.get(e.expertId)! < maxLoad)
        .sort((a, b) => loads.get(a.expertId)! - loads.get(b.expertId)! || tiebreak.get(a.expertId)! - tiebreak.get(b.expertId)!);
      const chosen = candidates.slice(0, wanted);
      for (const e of chosen) {
        assignments.push({ proposalId: proposal.proposalId, expertId: e.expertId });
        taken.add(`${proposal.proposalId}:${e.expertId}`);
        loads.set(e.expertId, loads.get(e.expertId)! + 1);
      }
      has.set(proposal.proposalId, has.get(proposal.proposalId)! + chosen.length);
      if (last && chosen.length < wanted) {
        shortfalls.push({
          proposalId: proposal.proposalId, got: has.get(proposal.proposalId)!, wanted: input.k, panel: experts.length,
          conflicted: experts.length - unconflicted.length,
          excluded: unconflicted.filter((e) => excluded.has(`${proposal.proposalId}:${e.expertId}`)).length,
          atMaxLoad: free.length - candidates.length,
        });
      }
    }
  }
  assignments.sort((a, b) => a.proposalId - b.proposalId || a.expertId - b.expertId);
  shortfalls.sort((a, b) => a.proposalId - b.proposalId);
  return { assignments, shortfalls, loads };
}

/** The shortfalls that break the hard minimum of experts per proposal. */
export function belowMinimum(draw: AssignmentDraw, minExperts: number): Shortfall[] {
  return draw.shortfalls.filter((s) => s.got < minExperts);
}

/** A fresh seed text from random bytes supplied by the caller (the domain does no I/O). */
export function seedFromBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
