// Objections to a notice: taken only during the period (server clock), real-name, rate-limited,
// honeypot-guarded; the organizer upholds (project disqualified) or dismisses with a finding.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { action as objectionAction } from "~/routes/notices.$id_.objection";
import { decideObjection, fileObjection } from "~/services/objections.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, requestAs } from "../support/factories";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";

const ctx = useFreshDatabase();
process.env.ATTACHMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-objections-"));

const PERIOD_ENDS_AT = "2021-07-12T15:59:59.999Z"; // 2021-07-12 23:59:59.999 Asia/Shanghai
const valid = (proposalId: number) => ({
  proposalId: String(proposalId),
  name: "张三丰",
  mobile: "13912345678",
  relation: "resident",
  reasons: "该项目申报材料中所列的服务场地实际并不存在，社区居委会并未同意提供场地。",
  website: "",
});

async function world() {
  const w = await createReviewedCompetition(ctx.db, { proposals: 2 });
  const noticeId = await insertNotice(ctx.db, {
    competitionId: w.competition.id, publishedBy: w.organizer.id, publishedAt: "2021-07-05T02:00:00.000Z", periodEndsAt: PERIOD_ENDS_AT,
    rows: w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 })),
  });
  return { ...w, noticeId };
}

let key = 0;
const client = () => `test-client-${++key}`;

describe("filing an objection", () => {
  it("accepts an objection inside the period (one minute before it ends)", async () => {
    const w = await world();
    const result = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, new Date(Date.parse(PERIOD_ENDS_AT) - 60_000), client());
    expect(result).toMatchObject({ ok: true });
    const rows = await ctx.db.selectFrom("objections").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", name: "张三丰", proposal_id: w.proposals[0].proposalId });
  });

  it("refuses an objection one minute after the period ends, saying when it closed", async () => {
    const w = await world();
    const result = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, new Date(Date.parse(PERIOD_ENDS_AT) + 60_000), client());
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "notice.objection.closed" }, params: { at: "2021年7月12日 23:59" } });
    expect(await ctx.db.selectFrom("objections").selectAll().execute()).toHaveLength(0);
  });

  it("refuses an objection against a superseded version", async () => {
    const w = await world();
    await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, version: 2, supersedesId: w.noticeId, periodEndsAt: "2021-07-20T15:59:59.999Z", rows: [] });
    const result = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, new Date("2021-07-06T02:00:00Z"), client());
    expect(result).toMatchObject({ ok: false, fieldErrors: { _form: "notice.objection.superseded" } });
  });

  it("requires a real name, a valid mobile, a relation and reasons, and a project on the notice", async () => {
    const w = await world();
    const now = new Date("2021-07-06T02:00:00Z");
    const bad = await fileObjection(ctx.db, w.noticeId, { ...valid(w.proposals[0].proposalId), name: "", mobile: "12345", relation: "boss", reasons: "太短" }, null, now, client());
    expect(bad).toMatchObject({
      ok: false, status: 400,
      fieldErrors: { name: "notice.objection.nameInvalid", mobile: "validation.mobileInvalid", relation: "notice.objection.relationInvalid", reasons: "notice.objection.reasonsInvalid" },
    });
    const other = await fileObjection(ctx.db, w.noticeId, valid(999_999), null, now, client());
    expect(other).toMatchObject({ ok: false, fieldErrors: { proposalId: "notice.objection.notListed" } });
  });

  it("refuses a submission whose honeypot field is filled", async () => {
    const w = await world();
    const result = await fileObjection(ctx.db, w.noticeId, { ...valid(w.proposals[0].proposalId), website: "http://spam.example" }, null, new Date("2021-07-06T02:00:00Z"), client());
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { _form: "notice.objection.rejected" } });
    expect(await ctx.db.selectFrom("objections").selectAll().execute()).toHaveLength(0);
  });

  it("limits one address to 5 objections an hour", async () => {
    const w = await world();
    const address = client();
    const now = new Date("2021-07-06T02:00:00Z");
    for (let i = 0; i < 5; i++) {
      expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, now, address)).toMatchObject({ ok: true });
    }
    expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, now, address)).toMatchObject({ ok: false, status: 429 });
    expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, new Date(now.getTime() + 3_600_001), address)).toMatchObject({ ok: true });
  });

  it("does not let five bogus posts from one address block every other objector (the limit is never global)", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const noticeId = await insertNotice(ctx.db, {
      competitionId: w.competition.id, publishedBy: w.organizer.id, publishedAt: new Date(Date.now() - 60_000).toISOString(),
      periodEndsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000 }],
    });
    const postFrom = async (clientAddress: string, mobile: string) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...valid(w.proposals[0].proposalId), mobile })) fd.append(k, v);
      const request = await requestAs(null, `/notices/${noticeId}/objection`, { method: "POST", body: fd, headers: { "X-Real-IP": `${Math.random()}` } });
      try {
        return (await objectionAction({ request, params: { id: String(noticeId) }, context: { clientAddress } })) as unknown;
      } catch (thrown) {
        return thrown;
      }
    };
    for (let i = 0; i < 6; i++) await postFrom("203.0.113.66", `1390000000${i}`);
    const spammerAgain = (await postFrom("203.0.113.66", "13900000009")) as { init?: { status?: number } };
    expect(spammerAgain.init?.status).toBe(429);
    expect(await postFrom("198.51.100.20", "13912345678")).toMatchObject({ ok: true });
  });

  it("limits one mobile number to 10 objections a day, whatever address it comes from", async () => {
    const w = await world();
    const now = new Date("2021-07-06T02:00:00Z");
    for (let i = 0; i < 10; i++) {
      expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, now, `198.51.100.${i}`)).toMatchObject({ ok: true });
    }
    expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, now, "198.51.100.99")).toMatchObject({ ok: false, status: 429 });
  });

  it("counts an IPv6 client by its /64, so rotating the interface id does not escape the limit", async () => {
    const w = await world();
    const now = new Date("2021-07-06T02:00:00Z");
    for (let i = 1; i <= 5; i++) await fileObjection(ctx.db, w.noticeId, { ...valid(w.proposals[0].proposalId), mobile: `1390000001${i}` }, null, now, `2001:db8:1:2::${i}`);
    expect(await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, now, "2001:db8:1:2:ffff::9")).toMatchObject({ ok: false, status: 429 });
  });

  it("keeps a PDF attachment and refuses a file that only claims to be a PDF", async () => {
    const w = await world();
    const now = new Date("2021-07-06T02:00:00Z");
    const pdf = { name: "证明.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n% test\n") };
    const ok = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), pdf, now, client());
    expect(ok).toMatchObject({ ok: true });
    const attachment = await ctx.db.selectFrom("attachments").selectAll().where("owner_type", "=", "objection").executeTakeFirstOrThrow();
    expect(attachment).toMatchObject({ mime: "application/pdf", original_name: "证明.pdf" });
    const fake = { name: "fake.pdf", bytes: new TextEncoder().encode("MZ this is an exe") };
    const refused = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), fake, now, client());
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { attachment: "notice.objection.fileType" } });
  });

  it("lets the public file through the page without logging in", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const noticeId = await insertNotice(ctx.db, {
      competitionId: w.competition.id, publishedBy: w.organizer.id, publishedAt: new Date(Date.now() - 60_000).toISOString(), periodEndsAt: future,
      rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000 }],
    });
    const fd = new FormData();
    for (const [k, v] of Object.entries(valid(w.proposals[0].proposalId))) fd.append(k, v);
    fd.append("attachment", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])], "photo.png", { type: "image/png" }));
    const request = await requestAs(null, `/notices/${noticeId}/objection`, { method: "POST", body: fd, headers: { "X-Real-IP": client() } });
    const response = await callRoute(objectionAction, request, { id: String(noticeId) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});

describe("deciding an objection", () => {
  it("upholding it disqualifies the project, with the finding recorded and audited", async () => {
    const w = await world();
    const filed = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[0].proposalId), null, new Date("2021-07-06T02:00:00Z"), client());
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const organizer = { id: w.organizer.id, role: "organizer" };
    const decided = await decideObjection(ctx.db, organizer, filed.objectionId, { decision: "upheld", finding: "经实地核查，服务场地不存在，异议成立。" }, new Date("2021-07-14T02:00:00Z"));
    expect(decided).toMatchObject({ ok: true, proposalStatus: "disqualified" });
    const proposal = await ctx.db.selectFrom("proposals").select("status").where("id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
    expect(proposal.status).toBe("disqualified");
    const objection = await ctx.db.selectFrom("objections").selectAll().where("id", "=", filed.objectionId).executeTakeFirstOrThrow();
    expect(objection).toMatchObject({ status: "upheld", decided_by: w.organizer.id, finding: "经实地核查，服务场地不存在，异议成立。" });
    const audit = await ctx.db.selectFrom("audit_log").select(["action", "after_json"]).where("action", "=", "objection.upheld").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ proposalStatus: "disqualified" });

    const again = await decideObjection(ctx.db, organizer, filed.objectionId, { decision: "dismissed", finding: "重复处理不应被允许。" }, new Date("2021-07-14T03:00:00Z"));
    expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "notice.objection.alreadyDecided" } });
  });

  it("dismissing it leaves the project funded; a finding is required; only organizers decide", async () => {
    const w = await world();
    const filed = await fileObjection(ctx.db, w.noticeId, valid(w.proposals[1].proposalId), null, new Date("2021-07-06T02:00:00Z"), client());
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const applicant = await createUser(ctx.db, "applicant");
    expect(await decideObjection(ctx.db, { id: applicant.id, role: "applicant" }, filed.objectionId, { decision: "dismissed", finding: "无权处理的人员试图处理。" }, new Date())).toMatchObject({ ok: false, status: 403 });
    const organizer = { id: w.organizer.id, role: "organizer" };
    expect(await decideObjection(ctx.db, organizer, filed.objectionId, { decision: "dismissed", finding: "" }, new Date())).toMatchObject({ ok: false, fieldErrors: { finding: "notice.objection.findingInvalid" } });
    expect(await decideObjection(ctx.db, organizer, filed.objectionId, { decision: "dismissed", finding: "经核实，场地协议真实有效，异议不成立。" }, new Date())).toMatchObject({ ok: true, proposalStatus: "passed" });
  });
});
