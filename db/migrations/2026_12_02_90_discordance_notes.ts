// Panel notes on discordant proposals (issue 16): a proposal whose experts' scores spread beyond the
// competition's discordance threshold needs one before a notice can be published. Append-only: a
// later note supersedes an earlier one on the page, and the history stays.
import type { Kysely } from "kysely";
import { makeAppendOnly, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("discordance_notes"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("noted_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("noted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("discordance_notes_proposal").on("discordance_notes").columns(["competition_id", "proposal_id"]).execute();
  await makeAppendOnly(db, "discordance_notes");
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("discordance_notes").execute();
}
