// Public notices (公示) as immutable versions, calendar corrections, objections and agreements.
import { type Kysely, sql } from "kysely";
import { isSqlite, makeAppendOnly, pgRefuseWhen, sqlGe, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("notices"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("snapshot_json", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("period_starts_on", "text", (c) => c.notNull())
    .addColumn("period_ends_on", "text", (c) => c.notNull())
    .addColumn("period_ends_at", "text", (c) => c.notNull())
    .addColumn("supersedes_id", "integer", (c) => c.references("notices.id"))
    .addUniqueConstraint("notice_version_unique", ["competition_id", "version"])
    .execute();
  await makeAppendOnly(db, "notices");

  await withId(db, db.schema.createTable("calendar_overrides"))
    .addColumn("date_on", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull().check(sqlIn("kind", ["holiday", "workday"])))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("objections"))
    .addColumn("notice_id", "integer", (c) => c.notNull().references("notices.id"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mobile", "text", (c) => c.notNull())
    .addColumn("relation", "text", (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["pending", "upheld", "dismissed"])))
    .addColumn("finding", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("filed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("objections_by_proposal").on("objections").columns(["proposal_id", "status"]).execute();

  await withId(db, db.schema.createTable("agreements"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().unique().references("proposals.id"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("notice_id", "integer", (c) => c.notNull().references("notices.id"))
    .addColumn("amount_fen", "bigint", (c) => c.notNull().check(sqlGe("amount_fen", 1)))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("text_sha256", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sqlIn("status", ["draft", "org_signed", "signed", "terminated", "completed"])),
    )
    .addColumn("org_signed_by", "integer", (c) => c.references("users.id"))
    .addColumn("org_signed_at", "text")
    .addColumn("organizer_signed_by", "integer", (c) => c.references("users.id"))
    .addColumn("organizer_signed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  if (isSqlite(db)) {
    // Once either party has signed, the text, amount and signatures can never change;
    // only the lifecycle may move on (signed → terminated/completed).
    await sql
      .raw(
        `CREATE TRIGGER agreements_frozen_after_signing BEFORE UPDATE ON agreements
         WHEN OLD.status <> 'draft' AND (
           NEW.text IS NOT OLD.text OR NEW.text_sha256 IS NOT OLD.text_sha256 OR
           NEW.amount_fen IS NOT OLD.amount_fen OR NEW.proposal_id IS NOT OLD.proposal_id OR
           NEW.org_signed_by IS NOT OLD.org_signed_by OR NEW.org_signed_at IS NOT OLD.org_signed_at OR
           (OLD.organizer_signed_at IS NOT NULL AND (
             NEW.organizer_signed_by IS NOT OLD.organizer_signed_by OR
             NEW.organizer_signed_at IS NOT OLD.organizer_signed_at)))
         BEGIN SELECT RAISE(ABORT, 'a signed agreement is immutable'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER agreements_no_delete_after_signing BEFORE DELETE ON agreements
         WHEN OLD.status <> 'draft'
         BEGIN SELECT RAISE(ABORT, 'a signed agreement is immutable'); END`,
      )
      .execute(db);
  } else {
    // The same two rules on PostgreSQL (IS DISTINCT FROM is SQLite's IS NOT for possibly-null values).
    await pgRefuseWhen(db, {
      name: "agreements_frozen_after_signing",
      table: "agreements",
      timing: "BEFORE UPDATE",
      condition: `OLD.status <> 'draft' AND (
           NEW.text IS DISTINCT FROM OLD.text OR NEW.text_sha256 IS DISTINCT FROM OLD.text_sha256 OR
           NEW.amount_fen IS DISTINCT FROM OLD.amount_fen OR NEW.proposal_id IS DISTINCT FROM OLD.proposal_id OR
           NEW.org_signed_by IS DISTINCT FROM OLD.org_signed_by OR NEW.org_signed_at IS DISTINCT FROM OLD.org_signed_at OR
           (OLD.organizer_signed_at IS NOT NULL AND (
             NEW.organizer_signed_by IS DISTINCT FROM OLD.organizer_signed_by OR
             NEW.organizer_signed_at IS DISTINCT FROM OLD.organizer_signed_at)))`,
      message: "a signed agreement is immutable",
    });
    await pgRefuseWhen(db, {
      name: "agreements_no_delete_after_signing",
      table: "agreements",
      timing: "BEFORE DELETE",
      condition: "OLD.status <> 'draft'",
      message: "a signed agreement is immutable",
    });
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["agreements", "objections", "calendar_overrides", "notices"]) {
    await db.schema.dropTable(t).execute();
  }
}
