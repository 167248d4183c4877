// Uploads as an attacker sends them: to someone else's milestone, with a browser claim that lies about
// the type, with bidi overrides in the name, the same bytes twice, and a reviewer fetching a draft's file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { action as objectionAction } from "~/routes/notices.$id_.objection";
import { MIME, addProposalAttachment, loadProposalAttachment, safeFileName, sniffFileType, OFFICE_TYPES } from "~/services/attachments.server";
import { releaseSigningTranche, submitMilestoneReport } from "~/services/milestones.server";
import { fileObjection } from "~/services/objections.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import { createApplicantWithProposal } from "../support/factories-registration";

const ctx = useFreshDatabase();
let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-uploads-"));
  process.env.ATTACHMENTS_DIR = dir;
});
afterEach(() => {
  delete process.env.ATTACHMENTS_DIR;
  fs.rmSync(dir, { recursive: true, force: true });
});

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
const later = new Date("2021-08-20T02:00:00Z");
const filesOnDisk = () => fs.readdirSync(dir);

async function milestoneSetup() {
  const world = await createFinanceWorld(ctx.db);
  await fundPool(ctx.db, world, 10_000_000);
  const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
  const organizer = { id: world.organizer.id, role: "organizer" };
  await releaseSigningTranche(ctx.db, organizer, { milestoneId: a.milestones[0].id }, later);
  return { ...a, applicant: { id: a.applicantId, role: "applicant" }, report: { milestoneId: a.milestones[1].id, summary: "中期活动已开展十二场，台账齐全" } };
}

async function objectionSetup() {
  const w = await createReviewedCompetition(ctx.db, { proposals: 1 });
  const noticeId = await insertNotice(ctx.db, {
    competitionId: w.competition.id, publishedBy: w.organizer.id, publishedAt: new Date(Date.now() - 60_000).toISOString(),
    periodEndsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000 }],
  });
  const fields = {
    proposalId: String(w.proposals[0].proposalId), name: "张三丰", mobile: "13912345678", relation: "resident",
    reasons: "该项目申报材料中所列的服务场地实际并不存在，社区居委会并未同意提供场地。", website: "",
  };
  return { noticeId, fields };
}

describe("milestone report uploads", () => {
  it("leaves nothing on disk or in the database when B posts files to A's milestone", async () => {
    const s = await milestoneSetup();
    const stranger = await createUser(ctx.db, "applicant");
    const before = await ctx.db.selectFrom("attachments").select("id").execute();
    const result = await submitMilestoneReport(ctx.db, { id: stranger.id, role: "applicant" }, s.report, [{ name: "b.pdf", type: "application/pdf", bytes: PDF }], later);
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(filesOnDisk()).toEqual([]);
    expect(await ctx.db.selectFrom("attachments").select("id").execute()).toEqual(before);
  });

  it("judges the type by the bytes: an .exe claimed as application/pdf is refused, a real XLSX claimed as text/plain is stored as XLSX", async () => {
    const s = await milestoneSetup();
    const lie = await submitMilestoneReport(ctx.db, s.applicant, s.report, [{ name: "报告.pdf", type: "application/pdf", bytes: EXE }], later);
    expect(lie).toMatchObject({ ok: false, status: 400, fieldErrors: { files: "finance.validation.fileType" } });
    expect(filesOnDisk()).toEqual([]);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("台账").addRow(["活动", "人数"]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const ok = await submitMilestoneReport(ctx.db, s.applicant, s.report, [{ name: "台账", type: "text/plain", bytes: xlsx }], later);
    expect(ok).toMatchObject({ ok: true });
    const row = await ctx.db.selectFrom("attachments").selectAll().where("owner_type", "=", "milestone_report").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mime: MIME.xlsx, original_name: "台账.xlsx" });
  });

  it("stores a report carrying the same file twice instead of failing on UNIQUE storage_key", async () => {
    const s = await milestoneSetup();
    const result = await submitMilestoneReport(ctx.db, s.applicant, s.report, [{ name: "a.pdf", bytes: PDF }, { name: "b.pdf", bytes: PDF }], later);
    expect(result).toMatchObject({ ok: true });
    const rows = await ctx.db.selectFrom("attachments").select(["storage_key", "sha256"]).execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.storage_key)).size).toBe(2);
    expect(filesOnDisk()).toEqual([rows[0].sha256]); // one blob for both
  });
});

describe("objection uploads", () => {
  it("stores a second objection carrying the same file as the first (no 500 on UNIQUE storage_key)", async () => {
    const o = await objectionSetup();
    for (let i = 0; i < 2; i++) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(o.fields)) fd.append(k, v);
      fd.append("attachment", new File([PDF], "证据.pdf", { type: "application/pdf" }));
      const request = await requestAs(null, `/notices/${o.noticeId}/objection`, { method: "POST", body: fd, headers: { "X-Real-IP": `10.9.0.${i + 1}` } });
      const response = await callRoute(objectionAction, request, { id: String(o.noticeId) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true });
    }
    expect(await ctx.db.selectFrom("objections").select("id").execute()).toHaveLength(2);
    expect(await ctx.db.selectFrom("attachments").select("id").where("owner_type", "=", "objection").execute()).toHaveLength(2);
  });

  it("strips bidi overrides and control characters from the stored name", async () => {
    const o = await objectionSetup();
    const result = await fileObjection(ctx.db, o.noticeId, o.fields, { name: "invoice\u202Efdp.exe\u0007", bytes: PDF }, new Date(), "bidi-client");
    expect(result).toMatchObject({ ok: true });
    const row = await ctx.db.selectFrom("attachments").select("original_name").executeTakeFirstOrThrow();
    expect(row.original_name).toBe("invoicefdp.exe.pdf");
    expect(row.original_name).not.toMatch(/[\u0000-\u001f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("file names and types", () => {
  it("removes every bidi control (U+202A–U+202E, U+2066–U+2069, U+200E/F) and keeps a matching extension", () => {
    for (const c of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]) {
      expect(safeFileName(`报告${c}gpj.pdf`, MIME.pdf)).toBe("报告gpj.pdf");
    }
    expect(safeFileName("../../a\\b.png", MIME.png)).toBe(".._.._a_b.png");
  });

  it("reads DOCX, DOC and XLS from their containers and refuses a plain ZIP", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const zip = (...names: string[]) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...names.flatMap((n) => [...enc(n)])]);
    const ole = (stream: string) => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...[...stream].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(sniffFileType(zip("[Content_Types].xml", "word/document.xml"), OFFICE_TYPES)).toBe(MIME.docx);
    expect(sniffFileType(zip("evil.js"), OFFICE_TYPES)).toBeNull();
    expect(sniffFileType(ole("WordDocument"), OFFICE_TYPES)).toBe(MIME.doc);
    expect(sniffFileType(ole("Workbook"), OFFICE_TYPES)).toBe(MIME.xls);
    expect(sniffFileType(zip("[Content_Types].xml", "word/document.xml"))).toBeNull(); // not allowed on proposals
  });
});

describe("proposal attachments", () => {
  it("writes nothing to disk when B uploads to A's proposal", async () => {
    const fixture = await createCompetition(ctx.db);
    const a = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
    const b = await createUser(ctx.db, "applicant");
    const result = await addProposalAttachment(ctx.db, { id: b.id, role: "applicant" }, a.proposalId, { name: "x.pdf", bytes: PDF }, new Date());
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(filesOnDisk()).toEqual([]);
  });

  it("keeps a draft's attachment from a reviewer, and gives it once the proposal is submitted", async () => {
    const fixture = await createCompetition(ctx.db);
    const a = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
    const added = await addProposalAttachment(ctx.db, { id: a.applicantId, role: "applicant" }, a.proposalId, { name: "草稿.pdf", bytes: PDF }, new Date());
    if (!added.ok) throw new Error(JSON.stringify(added));
    const reviewer = await createUser(ctx.db, "reviewer");
    expect(await loadProposalAttachment(ctx.db, { id: reviewer.id, role: "reviewer" }, added.attachmentId)).toBeNull();
    await ctx.db.updateTable("proposals").set({ status: "submitted", version: 1 }).where("id", "=", a.proposalId).execute();
    expect(await loadProposalAttachment(ctx.db, { id: reviewer.id, role: "reviewer" }, added.attachmentId)).not.toBeNull();
  });

  it("accepts the same file twice on one proposal", async () => {
    const fixture = await createCompetition(ctx.db);
    const a = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
    const actor = { id: a.applicantId, role: "applicant" };
    expect(await addProposalAttachment(ctx.db, actor, a.proposalId, { name: "a.pdf", bytes: PDF }, new Date())).toMatchObject({ ok: true });
    expect(await addProposalAttachment(ctx.db, actor, a.proposalId, { name: "a.pdf", bytes: PDF }, new Date())).toMatchObject({ ok: true });
  });
});
