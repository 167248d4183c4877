// Forms of the finance area (sponsors, contributions, milestone reports, evaluations, termination,
// recovery), shared by the browser (react-hook-form) and the actions. Messages are i18n keys.
import { z } from "zod";
import { parseScore } from "../domain/evaluation";
import { parseYuan } from "../domain/money";
import { isCalendarDate } from "../domain/time";

const id = z.coerce.number().int().positive("validation.required");
const date = z.string().trim().refine(isCalendarDate, "finance.validation.date");
const yuan = z
  .string()
  .trim()
  .refine((v) => (parseYuan(v) ?? 0) > 0, "finance.validation.amount")
  .transform((v) => parseYuan(v)!);
const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, message);

export const sponsorSchema = z.object({
  name: text(2, 80, "finance.validation.sponsorName"),
  contact: text(2, 80, "finance.validation.contact"),
  /** optional: the username of a sponsor account that may see this sponsor's page */
  username: z.string().trim().max(32).optional().default(""),
});

export const pledgeSchema = z.object({
  sponsorId: id,
  amount: yuan,
  pledgedOn: date,
});

export const receiveSchema = z.object({
  contributionId: id,
  amount: yuan,
  receivedOn: date,
  voucherNo: text(3, 40, "finance.validation.voucherNo"),
});

export const reportSchema = z.object({
  milestoneId: id,
  summary: text(10, 4000, "finance.validation.summary"),
});

export const evaluationSchema = z.object({
  milestoneId: id,
  score: z
    .string()
    .trim()
    .refine((v) => parseScore(v) !== null, "finance.validation.score")
    .transform((v) => parseScore(v)!),
  note: text(2, 2000, "finance.validation.note"),
});

export const releaseSchema = z.object({ milestoneId: id });

export const missedDeadlineSchema = z.object({
  milestoneId: id,
  note: text(2, 2000, "finance.validation.note"),
});

export const terminationSchema = z.object({
  agreementId: id,
  reason: text(4, 2000, "finance.validation.reason"),
});

export const recoverySchema = z.object({
  agreementId: id,
  amount: yuan,
  receivedOn: date,
  note: text(2, 500, "finance.validation.note"),
  /** generated when the form is rendered, so a double submit or retry posts once */
  requestKey: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, "validation.required"),
});

export type SponsorInput = z.infer<typeof sponsorSchema>;
export type PledgeInput = z.infer<typeof pledgeSchema>;
export type ReceiveInput = z.infer<typeof receiveSchema>;
export type ReportInput = z.infer<typeof reportSchema>;
export type EvaluationInput = z.infer<typeof evaluationSchema>;
export type ReleaseInput = z.infer<typeof releaseSchema>;
export type MissedDeadlineInput = z.infer<typeof missedDeadlineSchema>;
export type TerminationInput = z.infer<typeof terminationSchema>;
export type RecoveryInput = z.infer<typeof recoverySchema>;
