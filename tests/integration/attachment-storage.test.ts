// Attachment bytes go through one store interface: the local directory (default) or the database
// (ATTACHMENTS_STORE=db, the shared option for several machines). Both keep the same promises, on both engines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addProposalAttachment, deleteProposalAttachment, loadProposalAttachment, readAttachmentBytes } from "~/services/attachments.server";
import { attachmentStore, databaseStore, directoryStore } from "~/services/storage.server";
import { useFreshDatabase } from "../support/db";
import { createCompetition } from "../support/factories";
import { createApplicantWithProposal } from "../support/factories-registration";

const ctx = useFreshDatabase();
const now = new Date("2021-05-22T02:00:00Z");
// Every byte value, so a store that mangles binary (text encoding, NUL) is caught.
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("\n%%EOF\n")]);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-store-"));
  process.env.ATTACHMENTS_DIR = dir;
});
afterEach(() => {
  delete process.env.ATTACHMENTS_DIR;
  delete process.env.ATTACHMENTS_STORE;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function draft() {
  const fixture = await createCompetition(ctx.db);
  const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
  return { proposalId: made.proposalId, actor: { id: made.applicantId, role: "applicant" } };
}

describe("the attachment store", () => {
  it("is the local directory unless ATTACHMENTS_STORE says db, and refuses an unknown choice", () => {
    expect(attachmentStore()).toBe(directoryStore);
    process.env.ATTACHMENTS_STORE = "db";
    expect(attachmentStore()).toBe(databaseStore);
    process.env.ATTACHMENTS_STORE = "s3-typo";
    expect(() => attachmentStore()).toThrow(/ATTACHMENTS_STORE/);
  });

  for (const kind of ["dir", "db"] as const) {
    it(`${kind}: keeps the exact bytes of an upload, serves them, and forgets them when the draft's file is deleted`, async () => {
      process.env.ATTACHMENTS_STORE = kind;
      const { proposalId, actor } = await draft();
      const added = await addProposalAttachment(ctx.db, actor, proposalId, { name: "申报书.pdf", bytes: PDF }, now);
      expect(added.ok).toBe(true);
      if (!added.ok) return;
      const row = await ctx.db.selectFrom("attachments").select(["storage_key", "sha256"]).where("id", "=", added.attachmentId).executeTakeFirstOrThrow();
      const blobs = await ctx.db.selectFrom("attachment_blobs").select("storage_key").execute();
      // Exactly one place holds the bytes (named by their sha256): the directory or the table.
      expect(fs.readdirSync(dir)).toEqual(kind === "dir" ? [row.sha256] : []);
      expect(blobs.map((b) => b.storage_key)).toEqual(kind === "db" ? [row.sha256] : []);

      const served = await loadProposalAttachment(ctx.db, actor, added.attachmentId);
      expect(served && Buffer.from(served.bytes).equals(PDF)).toBe(true);

      expect(await deleteProposalAttachment(ctx.db, actor, added.attachmentId, now)).toEqual({ ok: true });
      expect(await readAttachmentBytes(ctx.db, row.storage_key)).toBeNull();
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(await ctx.db.selectFrom("attachment_blobs").select("storage_key").execute()).toEqual([]);
    });

    it(`${kind}: a refused upload leaves no bytes behind`, async () => {
      process.env.ATTACHMENTS_STORE = kind;
      const { proposalId } = await draft();
      const stranger = await createApplicantWithProposal(ctx.db, await createCompetition(ctx.db), { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
      const result = await addProposalAttachment(ctx.db, { id: stranger.applicantId, role: "applicant" }, proposalId, { name: "x.pdf", bytes: PDF }, now);
      expect(result).toMatchObject({ ok: false, status: 404 });
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(await ctx.db.selectFrom("attachment_blobs").select("storage_key").execute()).toEqual([]);
    });

    it(`${kind}: never reads or writes outside its names (no path in a name)`, async () => {
      const store = kind === "dir" ? directoryStore : databaseStore;
      await expect(store.put(ctx.db, "../escape.pdf", PDF, now)).rejects.toThrow(/unsafe/);
      expect(await store.get(ctx.db, "../../etc/passwd")).toBeNull();
      expect(fs.existsSync(path.join(dir, "..", "escape.pdf"))).toBe(false);
    });
  }
});
