// Accounts, competitions with their divisions and categories, and the hash-chained audit log.
import type { Kysely } from "kysely";
import { makeAppendOnly, sqlGe, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("users"))
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) =>
      c.notNull().check(sqlIn("role", ["organizer", "reviewer", "expert", "applicant", "sponsor"])),
    )
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("mobile", "text")
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("expert_invites"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("token_sha256", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("competitions"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("operator", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["draft", "published"])))
    .addColumn("rules_json", "text", (c) => c.notNull())
    .addColumn("registration_opens_at", "text", (c) => c.notNull())
    .addColumn("registration_closes_at", "text", (c) => c.notNull())
    .addColumn("initial_review_ends_at", "text", (c) => c.notNull())
    .addColumn("review_starts_at", "text", (c) => c.notNull())
    .addColumn("review_ends_at", "text", (c) => c.notNull())
    .addColumn("signing_ends_at", "text", (c) => c.notNull())
    .addColumn("implementation_ends_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("divisions"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("budget_fen", "bigint", (c) => c.notNull().check(sqlGe("budget_fen", 0)))
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .addUniqueConstraint("divisions_code_unique", ["competition_id", "code"])
    .execute();

  await withId(db, db.schema.createTable("categories"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .addUniqueConstraint("categories_code_unique", ["competition_id", "code"])
    .execute();

  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    // unique prev_hash: two writers can never fork the chain from the same row
    .addColumn("prev_hash", "text", (c) => c.notNull().unique())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .execute();
  await makeAppendOnly(db, "audit_log");
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["audit_log", "categories", "divisions", "competitions", "expert_invites", "users"]) {
    await db.schema.dropTable(t).execute();
  }
}

