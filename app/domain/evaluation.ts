// Milestone evaluation: the grade bands of domain-practice §7 (优秀 ≥90, 良好 80–89.99, 合格 60–79.99,
// 不合格 <60) and what an evaluation does to a tranche: pay it, send it back once for rectification,
// or end the agreement after the second fail.
export type Grade = "excellent" | "good" | "pass" | "fail";

export const GRADES: readonly Grade[] = ["excellent", "good", "pass", "fail"];

/** Lower bounds in hundredths of a point, best first. */
export const GRADE_BANDS: readonly { grade: Grade; minCenti: number }[] = [
  { grade: "excellent", minCenti: 9000 },
  { grade: "good", minCenti: 8000 },
  { grade: "pass", minCenti: 6000 },
  { grade: "fail", minCenti: 0 },
];

export const MAX_SCORE_CENTI = 10000;

/** How many fails a tranche may have before the agreement ends (one rectification allowed). */
export const MAX_FAILS = 2;

export function gradeForScore(scoreCenti: number): Grade {
  if (!Number.isInteger(scoreCenti) || scoreCenti < 0 || scoreCenti > MAX_SCORE_CENTI) {
    throw new RangeError(`score out of range: ${scoreCenti}`);
  }
  return GRADE_BANDS.find((b) => scoreCenti >= b.minCenti)!.grade;
}

export function isPassingGrade(grade: Grade): boolean {
  return grade !== "fail";
}

export type MilestoneState = "pending" | "submitted" | "rectifying" | "paid" | "failed" | "cancelled";

export type EvaluationOutcome =
  | { kind: "pay"; status: "paid"; failCount: number }
  | { kind: "rectify"; status: "rectifying"; failCount: number }
  | { kind: "terminate"; status: "failed"; failCount: number };

/** What an evaluation of a submitted report does. Only a submitted milestone can be evaluated. */
export function evaluationOutcome(status: MilestoneState, failCount: number, grade: Grade): EvaluationOutcome {
  if (status !== "submitted") throw new RangeError(`cannot evaluate a ${status} milestone`);
  if (isPassingGrade(grade)) return { kind: "pay", status: "paid", failCount };
  const fails = failCount + 1;
  return fails >= MAX_FAILS
    ? { kind: "terminate", status: "failed", failCount: fails }
    : { kind: "rectify", status: "rectifying", failCount: fails };
}

/** A report may be submitted for a milestone that needs one, is open, and whose earlier tranches are paid. */
export function canSubmitReport(
  milestone: { seq: number; status: MilestoneState; requires_report: number },
  all: readonly { seq: number; status: MilestoneState }[],
): boolean {
  if (!milestone.requires_report) return false;
  if (milestone.status !== "pending" && milestone.status !== "rectifying") return false;
  return all.filter((m) => m.seq < milestone.seq).every((m) => m.status === "paid");
}

/** "85.5" → 8550; null unless 0..100 with at most two decimals. */
export function parseScore(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return centi <= MAX_SCORE_CENTI ? centi : null;
}

export function formatScore(centi: number): string {
  return (centi / 100).toFixed(2);
}

/** A tranche still waiting for its report (or its release) after its due date (Asia/Shanghai dates). */
export function isOverdue(m: { due_on: string; status: MilestoneState }, today: string): boolean {
  return (m.status === "pending" || m.status === "rectifying") && m.due_on < today;
}

/** Days an organization gets to rectify after a fail (domain-practice §7: rectify within 30 days). */
export const RECTIFY_DAYS = 30;

/**
 * A report that is missing after its due date counts as a fail (domain-practice §7, Haishu): the first
 * time the tranche goes to rectification with a new due date, the second time the agreement ends.
 */
export function missedDeadlineOutcome(
  m: { due_on: string; status: MilestoneState; fail_count: number; requires_report: number },
  today: string,
): EvaluationOutcome | null {
  if (!m.requires_report || !isOverdue(m, today)) return null;
  const fails = m.fail_count + 1;
  return fails >= MAX_FAILS
    ? { kind: "terminate", status: "failed", failCount: fails }
    : { kind: "rectify", status: "rectifying", failCount: fails };
}
