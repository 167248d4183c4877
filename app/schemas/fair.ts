// Forms of fair review (issue 16): the panel note on a discordant proposal.
import { z } from "zod";

export const discordanceNoteSchema = z.object({
  proposalId: z.coerce.number().int().positive("validation.required"),
  note: z.string().trim().min(5, "fair.note.length").max(1000, "fair.note.length"),
});
export type DiscordanceNoteInput = z.infer<typeof discordanceNoteSchema>;
