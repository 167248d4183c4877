// Attachments of every kind: types judged by their bytes, names cleaned, blobs stored outside public/ in
// ATTACHMENTS_DIR by content (written only after the owner was checked). Proposal attachments (PDF/JPG/PNG,
// at most 10 MB) are served only to the owner, organizers, reviewers (once submitted) and assigned experts.
import { randomUUID, createHash } from "node:crypto";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { isEditableByApplicant } from "../domain/proposal-lifecycle";
import { recordAudit } from "./audit.server";
import type { Actor, Failure } from "./organizations.server";
import { attachmentStore } from "./storage.server";

export { attachmentsDir } from "./storage.server";

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_PROPOSAL = 10;

export const MIME = {
  pdf: "application/pdf",
  jpeg: "image/jpeg",
  png: "image/png",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;
export type AttachmentMime = (typeof MIME)[keyof typeof MIME];

/** Proposals and objections: documents and photos. Milestone reports also take Word and Excel files. */
export const DOCUMENT_TYPES: readonly AttachmentMime[] = [MIME.pdf, MIME.jpeg, MIME.png];
export const OFFICE_TYPES: readonly AttachmentMime[] = [...DOCUMENT_TYPES, MIME.doc, MIME.docx, MIME.xls, MIME.xlsx];

const EXTENSIONS: Record<AttachmentMime, readonly string[]> = {
  [MIME.pdf]: [".pdf"], [MIME.jpeg]: [".jpg", ".jpeg"], [MIME.png]: [".png"], [MIME.doc]: [".doc"],
  [MIME.docx]: [".docx"], [MIME.xls]: [".xls"], [MIME.xlsx]: [".xlsx"],
};

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0, to = haystack.length): number {
  const end = Math.min(to, haystack.length) - needle.length;
  outer: for (let i = from; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
const ascii = (text: string) => new TextEncoder().encode(text);
const utf16 = (text: string) => new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0), 0]));

/**
 * The type a file really is, from its bytes; the name and the browser's claim are not trusted.
 * PDF, JPEG and PNG by their signatures; DOCX/XLSX are ZIP packages holding word/ or xl/ parts;
 * DOC/XLS are OLE compound files holding a WordDocument or Workbook stream.
 */
export function sniffFileType(bytes: Uint8Array, allowed: readonly AttachmentMime[] = DOCUMENT_TYPES): AttachmentMime | null {
  const type = detect(bytes);
  return type && allowed.includes(type) ? type : null;
}

function detect(bytes: Uint8Array): AttachmentMime | null {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return MIME.pdf; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return MIME.jpeg;
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return MIME.png;
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    // An Office Open XML package names its parts in the ZIP headers; [Content_Types].xml must be there.
    if (indexOfBytes(bytes, ascii("[Content_Types].xml")) === -1) return null;
    if (indexOfBytes(bytes, ascii("word/")) !== -1) return MIME.docx;
    if (indexOfBytes(bytes, ascii("xl/")) !== -1) return MIME.xlsx;
    return null;
  }
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (indexOfBytes(bytes, utf16("WordDocument")) !== -1) return MIME.doc;
    if (indexOfBytes(bytes, utf16("Workbook")) !== -1 || indexOfBytes(bytes, utf16("Book")) !== -1) return MIME.xls;
    return null;
  }
  return null;
}

/**
 * A display name without path separators, control characters, bidi overrides/isolates/marks or
 * zero-width characters (a name like "invoice\u202Efdp.exe" would otherwise show as "invoiceexe.pdf").
 * When `mime` is given and the name does not end in one of its extensions, the right one is added.
 */
export function safeFileName(name: string, mime?: AttachmentMime): string {
  let clean = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, "")
    .replace(/[\\/"<>|:*?]/g, "_")
    .trim();
  if (mime && !EXTENSIONS[mime].some((ext) => clean.toLowerCase().endsWith(ext))) clean += EXTENSIONS[mime][0];
  return clean.slice(-120) || `attachment${mime ? EXTENSIONS[mime][0] : ""}`;
}

// Storage: every upload is a content-addressed blob `<sha256>` (written once, shared by identical files)
// and its own row with a unique storage key `<sha256>@<uuid>`, so the same bytes can be attached twice.
// Older rows keep their plain keys (a random name, or the sha256 itself), which still resolve.
// The bytes live in the attachment store (storage.server.ts: a directory by default, or the database).
const BLOB_KEY = /^([0-9a-f]{64})@[0-9a-f-]{36}$/;
const LEGACY_KEY = /^[0-9A-Za-z][0-9A-Za-z_-]*(\.[0-9A-Za-z]{1,8})?$/;

function blobName(storageKey: string): string | null {
  const blob = BLOB_KEY.exec(storageKey);
  if (blob) return blob[1];
  return LEGACY_KEY.test(storageKey) ? storageKey : null;
}

/** The bytes behind a stored attachment, or null when the key is not ours or the file is gone. */
export async function readAttachmentBytes(db: DB, storageKey: string) {
  const name = blobName(storageKey);
  return name ? attachmentStore().get(db, name) : null;
}

export interface StoredBlob {
  sha256: string;
  storageKey: string;
  /** Whether this call wrote the blob (so a rolled-back transaction may remove it again). */
  created: boolean;
}

/**
 * Writes the bytes as a blob (once per content) in `trx` and returns a fresh, unique storage key for one row.
 * `now` dates the blob in the database store.
 */
export async function storeBlob(trx: DB, bytes: Uint8Array, now: Date): Promise<StoredBlob> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const created = await attachmentStore().put(trx, sha256, bytes, now);
  return { sha256, storageKey: `${sha256}@${randomUUID()}`, created };
}

/** Removes blobs this request wrote when its transaction did not commit (the database store rolls back by itself). */
export async function discardBlobs(db: DB, blobs: readonly StoredBlob[]): Promise<void> {
  for (const b of blobs) if (b.created) await attachmentStore().remove(db, b.sha256);
}

/** Runs `write` (a transaction that calls `store(trx, bytes)` after its checks) and cleans up blobs if it fails. */
export async function withBlobs<T extends { ok: boolean }>(
  db: DB,
  now: Date,
  write: (store: (trx: DB, bytes: Uint8Array) => Promise<StoredBlob>) => Promise<T>,
): Promise<T> {
  const written: StoredBlob[] = [];
  const store = async (trx: DB, bytes: Uint8Array) => {
    const blob = await storeBlob(trx, bytes, now);
    written.push(blob);
    return blob;
  };
  try {
    const result = await write(store);
    if (!result.ok) await discardBlobs(db, written);
    return result;
  } catch (error) {
    await discardBlobs(db, written);
    throw error;
  }
}

/** Deletes a blob once no attachment row refers to its content any more. */
async function removeBlobIfUnused(db: DB, storageKey: string, sha256: string): Promise<void> {
  const name = blobName(storageKey);
  if (!name) return;
  if (BLOB_KEY.test(storageKey)) {
    const other = await db.selectFrom("attachments").select("id").where("sha256", "=", sha256).executeTakeFirst();
    if (other) return;
  }
  await attachmentStore().remove(db, name);
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export async function addProposalAttachment(
  db: DB,
  actor: Actor,
  proposalId: number,
  file: UploadedFile | null,
  now: Date,
): Promise<{ ok: true; attachmentId: number } | Failure> {
  if (actor.role !== "applicant") return { ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } };
  if (!file || file.bytes.length === 0) return { ok: false, status: 400, fieldErrors: { attachment: "registration.error.fileEmpty" } };
  if (file.bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, status: 413, fieldErrors: { attachment: "registration.error.fileTooLarge" } };
  const mime = sniffFileType(file.bytes);
  if (!mime) return { ok: false, status: 400, fieldErrors: { attachment: "registration.error.fileType" } };
  const name = safeFileName(file.name, mime);
  return withBlobs(db, now, (store) =>
    writeTransaction(db, async (trx): Promise<{ ok: true; attachmentId: number } | Failure> => {
      const proposal = await ownProposal(trx, actor, proposalId);
      if (!proposal) return { ok: false as const, status: 404 as const, fieldErrors: { _form: "error.notFound" } };
      if (!isEditableByApplicant(proposal.status)) {
        return { ok: false as const, status: 409 as const, fieldErrors: { attachment: "registration.error.notEditable" } };
      }
      const count = await trx
        .selectFrom("attachments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("owner_type", "=", "proposal")
        .where("owner_id", "=", proposalId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= ATTACHMENTS_PER_PROPOSAL) {
        return { ok: false as const, status: 409 as const, fieldErrors: { attachment: "registration.attachments.tooMany" } };
      }
      // Only now, with ownership and state checked, does anything reach the disk.
      const blob = await store(trx, file.bytes);
      const row = await trx
        .insertInto("attachments")
        .values({
          owner_type: "proposal", owner_id: proposalId, original_name: name, mime,
          size_bytes: file.bytes.length, sha256: blob.sha256, storage_key: blob.storageKey, uploaded_by: actor.id, created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "proposal.attachment.add", entityType: "proposal", entityId: proposalId,
        after: { attachmentId: row.id, name, mime, size: file.bytes.length, sha256: blob.sha256 }, now,
      });
      return { ok: true as const, attachmentId: row.id };
    }),
  );
}

export async function deleteProposalAttachment(db: DB, actor: Actor, attachmentId: number, now: Date): Promise<{ ok: true } | Failure> {
  if (actor.role !== "applicant") return { ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } };
  const result = await writeTransaction(db, async (trx): Promise<{ ok: true; storageKey: string; sha256: string } | Failure> => {
    const attachment = await trx
      .selectFrom("attachments")
      .selectAll()
      .where("id", "=", attachmentId)
      .where("owner_type", "=", "proposal")
      .executeTakeFirst();
    const proposal = attachment ? await ownProposal(trx, actor, attachment.owner_id) : undefined;
    if (!attachment || !proposal) return { ok: false as const, status: 404 as const, fieldErrors: { _form: "error.notFound" } };
    // A file that is part of a submitted version stays: the frozen snapshot refers to it.
    if (!isEditableByApplicant(proposal.status) || proposal.version > 0) {
      return { ok: false as const, status: 409 as const, fieldErrors: { attachment: "registration.error.notEditable" } };
    }
    await trx.deleteFrom("attachments").where("id", "=", attachmentId).execute();
    await recordAudit(trx, {
      actorId: actor.id, action: "proposal.attachment.delete", entityType: "proposal", entityId: proposal.id,
      before: { attachmentId, name: attachment.original_name, sha256: attachment.sha256 }, now,
    });
    return { ok: true as const, storageKey: attachment.storage_key, sha256: attachment.sha256 };
  });
  if (!result.ok) return result;
  await removeBlobIfUnused(db, result.storageKey, result.sha256);
  return { ok: true };
}

async function ownProposal(db: DB, actor: Actor, proposalId: number) {
  return db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["proposals.id", "proposals.status", "proposals.version"])
    .where("proposals.id", "=", proposalId)
    .where("organizations.user_id", "=", actor.id)
    .executeTakeFirst();
}

export async function listProposalAttachments(db: DB, proposalId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "original_name", "mime", "size_bytes", "sha256", "created_at"])
    .where("owner_type", "=", "proposal")
    .where("owner_id", "=", proposalId)
    .orderBy("id")
    .execute();
}

/**
 * May `user` read this proposal's files? The owner; organizers; reviewers once the proposal has been
 * submitted (it is in their queue; a draft is nobody's business but its owner's); experts assigned to it.
 */
export async function canReadProposalFiles(db: DB, user: Actor, proposalId: number): Promise<boolean> {
  if (user.role === "organizer") return true;
  if (user.role === "reviewer") {
    const queued = await db
      .selectFrom("proposals")
      .select("id")
      .where("id", "=", proposalId)
      .where("status", "!=", "draft")
      .where("version", ">", 0)
      .executeTakeFirst();
    return !!queued;
  }
  if (user.role === "applicant") {
    const own = await db
      .selectFrom("proposals")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select("proposals.id")
      .where("proposals.id", "=", proposalId)
      .where("organizations.user_id", "=", user.id)
      .executeTakeFirst();
    return !!own;
  }
  if (user.role === "expert") {
    const assigned = await db
      .selectFrom("assignments")
      .select("id")
      .where("proposal_id", "=", proposalId)
      .where("expert_id", "=", user.id)
      .where("active", "=", 1)
      .executeTakeFirst();
    return !!assigned;
  }
  return false;
}

/** The file behind a proposal attachment, or null when it does not exist or `user` may not read it. */
export async function loadProposalAttachment(db: DB, user: Actor, attachmentId: number) {
  const attachment = await db
    .selectFrom("attachments")
    .selectAll()
    .where("id", "=", attachmentId)
    .where("owner_type", "=", "proposal")
    .executeTakeFirst();
  if (!attachment) return null;
  if (!(await canReadProposalFiles(db, user, attachment.owner_id))) return null;
  const bytes = await readAttachmentBytes(db, attachment.storage_key);
  return bytes ? { name: attachment.original_name, mime: attachment.mime, bytes } : null;
}
