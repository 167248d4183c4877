// Where attachment bytes live. attachments.server.ts keeps the rows and names each blob (its sha256, or an
// older row's plain key); a store keeps the bytes under that name.
// - ATTACHMENTS_STORE=dir (default): files under ATTACHMENTS_DIR (default ./data/attachments). One machine,
//   or several that mount the same directory (NFS/CephFS).
// - ATTACHMENTS_STORE=db: rows of attachment_blobs (BLOB/BYTEA) in the application's own database, written
//   in the caller's transaction (a rolled-back upload leaves nothing), seen by every process that sees the
//   database, and carried by every database backup (docs/deploy.md).
// An S3-compatible store would be a third implementation of the same interface.
import fs from "node:fs";
import path from "node:path";
import type { DB } from "../../db/connection";

export interface AttachmentStore {
  readonly kind: "dir" | "db";
  /**
   * Stores `bytes` under `name` unless it is already there (names are content hashes or random).
   * Returns true when this call wrote it; a store inside the transaction (db) says false, since a
   * rollback removes its row by itself and nothing is left to clean up.
   */
  put(db: DB, name: string, bytes: Uint8Array, now: Date): Promise<boolean>;
  get(db: DB, name: string): Promise<Buffer<ArrayBuffer> | null>;
  remove(db: DB, name: string): Promise<void>;
}

/** Names are made by the services (a sha256, or an older random name with an extension); nothing else is used. */
const SAFE_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{0,127}(\.[0-9A-Za-z]{1,8})?$/;

function unsafe(name: string): boolean {
  return !SAFE_NAME.test(name);
}

export function attachmentsDir(): string {
  return path.resolve(process.env.ATTACHMENTS_DIR ?? "./data/attachments");
}

export const directoryStore: AttachmentStore = {
  kind: "dir",
  async put(_db, name, bytes) {
    if (unsafe(name)) throw new Error(`unsafe storage name ${name}`);
    fs.mkdirSync(attachmentsDir(), { recursive: true });
    try {
      fs.writeFileSync(path.join(attachmentsDir(), name), bytes, { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      return false;
    }
  },
  async get(_db, name) {
    if (unsafe(name)) return null;
    const file = path.join(attachmentsDir(), name);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  },
  async remove(_db, name) {
    if (!unsafe(name)) fs.rmSync(path.join(attachmentsDir(), name), { force: true });
  },
};

export const databaseStore: AttachmentStore = {
  kind: "db",
  async put(db, name, bytes, now) {
    if (unsafe(name)) throw new Error(`unsafe storage name ${name}`);
    await db
      .insertInto("attachment_blobs")
      .values({ storage_key: name, bytes: Buffer.from(bytes), size_bytes: bytes.byteLength, created_at: now.toISOString() })
      .onConflict((oc) => oc.column("storage_key").doNothing())
      .execute();
    return false;
  },
  async get(db, name) {
    if (unsafe(name)) return null;
    const row = await db.selectFrom("attachment_blobs").select("bytes").where("storage_key", "=", name).executeTakeFirst();
    return row ? Buffer.from(row.bytes) : null;
  },
  async remove(db, name) {
    await db.deleteFrom("attachment_blobs").where("storage_key", "=", name).execute();
  },
};

/** The store ATTACHMENTS_STORE selects (read on every call, so tests can switch it). */
export function attachmentStore(): AttachmentStore {
  const choice = (process.env.ATTACHMENTS_STORE ?? "dir").trim().toLowerCase();
  if (choice === "db" || choice === "database") return databaseStore;
  if (choice === "dir" || choice === "directory" || choice === "") return directoryStore;
  throw new Error(`ATTACHMENTS_STORE must be "dir" or "db", not ${JSON.stringify(choice)}`);
}
