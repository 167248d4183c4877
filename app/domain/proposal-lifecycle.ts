// When an applicant may change or submit a proposal: drafts any time; first submission only inside the
// registration window; a proposal returned for 补正 may be resubmitted until its correction deadline.
import type { ProposalStatus } from "../../db/schema";

export function isEditableByApplicant(status: ProposalStatus): boolean {
  return status === "draft" || status === "returned";
}

/**
 * Proposals that passed 初审 and still stand in the competition's ranking: under review ("passed") and
 * every later stage an agreement leads to. A disqualified proposal (upheld objection) is out, so its
 * money goes to the next one; a contracted one keeps its place, so a corrected notice still lists it.
 */
export const RANKED_STATUSES = ["passed", "contracted", "terminated", "completed"] as const satisfies readonly ProposalStatus[];

export function isRanked(status: ProposalStatus): boolean {
  return (RANKED_STATUSES as readonly ProposalStatus[]).includes(status);
}

export type SubmissionRefusal = "notEditable" | "notOpenYet" | "closed" | "correctionClosed";

export function submissionRefusal(
  proposal: { status: ProposalStatus; correction_deadline_at: string | null },
  competition: { registration_opens_at: string; registration_closes_at: string },
  now: Date,
): SubmissionRefusal | null {
  const t = now.getTime();
  if (proposal.status === "returned") {
    if (proposal.correction_deadline_at && t > Date.parse(proposal.correction_deadline_at)) return "correctionClosed";
    return null;
  }
  if (proposal.status !== "draft") return "notEditable";
  if (t < Date.parse(competition.registration_opens_at)) return "notOpenYet";
  if (t > Date.parse(competition.registration_closes_at)) return "closed";
  return null;
}

/** A frozen version's fingerprint input: stable key order so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
