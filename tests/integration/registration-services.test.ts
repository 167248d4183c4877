// Registration through the services: the window judged on the server clock, budget caps naming the
// line, the credit code, one proposal per applicant, frozen versions, applicants kept apart, and
// attachments judged by their bytes and served only to those allowed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tMaybe } from "~/i18n";
import {
  ATTACHMENT_MAX_BYTES,
  addProposalAttachment,
  deleteProposalAttachment,
  loadProposalAttachment,
} from "~/services/attachments.server";
import { loadOrganizationProfile, saveOrganizationProfile } from "~/services/organizations.server";
import {
  createDraftProposal,
  listApplicantProposals,
  loadApplicantProposal,
  saveProposalDraft,
  submitProposal,
} from "~/services/proposals.server";
import { useFreshDatabase } from "../support/db";
import { createCompetition, createUser } from "../support/factories";
import { createApplicantWithProposal, profileInput, validContent, validCreditCode } from "../support/factories-registration";

const ctx = useFreshDatabase();
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let attachmentsDir: string;
beforeEach(() => {
  attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-attachments-"));
  process.env.ATTACHMENTS_DIR = attachmentsDir;
});
afterEach(() => {
  delete process.env.ATTACHMENTS_DIR;
  fs.rmSync(attachmentsDir, { recursive: true, force: true });
});

/** The demo competition (registration closes 2021-05-31 23:59:59.999 Shanghai) and an applicant with a complete draft. */
async function draftInDemoCompetition() {
  const fixture = await createCompetition(ctx.db);
  const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
  return { fixture, ...made, actor: { id: made.applicantId, role: "applicant" } };
}

async function submittedRows(proposalId: number) {
  const proposal = await ctx.db.selectFrom("proposals").select(["status", "version", "last_submitted_at"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
  const versions = await ctx.db.selectFrom("proposal_versions").select("version").where("proposal_id", "=", proposalId).execute();
  const events = await ctx.db.selectFrom("proposal_events").select("kind").where("proposal_id", "=", proposalId).orderBy("id").execute();
  return { proposal, versions, events: events.map((e) => e.kind) };
}

describe("the registration window", () => {
  it("refuses a submission one second after the window closes, with the Shanghai deadline, and stores nothing as submitted", async () => {
    const { fixture, proposalId, actor, content } = await draftInDemoCompetition();
    const closesAt = Date.parse(fixture.competition.registration_closes_at);
    const result = await submitProposal(ctx.db, actor, proposalId, content, new Date(closesAt + 1000));
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (result.ok) return;
    expect(result.fieldErrors._form).toBe("申报已于 2021年5月31日 23:59 截止，本次提交未被受理");
    const rows = await submittedRows(proposalId);
    expect(rows.proposal).toEqual({ status: "draft", version: 0, last_submitted_at: null });
    expect(rows.versions).toEqual([]);
    expect(rows.events).toEqual(["created"]);
  });

  it("accepts the same submission at the last instant of the window", async () => {
    const { fixture, proposalId, actor, content } = await draftInDemoCompetition();
    const result = await submitProposal(ctx.db, actor, proposalId, content, new Date(fixture.competition.registration_closes_at));
    expect(result).toMatchObject({ ok: true, version: 1 });
  });

  it("refuses a submission before the window opens", async () => {
    const { fixture, proposalId, actor, content } = await draftInDemoCompetition();
    const result = await submitProposal(ctx.db, actor, proposalId, content, new Date(Date.parse(fixture.competition.registration_opens_at) - 1000));
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "申报将于 2021年4月12日 00:00 开始，现在还不能提交" } });
  });

  it("saves drafts at any time, even after the window has closed", async () => {
    const { fixture, proposalId, actor, content } = await draftInDemoCompetition();
    const later = new Date(Date.parse(fixture.competition.registration_closes_at) + 86_400_000);
    expect(await saveProposalDraft(ctx.db, actor, proposalId, { ...content, title: "改过的标题" }, later)).toEqual({ ok: true });
    const stored = await ctx.db.selectFrom("proposals").select(["title", "status"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: "改过的标题", status: "draft" });
  });
});

describe("the budget rules", () => {
  it("refuses a budget whose personnel share exceeds the cap, naming the line, and stores nothing as submitted", async () => {
    const { fixture, proposalId, actor } = await draftInDemoCompetition();
    const now = new Date("2021-05-25T02:00:00Z");
    // 40 000 元 personnel of 100 000 元: 40 % against the 30 % cap
    const content = validContent(fixture, {
      requested: 100_000_00,
      budget: [
        { category: "activity", item: "社区议事会", amount: 60_000_00 },
        { category: "personnel", item: "社工劳务费", amount: 40_000_00 },
      ],
    });
    const result = await submitProposal(ctx.db, actor, proposalId, content, now);
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual(["budget.1.amount"]);
    expect(result.fieldErrors["budget.1.amount"]).toBe("人员劳务费（社工劳务费）合计 40,000.00 元，占项目总预算 40.00%，超过上限 30%");
    const rows = await submittedRows(proposalId);
    expect(rows.proposal.status).toBe("draft");
    expect(rows.versions).toEqual([]);
  });

  it("accepts personnel at exactly the cap", async () => {
    const { fixture, proposalId, actor } = await draftInDemoCompetition();
    const content = validContent(fixture, {
      requested: 100_000_00,
      budget: [
        { category: "activity", item: "社区议事会", amount: 70_000_00 },
        { category: "personnel", item: "社工劳务费", amount: 30_000_00 },
      ],
    });
    expect(await submitProposal(ctx.db, actor, proposalId, content, new Date("2021-05-25T02:00:00Z"))).toMatchObject({ ok: true });
  });

  it("refuses a budget that does not add up to requested + self-raised, on the requested field", async () => {
    const { fixture, proposalId, actor } = await draftInDemoCompetition();
    const content = validContent(fixture, { requested: 120_000_00 });
    const result = await submitProposal(ctx.db, actor, proposalId, { ...content, requested: 130_000_00 }, new Date("2021-05-25T02:00:00Z"));
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(result.fieldErrors.requested).toContain("预算合计 120,000.00 元");
  });
});

describe("the applicant profile", () => {
  it("refuses an invalid 统一社会信用代码 and stores no profile", async () => {
    const user = await createUser(ctx.db, "applicant");
    const good = validCreditCode(7);
    const wrongCheck = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const result = await saveOrganizationProfile(ctx.db, { id: user.id, role: "applicant" }, profileInput("social_org", { creditCode: wrongCheck }), new Date());
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { creditCode: "registration.profile.creditCodeInvalid" } });
    if (!result.ok) expect(tMaybe(result.fieldErrors.creditCode)).toContain("统一社会信用代码无效");
    expect(await loadOrganizationProfile(ctx.db, user.id)).toBeNull();
  });

  it("accepts a valid credit code typed in lower case with spaces, stored normalized", async () => {
    const user = await createUser(ctx.db, "applicant");
    const code = validCreditCode(8);
    const typed = ` ${code.slice(0, 9).toLowerCase()} ${code.slice(9)} `;
    const result = await saveOrganizationProfile(ctx.db, { id: user.id, role: "applicant" }, profileInput("social_org", { creditCode: typed }), new Date());
    expect(result).toMatchObject({ ok: true });
    expect((await loadOrganizationProfile(ctx.db, user.id))?.organization.credit_code).toBe(code);
  });

  it("refuses an invalid contact mobile", async () => {
    const user = await createUser(ctx.db, "applicant");
    const result = await saveOrganizationProfile(ctx.db, { id: user.id, role: "applicant" }, profileInput("social_org", { contactMobile: "1380000000" }), new Date());
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { contactMobile: "validation.mobileInvalid" } });
  });

  it("a resident team lists its members instead of a credit code", async () => {
    const user = await createUser(ctx.db, "applicant");
    const actor = { id: user.id, role: "applicant" };
    const tooFew = await saveOrganizationProfile(ctx.db, actor, profileInput("resident_team", { members: [{ name: "张三", mobile: "13900000001" }] }), new Date());
    expect(tooFew).toMatchObject({ ok: false, fieldErrors: { members: "居民团队至少需要 3 名成员" } });
    expect(await saveOrganizationProfile(ctx.db, actor, profileInput("resident_team"), new Date())).toMatchObject({ ok: true });
    const stored = await loadOrganizationProfile(ctx.db, user.id);
    expect(stored?.organization.credit_code).toBeNull();
    expect(stored?.members.map((m) => m.name)).toEqual(["张三", "李四", "王五"]);
  });

  it("a draft needs a profile first", async () => {
    const fixture = await createCompetition(ctx.db);
    const user = await createUser(ctx.db, "applicant");
    const result = await createDraftProposal(ctx.db, { id: user.id, role: "applicant" }, fixture.competition.id, new Date("2021-05-01T02:00:00Z"));
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "registration.error.profileMissing" } });
  });
});

describe("submission", () => {
  it("freezes the submitted proposal as version 1 with its fingerprint and shows it on the timeline", async () => {
    const { proposalId, actor, content } = await draftInDemoCompetition();
    const result = await submitProposal(ctx.db, actor, proposalId, undefined, new Date("2021-05-25T02:00:00Z"));
    expect(result).toMatchObject({ ok: true, version: 1 });
    if (!result.ok) return;
    const version = await ctx.db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    expect(version.sha256).toBe(result.sha256);
    expect(JSON.parse(version.snapshot_json).content).toEqual(content);
    const page = await loadApplicantProposal(ctx.db, actor, proposalId);
    expect(page?.proposal.status).toBe("submitted");
    expect(page?.events.map((e) => e.kind)).toEqual(["created", "submitted"]);
    expect(page?.versions).toEqual([{ version: 1, sha256: result.sha256, submitted_at: "2021-05-25T02:00:00.000Z" }]);

    const edit = await saveProposalDraft(ctx.db, actor, proposalId, { ...content, title: "提交后再改" }, new Date("2021-05-26T02:00:00Z"));
    expect(edit).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "registration.error.notEditable" } });
    const again = await submitProposal(ctx.db, actor, proposalId, undefined, new Date("2021-05-26T02:00:00Z"));
    expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "申报书已提交，不能再修改" } });
    expect(await ctx.db.selectFrom("proposal_versions").select("id").where("proposal_id", "=", proposalId).execute()).toHaveLength(1);
  });

  it("allows one submitted proposal per applicant per competition", async () => {
    const { fixture, proposalId, actor, content } = await draftInDemoCompetition();
    const now = new Date("2021-05-25T02:00:00Z");
    const second = await createDraftProposal(ctx.db, actor, fixture.competition.id, now);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(await submitProposal(ctx.db, actor, proposalId, content, now)).toMatchObject({ ok: true });
    const refused = await submitProposal(ctx.db, actor, second.proposalId, { ...content, title: "第二个项目" }, now);
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { _form: "每个申报主体本届最多申报 1 个项目" } });
    expect((await submittedRows(second.proposalId)).proposal.status).toBe("draft");
    const mine = await listApplicantProposals(ctx.db, actor.id);
    expect(mine.map((p) => p.status).sort()).toEqual(["draft", "submitted"]);
  });
});

describe("applicants are kept apart", () => {
  it("applicant B can neither read nor change nor submit applicant A's proposal", async () => {
    const { proposalId, content, fixture } = await draftInDemoCompetition();
    const b = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now: new Date("2021-05-20T02:00:00Z") });
    const actorB = { id: b.applicantId, role: "applicant" };
    const now = new Date("2021-05-25T02:00:00Z");
    expect(await loadApplicantProposal(ctx.db, actorB, proposalId)).toBeNull();
    expect(await saveProposalDraft(ctx.db, actorB, proposalId, { ...content, title: "B 改的" }, now)).toMatchObject({ ok: false, status: 404 });
    expect(await submitProposal(ctx.db, actorB, proposalId, undefined, now)).toMatchObject({ ok: false, status: 404 });
    // malformed input tells B nothing either: still 404, not a validation message
    expect(await saveProposalDraft(ctx.db, actorB, proposalId, { title: "" }, now)).toMatchObject({ ok: false, status: 404 });
    expect(await submitProposal(ctx.db, actorB, proposalId, { title: "" }, now)).toMatchObject({ ok: false, status: 404 });
    expect(await addProposalAttachment(ctx.db, actorB, proposalId, { name: "b.pdf", bytes: PDF }, now)).toMatchObject({ ok: false, status: 404 });
    const a = await ctx.db.selectFrom("proposals").select(["title", "status"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(a).toEqual({ title: content.title, status: "draft" });
    expect((await listApplicantProposals(ctx.db, actorB.id)).map((p) => p.id)).toEqual([b.proposalId]);
  });

  it("refuses other roles", async () => {
    const { proposalId, content } = await draftInDemoCompetition();
    const organizer = await createUser(ctx.db, "organizer");
    const result = await submitProposal(ctx.db, { id: organizer.id, role: "organizer" }, proposalId, content, new Date("2021-05-25T02:00:00Z"));
    expect(result).toMatchObject({ ok: false, status: 403 });
  });
});

describe("attachments", () => {
  const now = new Date("2021-05-22T02:00:00Z");

  it("stores a real PDF outside public/ under a random name and serves it to its owner and organizers only", async () => {
    const { proposalId, actor, fixture } = await draftInDemoCompetition();
    const added = await addProposalAttachment(ctx.db, actor, proposalId, { name: "../../申报书.pdf", bytes: PDF }, now);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const row = await ctx.db.selectFrom("attachments").selectAll().where("id", "=", added.attachmentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mime: "application/pdf", size_bytes: PDF.length, original_name: ".._.._申报书.pdf" });
    // one blob named by its content; the row's key is unique per upload (issue 10: identical files twice)
    expect(fs.readdirSync(attachmentsDir)).toEqual([row.sha256]);
    expect(row.storage_key).toMatch(/^[0-9a-f]{64}@[0-9a-f-]{36}$/);

    const own = await loadProposalAttachment(ctx.db, actor, added.attachmentId);
    expect(Buffer.from(own!.bytes).equals(Buffer.from(PDF))).toBe(true);
    const organizer = await createUser(ctx.db, "organizer");
    expect(await loadProposalAttachment(ctx.db, { id: organizer.id, role: "organizer" }, added.attachmentId)).not.toBeNull();

    const b = await createApplicantWithProposal(ctx.db, fixture, { status: "draft", now });
    expect(await loadProposalAttachment(ctx.db, { id: b.applicantId, role: "applicant" }, added.attachmentId)).toBeNull();
    const sponsor = await createUser(ctx.db, "sponsor");
    expect(await loadProposalAttachment(ctx.db, { id: sponsor.id, role: "sponsor" }, added.attachmentId)).toBeNull();
    const expert = await createUser(ctx.db, "expert");
    expect(await loadProposalAttachment(ctx.db, { id: expert.id, role: "expert" }, added.attachmentId)).toBeNull();
    expect(await deleteProposalAttachment(ctx.db, { id: b.applicantId, role: "applicant" }, added.attachmentId, now)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses a file whose bytes are not really PDF/JPG/PNG, whatever its name says", async () => {
    const { proposalId, actor } = await draftInDemoCompetition();
    const fake = new TextEncoder().encode("MZ\x90\x00 this is a program, not a PDF");
    const result = await addProposalAttachment(ctx.db, actor, proposalId, { name: "申报书.pdf", bytes: fake }, now);
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { attachment: "registration.error.fileType" } });
    expect(await ctx.db.selectFrom("attachments").select("id").execute()).toEqual([]);
    expect(fs.readdirSync(attachmentsDir)).toEqual([]);
    // a PNG named .pdf is accepted as what it really is
    const png = await addProposalAttachment(ctx.db, actor, proposalId, { name: "照片.pdf", bytes: PNG }, now);
    expect(png.ok).toBe(true);
    const row = await ctx.db.selectFrom("attachments").select("mime").executeTakeFirstOrThrow();
    expect(row.mime).toBe("image/png");
  });

  it("refuses a file over the size limit and an empty file", async () => {
    const { proposalId, actor } = await draftInDemoCompetition();
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    big.set(PDF);
    expect(await addProposalAttachment(ctx.db, actor, proposalId, { name: "big.pdf", bytes: big }, now)).toMatchObject({
      ok: false, status: 413, fieldErrors: { attachment: "registration.error.fileTooLarge" },
    });
    expect(await addProposalAttachment(ctx.db, actor, proposalId, { name: "empty.pdf", bytes: new Uint8Array() }, now)).toMatchObject({
      ok: false, status: 400, fieldErrors: { attachment: "registration.error.fileEmpty" },
    });
    expect(await ctx.db.selectFrom("attachments").select("id").execute()).toEqual([]);
    expect(fs.readdirSync(attachmentsDir)).toEqual([]);
  });

  it("includes the attachments in the frozen version and refuses new ones after submission", async () => {
    const { proposalId, actor } = await draftInDemoCompetition();
    const added = await addProposalAttachment(ctx.db, actor, proposalId, { name: "申报书.pdf", bytes: PDF }, now);
    expect(added.ok).toBe(true);
    const submitted = await submitProposal(ctx.db, actor, proposalId, undefined, new Date("2021-05-25T02:00:00Z"));
    expect(submitted.ok).toBe(true);
    const version = await ctx.db.selectFrom("proposal_versions").select("snapshot_json").where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    expect(JSON.parse(version.snapshot_json).attachments).toMatchObject([{ original_name: "申报书.pdf", mime: "application/pdf" }]);
    const late = await addProposalAttachment(ctx.db, actor, proposalId, { name: "补充.pdf", bytes: PDF }, new Date("2021-05-26T02:00:00Z"));
    expect(late).toMatchObject({ ok: false, status: 409 });
    if (added.ok) {
      expect(await deleteProposalAttachment(ctx.db, actor, added.attachmentId, new Date("2021-05-26T02:00:00Z"))).toMatchObject({ ok: false, status: 409 });
    }
  });
});
