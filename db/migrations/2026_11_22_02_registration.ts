// Applicant profiles, proposals with frozen versions and a timeline, and attachments.
import type { Kysely } from "kysely";
import { makeAppendOnly, sqlGe, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("organizations"))
    .addColumn("user_id", "integer", (c) => c.notNull().unique().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("applicant_type", "text", (c) =>
      c.notNull().check(sqlIn("applicant_type", ["social_org", "community_group", "resident_team"])),
    )
    .addColumn("credit_code", "text")
    .addColumn("filing_number", "text")
    .addColumn("legal_rep", "text")
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("contact_mobile", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("team_members"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mobile", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("proposals"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("division_id", "integer", (c) => c.references("divisions.id"))
    .addColumn("category_id", "integer", (c) => c.references("categories.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(
        sqlIn("status", [
          "draft", "submitted", "returned", "rejected", "passed",
          "disqualified", "contracted", "terminated", "completed",
        ]),
      ),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("community", "text", (c) => c.notNull())
    .addColumn("beneficiaries", "text", (c) => c.notNull())
    .addColumn("beneficiary_count", "integer", (c) => c.notNull().check(sqlGe("beneficiary_count", 0)))
    .addColumn("goals", "text", (c) => c.notNull())
    .addColumn("activities_json", "text", (c) => c.notNull())
    .addColumn("budget_json", "text", (c) => c.notNull())
    .addColumn("requested_fen", "bigint", (c) => c.notNull().check(sqlGe("requested_fen", 0)))
    .addColumn("self_raised_fen", "bigint", (c) => c.notNull().check(sqlGe("self_raised_fen", 0)))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_submitted_at", "text")
    .addColumn("last_submitted_at", "text")
    .addColumn("correction_deadline_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposals_by_org").on("proposals").columns(["organization_id", "competition_id"]).execute();
  await db.schema.createIndex("proposals_by_status").on("proposals").columns(["competition_id", "status", "division_id"]).execute();

  await withId(db, db.schema.createTable("proposal_versions"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("snapshot_json", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.notNull().references("users.id"))
    .addUniqueConstraint("proposal_versions_unique", ["proposal_id", "version"])
    .execute();
  await makeAppendOnly(db, "proposal_versions");

  await withId(db, db.schema.createTable("proposal_events"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("proposal_events_by_proposal").on("proposal_events").column("proposal_id").execute();

  await withId(db, db.schema.createTable("attachments"))
    .addColumn("owner_type", "text", (c) =>
      c.notNull().check(sqlIn("owner_type", ["proposal", "objection", "milestone_report"])),
    )
    .addColumn("owner_id", "integer", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("uploaded_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attachments_by_owner").on("attachments").columns(["owner_type", "owner_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["attachments", "proposal_events", "proposal_versions", "proposals", "team_members", "organizations"]) {
    await db.schema.dropTable(t).execute();
  }
}
