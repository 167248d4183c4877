// Forms of fair review (issue 16): the panel note on a discordant proposal.
import { z } from "zod";

export const discordanceNoteSchema = z.object({
  proposalId: z.coerce.number().int().positive("validation.required"),
  note: z.string({ message: "fair.note.length" }).trim().min(5, "fair.note.length").max(1000, "fair.note.length"),
});
export type DiscordanceNoteInput = z.infer<typeof discordanceNoteSchema>;

/** The lottery's announcement: how the seed will be fixed, and from when it may be entered (Asia/Shanghai). */
export const lotteryAnnouncementSchema = z.object({
  competitionId: z.coerce.number().int().positive("validation.required"),
  statement: z.string({ message: "fair.lottery.statementLength" }).trim().min(10, "fair.lottery.statementLength").max(500, "fair.lottery.statementLength"),
  drawAt: z.string({ message: "fair.lottery.drawAtInvalid" }).trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "fair.lottery.drawAtInvalid"),
});
export type LotteryAnnouncementInput = z.infer<typeof lotteryAnnouncementSchema>;

/** The seed, entered exactly as witnessed or published; what the notice prints is what the digests use. */
export const lotterySeedSchema = z.object({
  competitionId: z.coerce.number().int().positive("validation.required"),
  seed: z.string({ message: "fair.lottery.seedLength" }).trim().min(1, "fair.lottery.seedLength").max(200, "fair.lottery.seedLength"),
});
export type LotterySeedInput = z.infer<typeof lotterySeedSchema>;
