// Form schemas of the notice area (public notice, objections, agreements, calendar), shared by the
// browser (react-hook-form) and the actions. Messages are i18n keys.
import { z } from "zod";
import { isCalendarDate } from "../domain/time";
import { mobileField } from "./mobile";

const trimmed = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, message);
const id = z.coerce.number().int().positive("validation.required");

export const publishNoticeSchema = z.object({
  competitionId: id,
  title: z.string().trim().max(100, "notice.validation.titleTooLong").optional().default(""),
  note: z.string().trim().max(2000, "notice.validation.noteTooLong").optional().default(""),
});
export type PublishNoticeInput = z.infer<typeof publishNoticeSchema>;

export const OBJECTOR_RELATIONS = ["resident", "beneficiary", "applicant", "organization", "staff", "other"] as const;

export const objectionSchema = z.object({
  proposalId: id,
  name: trimmed(2, 30, "notice.objection.nameInvalid"),
  mobile: mobileField,
  relation: z.enum(OBJECTOR_RELATIONS, { message: "notice.objection.relationInvalid" }),
  reasons: trimmed(20, 3000, "notice.objection.reasonsInvalid"),
  /** honeypot: people never see this field; bots fill it */
  website: z.string().max(0, "notice.objection.rejected").optional().default(""),
});
export type ObjectionInput = z.infer<typeof objectionSchema>;

export const decideObjectionSchema = z.object({
  decision: z.enum(["upheld", "dismissed"], { message: "notice.objection.decisionRequired" }),
  finding: trimmed(10, 5000, "notice.objection.findingInvalid"),
});
export type DecideObjectionInput = z.infer<typeof decideObjectionSchema>;

export const signAgreementSchema = z.object({
  password: z.string().min(1, "agreement.passwordRequired"),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, "agreement.error.textChanged"),
  confirm: z.literal("yes", { message: "agreement.confirmRequired" }),
});
export type SignAgreementInput = z.infer<typeof signAgreementSchema>;

export const calendarOverrideSchema = z.object({
  dateOn: z.string().trim().refine(isCalendarDate, "calendar.dateInvalid"),
  kind: z.enum(["holiday", "workday"], { message: "calendar.kindInvalid" }),
  note: trimmed(2, 200, "calendar.noteInvalid"),
});
export type CalendarOverrideInput = z.infer<typeof calendarOverrideSchema>;
