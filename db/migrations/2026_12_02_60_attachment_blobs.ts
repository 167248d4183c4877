// Attachment bytes in the database (ATTACHMENTS_STORE=db): the shared store for several app machines.
// BLOB on SQLite, BYTEA on PostgreSQL; keyed by the attachments' storage_key.
import type { Kysely } from "kysely";
import { isSqlite } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attachment_blobs")
    .addColumn("storage_key", "text", (c) => c.primaryKey())
    .addColumn("bytes", isSqlite(db) ? "blob" : "bytea", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attachment_blobs").execute();
}
