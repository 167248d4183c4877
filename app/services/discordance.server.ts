// Panel notes on discordant proposals: a proposal whose experts' scores spread beyond the
// competition's discordance threshold needs one (entered by the organizer for the panel, audited)
// before a notice can be published (notices.server.ts asks unnotedDiscordant).
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { RANKED_STATUSES } from "../domain/proposal-lifecycle";
import { discordanceNoteSchema, type DiscordanceNoteInput } from "../schemas/fair";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { type Actor, type In, ReviewError, requireRole, toFailure } from "./review-common.server";

/** The latest note of each proposal of a competition that has one. */
export async function loadDiscordanceNotes(db: DB, competitionId: number) {
  const rows = await db
    .selectFrom("discordance_notes")
    .innerJoin("users", "users.id", "discordance_notes.noted_by")
    .select(["discordance_notes.proposal_id", "discordance_notes.note", "discordance_notes.noted_at", "users.display_name"])
    .where("discordance_notes.competition_id", "=", competitionId)
    .orderBy("discordance_notes.id")
    .execute();
  return new Map(rows.map((r) => [r.proposal_id, { note: r.note, notedAt: r.noted_at, by: r.display_name }]));
}

/** Of the given discordant proposals, those without a panel note yet. */
export async function unnotedDiscordant<T extends { proposalId: number }>(db: DB, competitionId: number, discordant: readonly T[]): Promise<T[]> {
  if (discordant.length === 0) return [];
  const noted = await loadDiscordanceNotes(db, competitionId);
  return discordant.filter((d) => !noted.has(d.proposalId));
}

/** The organizer records the panel's note on a proposal's spread of scores (a later note supersedes, history kept). */
export async function addDiscordanceNote(db: DB, actor: Actor, input: In<DiscordanceNoteInput>, now: Date) {
  try {
    requireRole(actor, "organizer");
    const parsed = parseWithSchema(discordanceNoteSchema, input);
    if (!parsed.success) return { ok: false as const, status: 400 as const, fieldErrors: parsed.fieldErrors };
    return await writeTransaction(db, async (trx) => {
      const proposal = await trx
        .selectFrom("proposals")
        .select(["id", "competition_id", "status"])
        .where("id", "=", parsed.data.proposalId)
        .executeTakeFirst();
      if (!proposal) throw new ReviewError("error.notFound", 404);
      if (!(RANKED_STATUSES as readonly string[]).includes(proposal.status)) throw new ReviewError("fair.note.notRanked", 409);
      const row = await trx
        .insertInto("discordance_notes")
        .values({ competition_id: proposal.competition_id, proposal_id: proposal.id, note: parsed.data.note, noted_by: actor.id, noted_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "discordance.note", entityType: "proposal", entityId: proposal.id,
        before: null, after: { note: parsed.data.note, noteId: row.id }, now,
      });
      return { ok: true as const };
    });
  } catch (error) {
    return toFailure(error);
  }
}
