// Initial review, the expert panel (appointments, conflicts, assignments), scores and award decisions.
import type { Kysely } from "kysely";
import { sqlGe, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("initial_reviews"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("proposal_version", "integer", (c) => c.notNull())
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sqlIn("decision", ["pass", "return", "reject"])))
    .addColumn("checklist_json", "text", (c) => c.notNull())
    .addColumn("reasons", "text")
    .addColumn("correction_deadline_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("initial_review_once_per_version", ["proposal_id", "proposal_version"])
    .execute();

  await withId(db, db.schema.createTable("expert_appointments"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("expert_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("division_id", "integer", (c) => c.references("divisions.id"))
    .addColumn("letter_no", "text", (c) => c.notNull().unique())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("issued_by", "integer", (c) => c.notNull().references("users.id"))
    .addUniqueConstraint("one_appointment_per_expert", ["competition_id", "expert_id"])
    .execute();

  await withId(db, db.schema.createTable("conflict_declarations"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("expert_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("ground", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("declared_at", "text", (c) => c.notNull())
    .addUniqueConstraint("conflict_once", ["competition_id", "expert_id", "organization_id"])
    .execute();

  await withId(db, db.schema.createTable("assignment_runs"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("division_id", "integer", (c) => c.notNull().references("divisions.id"))
    .addColumn("round", "text", (c) => c.notNull().check(sqlIn("round", ["desk", "live"])))
    .addColumn("seed", "text", (c) => c.notNull())
    .addColumn("experts_per_proposal", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("assignments"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("expert_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("round", "text", (c) => c.notNull().check(sqlIn("round", ["desk", "live"])))
    .addColumn("run_id", "integer", (c) => c.references("assignment_runs.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("assignment_once", ["proposal_id", "expert_id", "round"])
    .execute();
  await db.schema.createIndex("assignments_by_expert").on("assignments").columns(["expert_id", "active"]).execute();

  await withId(db, db.schema.createTable("scores"))
    .addColumn("assignment_id", "integer", (c) => c.notNull().unique().references("assignments.id"))
    .addColumn("criteria_json", "text", (c) => c.notNull())
    .addColumn("total_centi", "integer", (c) => c.notNull().check(sqlGe("total_centi", 0)))
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["draft", "submitted"])))
    .addColumn("submitted_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("award_decisions"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().unique().references("proposals.id"))
    .addColumn("approved_fen", "bigint", (c) => c.notNull().check(sqlGe("approved_fen", 0)))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("decided_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "award_decisions", "scores", "assignments", "assignment_runs",
    "conflict_declarations", "expert_appointments", "initial_reviews",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
