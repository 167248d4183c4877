// Form schemas of the review area (initial review, expert panel, assignment, scoring, ranking),
// shared by the browser (react-hook-form) and the actions. Messages are i18n keys.
import { z } from "zod";
import type { RubricCriterion } from "../domain/competition-rules";
import { parsePoints, SCORE_STEP_CENTI } from "../domain/scoring";
import { isCalendarDate } from "../domain/time";
import { optionalMobileField } from "./mobile";

const id = z.coerce.number().int().positive("validation.required");
const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, message);
const dateOn = z.string().trim().refine(isCalendarDate, "review.initial.deadlineInvalid"); // 2026-02-30 is not a day

/** The 初审 checklist: every item must be ticked to pass. */
export const INITIAL_CHECKLIST = ["eligible", "complete", "budget", "scope", "noDoubleFunding"] as const;
export type InitialChecklistItem = (typeof INITIAL_CHECKLIST)[number];

export const initialReviewSchema = z
  .object({
    decision: z.enum(["pass", "return", "reject"], { message: "review.initial.decisionRequired" }),
    checklist: z
      .object(Object.fromEntries(INITIAL_CHECKLIST.map((k) => [k, z.any().optional()])) as Record<InitialChecklistItem, z.ZodOptional<z.ZodAny>>)
      .optional()
      .default({} as never),
    reasons: z.string().trim().max(2000, "review.initial.reasonsTooLong").optional().default(""),
    correctionDeadlineOn: z.string().trim().optional().default(""),
  })
  .superRefine((v, ctx) => {
    const ticked = (k: InitialChecklistItem) => {
      const x = (v.checklist as Record<string, unknown>)[k];
      return x === true || x === "on" || x === "yes" || x === "true";
    };
    if (v.decision === "pass" && !INITIAL_CHECKLIST.every(ticked)) {
      ctx.addIssue({ code: "custom", path: ["checklist"], message: "review.initial.checklistIncomplete" });
    }
    if (v.decision !== "pass" && v.reasons.length < 5) {
      ctx.addIssue({ code: "custom", path: ["reasons"], message: "review.initial.reasonsRequired" });
    }
    if (v.decision === "return" && !dateOn.safeParse(v.correctionDeadlineOn).success) {
      ctx.addIssue({ code: "custom", path: ["correctionDeadlineOn"], message: "review.initial.deadlineInvalid" });
    }
  });
export type InitialReviewInput = z.infer<typeof initialReviewSchema>;

export const inviteExpertSchema = z.object({
  username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,31}$/, "review.expert.usernameInvalid"),
  displayName: text(2, 40, "review.expert.displayNameInvalid"),
  mobile: optionalMobileField,
});
export type InviteExpertInput = z.infer<typeof inviteExpertSchema>;

export const appointExpertSchema = z.object({
  competitionId: id,
  expertId: id,
  /** "" = may serve every division */
  divisionId: z.union([z.literal(""), z.coerce.number().int().positive()]).optional().default(""),
});
export type AppointExpertInput = z.infer<typeof appointExpertSchema>;

export const acceptInviteSchema = z
  .object({
    password: z.string().min(1, "validation.required"),
    confirm: z.string().min(1, "validation.required"),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "review.invite.passwordsDiffer" });
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

/** Recusal grounds (domain-practice §3.5 / §7 review.recusal). */
export const CONFLICT_GROUNDS = ["employment", "helpedWrite", "kinship", "dispute", "investment", "other"] as const;
export type ConflictGround = (typeof CONFLICT_GROUNDS)[number];

export const conflictSchema = z
  .object({
    competitionId: id,
    organizationId: id,
    ground: z.enum(CONFLICT_GROUNDS, { message: "review.conflict.groundRequired" }),
    note: z.string().trim().max(500, "review.conflict.noteTooLong").optional().default(""),
  })
  .refine((v) => v.ground !== "other" || v.note.length >= 4, { path: ["note"], message: "review.conflict.noteRequired" });
export type ConflictInput = z.infer<typeof conflictSchema>;

/** Recusing from an assigned proposal without seeing whose it is (blind review). */
export const recuseSchema = z
  .object({
    ground: z.enum(CONFLICT_GROUNDS, { message: "review.conflict.groundRequired" }),
    note: z.string().trim().max(500, "review.conflict.noteTooLong").optional().default(""),
  })
  .refine((v) => v.ground !== "other" || v.note.length >= 4, { path: ["note"], message: "review.conflict.noteRequired" });
export type RecuseInput = z.infer<typeof recuseSchema>;

const round = z.enum(["desk", "live"], { message: "review.assign.roundRequired" });
const reason = text(4, 500, "review.reasonRequired");

export const runAssignmentSchema = z.object({
  competitionId: id,
  divisionId: id,
  round,
  /** blank = a fresh random seed; a given seed reproduces an earlier draw */
  seed: z.string().trim().max(64, "review.assign.seedInvalid").regex(/^[A-Za-z0-9_-]*$/, "review.assign.seedInvalid").optional().default(""),
});
export type RunAssignmentInput = z.infer<typeof runAssignmentSchema>;

export const addAssignmentSchema = z.object({ proposalId: id, expertId: id, round, reason });
export type AddAssignmentInput = z.infer<typeof addAssignmentSchema>;

export const removeAssignmentSchema = z.object({ assignmentId: id, reason });
export type RemoveAssignmentInput = z.infer<typeof removeAssignmentSchema>;

export const reopenScoreSchema = z.object({ scoreId: id, reason });
export type ReopenScoreInput = z.infer<typeof reopenScoreSchema>;

export const awardDecisionSchema = z.object({
  proposalId: id,
  approvedYuan: z.string().trim().regex(/^\d{1,9}(\.\d{1,2})?$/, "review.award.amountInvalid"),
  reason,
});
export type AwardDecisionInput = z.infer<typeof awardDecisionSchema>;

/**
 * The score sheet for a rubric: each criterion typed as points in half steps up to its maximum.
 * A draft may leave criteria blank; submitting needs every criterion and a comment.
 */
export function scoreSheetSchema(rubric: readonly RubricCriterion[], mode: "draft" | "submit") {
  const criterion = (c: RubricCriterion) => {
    const base = z.string().trim().superRefine((v, ctx) => {
      if (v === "") {
        if (mode === "submit") ctx.addIssue({ code: "custom", message: "review.score.criterionRequired" });
        return;
      }
      const centi = parsePoints(v);
      if (centi === null) ctx.addIssue({ code: "custom", message: "review.score.notANumber" });
      else if (centi > c.maxPoints * 100) ctx.addIssue({ code: "custom", message: "review.score.aboveMax" });
      else if (centi % SCORE_STEP_CENTI !== 0) ctx.addIssue({ code: "custom", message: "review.score.halfSteps" });
    });
    return z.preprocess((v) => (v === undefined || v === null ? "" : String(v)), base);
  };
  return z.object({
    criteria: z.object(Object.fromEntries(rubric.map((c) => [c.key, criterion(c)]))),
    comment:
      mode === "submit"
        ? text(10, 2000, "review.score.commentRequired")
        : z.string().trim().max(2000, "review.score.commentRequired").optional().default(""),
  });
}
export type ScoreSheetInput = { criteria: Record<string, string>; comment: string };
