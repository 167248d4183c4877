// Server-side sessions (so logout and a password change revoke them), rate-limit counters shared by
// every app process, and the addresses each account has logged in from (the login policy's "known
// address", docs/decisions/008).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id_sha256", "text", (c) => c.primaryKey()) // the cookie carries the token; only its hash is stored
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("blocked_until", "text")
    .execute();
  await db.schema.createIndex("rate_limits_window").on("rate_limits").column("window_started_at").execute();

  await db.schema
    .createTable("login_addresses")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("last_success_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_addresses_pk", ["user_id", "address"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_addresses").execute();
  await db.schema.dropTable("rate_limits").execute();
  await db.schema.dropTable("sessions").execute();
}
