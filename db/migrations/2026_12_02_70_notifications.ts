// The notification outbox (one row per recipient per channel), its delivery attempts, per-user channel
// preferences, per-competition event switches, and verified contact addresses with their one-time codes.
import type { Kysely } from "kysely";
import { sqlGe, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("notifications"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("channel", "text", (c) => c.notNull().check(sqlIn("channel", ["inapp", "email", "sms"])))
    .addColumn("address", "text")
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("template_id", "text", (c) => c.notNull())
    .addColumn("params_json", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("competition_id", "integer", (c) => c.references("competitions.id"))
    .addColumn("batch_key", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sqlIn("status", ["queued", "sending", "sent", "failed"])),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0).check(sqlGe("attempts", 0)))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claim_expires_at", "text")
    .addColumn("last_error", "text")
    .addColumn("provider_id", "text")
    .addColumn("sent_at", "text")
    .addColumn("read_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_due").on("notifications").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("notifications_inbox").on("notifications").columns(["user_id", "channel", "read_at"]).execute();
  await db.schema.createIndex("notifications_batch").on("notifications").column("batch_key").execute();

  await withId(db, db.schema.createTable("notification_attempts"))
    .addColumn("notification_id", "integer", (c) => c.notNull().references("notifications.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("worker_id", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull().check(sqlIn("result", ["sent", "failed", "retry", "unknown"])))
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("notification_attempts_row").on("notification_attempts").column("notification_id").execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("channel", "text", (c) => c.notNull().check(sqlIn("channel", ["email", "sms"])))
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "channel"])
    .execute();

  await db.schema
    .createTable("notification_switches")
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_switches_pk", ["competition_id", "event"])
    .execute();

  await db.schema
    .createTable("user_contacts")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("channel", "text", (c) => c.notNull().check(sqlIn("channel", ["email", "sms"])))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("verified_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_contacts_pk", ["user_id", "channel"])
    .execute();

  await withId(db, db.schema.createTable("contact_verifications"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("channel", "text", (c) => c.notNull().check(sqlIn("channel", ["email", "sms"])))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("code_sha256", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consumed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contact_verifications_user").on("contact_verifications").columns(["user_id", "channel"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "contact_verifications",
    "user_contacts",
    "notification_switches",
    "notification_preferences",
    "notification_attempts",
    "notifications",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
