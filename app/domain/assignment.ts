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

export interface AssignmentDraw {
  assignments: DrawnAssignment[];
  /** proposals that could not get k unconflicted experts, with how many they got */
  shortfalls: { proposalId: number; got: number; wanted: number }[];
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
}): AssignmentDraw {
  const prng = createPrng(input.seed);
  const conflicted = new Set(input.conflicts.map((c) => `${c.expertId}:${c.organizationId}`));
  const experts = [...input.experts].sort((a, b) => a.expertId - b.expertId);
  const loads = new Map(experts.map((e) => [e.expertId, e.existingLoad ?? 0]));
  const proposals = shuffled([...input.proposals].sort((a, b) => a.proposalId - b.proposalId), prng);
  const taken = new Set((input.existing ?? []).map((a) => `${a.proposalId}:${a.expertId}`));
  const excluded = new Set((input.excluded ?? []).map((a) => `${a.proposalId}:${a.expertId}`));
  const assignments: DrawnAssignment[] = [];
  const shortfalls: AssignmentDraw["shortfalls"] = [];
  for (const proposal of proposals) {
    const already = experts.filter((e) => taken.has(`${proposal.proposalId}:${e.expertId}`)).length;
    const wanted = Math.max(0, input.k - already);
    const tiebreak = new Map(experts.map((e) => [e.expertId, prng.nextUint32()]));
    const candidates = experts
      .filter((e) => !conflicted.has(`${e.expertId}:${proposal.organizationId}`))
      .filter((e) => !taken.has(`${proposal.proposalId}:${e.expertId}`) && !excluded.has(`${proposal.proposalId}:${e.expertId}`))
      .sort((a, b) => loads.get(a.expertId)! - loads.get(b.expertId)! || tiebreak.get(a.expertId)! - tiebreak.get(b.expertId)!);
    const chosen = candidates.slice(0, wanted);
    for (const e of chosen) {
      assignments.push({ proposalId: proposal.proposalId, expertId: e.expertId });
      loads.set(e.expertId, loads.get(e.expertId)! + 1);
    }
    if (chosen.length < wanted) shortfalls.push({ proposalId: proposal.proposalId, got: already + chosen.length, wanted: input.k });
  }
  assignments.sort((a, b) => a.proposalId - b.proposalId || a.expertId - b.expertId);
  shortfalls.sort((a, b) => a.proposalId - b.proposalId);
  return { assignments, shortfalls, loads };
}

/** A fresh seed text from random bytes supplied by the caller (the domain does no I/O). */
export function seedFromBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
