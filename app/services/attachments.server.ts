// Proposal attachments: PDF/JPG/PNG judged by their first bytes, at most 10 MB, stored outside public/
// under random names in ATTACHMENTS_DIR, and served only to the owner, organizers, reviewers and the
// experts assigned to that proposal.
import { randomUUID, createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { isEditableByApplicant } from "../domain/proposal-lifecycle";
import { recordAudit } from "./audit.server";
import type { Actor, Failure } from "./organizations.server";

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_PROPOSAL = 10;

export type AttachmentMime = "application/pdf" | "image/jpeg" | "image/png";

/** The type a file really is, from its first bytes; the name and the browser's claim are not trusted. */
export function sniffFileType(bytes: Uint8Array): AttachmentMime | null {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  return null;
}

export function attachmentsDir(): string {
  return path.resolve(process.env.ATTACHMENTS_DIR ?? "./data/attachments");
}

/** A display name without path separators or control characters. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/\u0000-\u001f\u007f"]/g, "_").trim().slice(-120) || "attachment";
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

  const storageKey = `${randomUUID()}${mime === "application/pdf" ? ".pdf" : mime === "image/png" ? ".png" : ".jpg"}`;
  const target = path.join(attachmentsDir(), storageKey);
  fs.mkdirSync(attachmentsDir(), { recursive: true });
  fs.writeFileSync(target, file.bytes, { flag: "wx" });
  try {
    const result = await writeTransaction(db, async (trx): Promise<{ ok: true; attachmentId: number } | Failure> => {
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
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const row = await trx
        .insertInto("attachments")
        .values({
          owner_type: "proposal", owner_id: proposalId, original_name: safeFileName(file.name), mime,
          size_bytes: file.bytes.length, sha256, storage_key: storageKey, uploaded_by: actor.id, created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id, action: "proposal.attachment.add", entityType: "proposal", entityId: proposalId,
        after: { attachmentId: row.id, name: safeFileName(file.name), mime, size: file.bytes.length, sha256 }, now,
      });
      return { ok: true as const, attachmentId: row.id };
    });
    if (!result.ok) fs.rmSync(target, { force: true });
    return result;
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
}

export async function deleteProposalAttachment(db: DB, actor: Actor, attachmentId: number, now: Date): Promise<{ ok: true } | Failure> {
  if (actor.role !== "applicant") return { ok: false, status: 403, fieldErrors: { _form: "error.forbidden" } };
  const result = await writeTransaction(db, async (trx): Promise<{ ok: true; storageKey: string } | Failure> => {
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
    return { ok: true as const, storageKey: attachment.storage_key };
  });
  if (!result.ok) return result;
  fs.rmSync(path.join(attachmentsDir(), result.storageKey), { force: true });
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

/** May `user` read this proposal's files? The owner, organizers, reviewers, and experts assigned to it. */
export async function canReadProposalFiles(db: DB, user: Actor, proposalId: number): Promise<boolean> {
  if (user.role === "organizer" || user.role === "reviewer") return true;
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
  const file = path.join(attachmentsDir(), attachment.storage_key);
  if (!fs.existsSync(file)) return null;
  return { name: attachment.original_name, mime: attachment.mime, bytes: fs.readFileSync(file) };
}
