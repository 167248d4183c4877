// The applicant's registration pages, through their loaders and actions as the browser posts them:
// refusals come back as 4xx with the Chinese message on the named field, and nothing is stored.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatShanghai } from "~/domain/time";
import { tMaybe } from "~/i18n";
import * as homeRoute from "~/routes/applicant._index";
import * as profileRoute from "~/routes/applicant.profile";
import * as proposalRoute from "~/routes/applicant.proposals.$id";
import * as proposalsRoute from "~/routes/applicant.proposals._index";
import * as fileRoute from "~/routes/applicant.proposals.files.$attachmentId";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createApplicantWithProposal, flattenFormFields, profileInput, proposalFormFields, validContent, validCreditCode } from "../support/factories-registration";

const ctx = useFreshDatabase();
const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

let attachmentsDir: string;
beforeEach(() => {
  attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-attachments-"));
  process.env.ATTACHMENTS_DIR = attachmentsDir;
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.ATTACHMENTS_DIR;
  fs.rmSync(attachmentsDir, { recursive: true, force: true });
});

async function post(route: { action: (args: any) => unknown }, userId: number, url: string, body: FormData, params: Record<string, string> = {}) {
  return callRoute(route.action, await requestAs(userId, url, { method: "POST", body }), params);
}

/** An applicant with a complete draft in a competition open around the real clock. */
async function openDraft() {
  const fixture = await createCompetition(ctx.db, { openRegistration: true });
  const made = await createApplicantWithProposal(ctx.db, fixture, { status: "draft" });
  return { fixture, ...made, url: `/applicant/proposals/${made.proposalId}`, params: { id: String(made.proposalId) } };
}

async function stored(proposalId: number) {
  const proposal = await ctx.db.selectFrom("proposals").select(["status", "version", "title"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
  const versions = await ctx.db.selectFrom("proposal_versions").select("id").where("proposal_id", "=", proposalId).execute();
  return { ...proposal, versions: versions.length };
}

describe("profile page", () => {
  it("refuses an invalid credit code with 400 and the Chinese message on creditCode; nothing is stored", async () => {
    const user = await createUser(ctx.db, "applicant");
    const code = validCreditCode(11);
    const input = profileInput("social_org", { creditCode: code.slice(0, 17) + (code[17] === "0" ? "1" : "0") });
    const response = await post(profileRoute, user.id, "/applicant/profile", formBody(flattenFormFields(input)));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.fieldErrors)).toEqual(["creditCode"]);
    expect(tMaybe(body.fieldErrors.creditCode)).toBe("统一社会信用代码无效（18 位，末位校验码须正确）");
    expect(body.values.creditCode).toBe(input.creditCode); // typed values come back for the page to show
    expect(await ctx.db.selectFrom("organizations").select("id").execute()).toEqual([]);
  });

  it("saves a resident team with its member rows, ignoring the spare empty rows", async () => {
    const user = await createUser(ctx.db, "applicant");
    const fields = flattenFormFields({ ...profileInput("resident_team"), members: [...profileInput("resident_team").members, { name: "", mobile: "" }, { name: "", mobile: "" }] });
    const response = await post(profileRoute, user.id, "/applicant/profile", formBody(fields));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/applicant/profile?saved=1");
    const loaded = await (await callRoute(profileRoute.loader, await requestAs(user.id, "/applicant/profile"))).json();
    expect(loaded.values.applicantType).toBe("resident_team");
    expect(loaded.values.members).toHaveLength(3);
    const home = await (await callRoute(homeRoute.loader, await requestAs(user.id, "/applicant"))).json();
    expect(home.organization).toMatchObject({ type: "resident_team" });
  });
});

describe("my proposals", () => {
  it("lists open competitions and creates a draft, which then appears on the home page", async () => {
    const fixture = await createCompetition(ctx.db, { openRegistration: true });
    const user = await createUser(ctx.db, "applicant");
    const noProfile = await post(proposalsRoute, user.id, "/applicant/proposals", formBody({ competitionId: String(fixture.competition.id) }));
    expect(noProfile.status).toBe(409);
    expect(tMaybe((await noProfile.json()).fieldErrors._form)).toBe("请先填写单位信息");

    await post(profileRoute, user.id, "/applicant/profile", formBody(flattenFormFields(profileInput("social_org"))));
    const list = await (await callRoute(proposalsRoute.loader, await requestAs(user.id, "/applicant/proposals"))).json();
    expect(list.hasProfile).toBe(true);
    expect(list.competitions.map((c: { id: number }) => c.id)).toContain(fixture.competition.id);

    const created = await post(proposalsRoute, user.id, "/applicant/proposals", formBody({ competitionId: String(fixture.competition.id) }));
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toMatch(/^\/applicant\/proposals\/\d+$/);
    const home = await (await callRoute(homeRoute.loader, await requestAs(user.id, "/applicant"))).json();
    expect(home.proposals).toMatchObject([{ status: "draft", competition_name: fixture.competition.name }]);
  });
});

describe("proposal page", () => {
  it("refuses a submission one second after the window closes: 409, the Chinese deadline message, nothing submitted", async () => {
    const { proposalId, applicantId, content, fixture, url, params } = await openDraft();
    // the window closed a second ago (the session must stay fresh, so the clock stays near the real one)
    const closesAt = new Date(Date.now() - 1000);
    await ctx.db.updateTable("competitions").set({ registration_closes_at: closesAt.toISOString() }).where("id", "=", fixture.competition.id).execute();
    const body = formBody({ ...proposalFormFields(content), intent: "submit" });
    const request = await requestAs(applicantId, url, { method: "POST", body });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(closesAt.getTime() + 1000);
    const response = await callRoute(proposalRoute.action, request, params);
    vi.useRealTimers();
    expect(response.status).toBe(409);
    const result = await response.json();
    expect(result.fieldErrors._form).toBe(`申报已于 ${formatShanghai(closesAt)} 截止，本次提交未被受理`);
    expect(formatShanghai(closesAt)).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(await stored(proposalId)).toMatchObject({ status: "draft", version: 0, versions: 0 });
  });

  it("refuses a personnel share over the cap: 400, the message on that budget line's amount, nothing submitted", async () => {
    const { proposalId, applicantId, content, fixture, url, params } = await openDraft();
    const over = validContent(fixture, {
      requested: 50_000_00,
      budget: [
        { category: "personnel", item: "项目社工劳务", amount: 20_000_00 },
        { category: "activity", item: "议事会活动", amount: 30_000_00 },
      ],
    });
    const response = await post(proposalRoute, applicantId, url, formBody({ ...proposalFormFields(over), intent: "submit" }), params);
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.fieldErrors["budget.0.amount"]).toBe("人员劳务费（项目社工劳务）合计 20,000.00 元，占项目总预算 40.00%，超过上限 30%");
    expect(result.values.budget[0].item).toBe("项目社工劳务");
    expect(await stored(proposalId)).toMatchObject({ status: "draft", versions: 0, title: content.title });
  });

  it("shows shape errors (an amount that is not money) next to the field without saving", async () => {
    const { proposalId, applicantId, content, url, params } = await openDraft();
    const fields = { ...proposalFormFields(content), "budget.1.amount": "三千元", title: "新的标题", intent: "save-draft" };
    const response = await post(proposalRoute, applicantId, url, formBody(fields), params);
    expect(response.status).toBe(400);
    expect(tMaybe((await response.json()).fieldErrors["budget.1.amount"])).toBe("请输入金额（元），最多两位小数");
    expect((await stored(proposalId)).title).toBe(content.title);
  });

  it("saves a draft with spare empty rows, then submits it and shows 已提交 with version 1", async () => {
    const { proposalId, applicantId, content, url, params } = await openDraft();
    const fields = {
      ...proposalFormFields({ ...content, title: "长安区邻里守望计划" }),
      "activities.2.name": "", "activities.2.startOn": "", "activities.2.endOn": "", "activities.2.description": "",
      "budget.2.category": "", "budget.2.item": "", "budget.2.amount": "",
    };
    const saved = await post(proposalRoute, applicantId, url, formBody({ ...fields, intent: "save-draft" }), params);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`${url}?saved=1`);
    expect(await stored(proposalId)).toMatchObject({ status: "draft", title: "长安区邻里守望计划" });

    const submitted = await post(proposalRoute, applicantId, url, formBody({ ...fields, intent: "submit" }), params);
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe(`${url}?submitted=1`);
    const page = await (await callRoute(proposalRoute.loader, await requestAs(applicantId, url), params)).json();
    expect(page.proposal).toMatchObject({ status: "submitted", version: 1 });
    expect(page.content.budget).toHaveLength(2);
    expect(page.events.map((e: { kind: string }) => e.kind)).toEqual(["created", "submitted"]);
    expect(page.versions).toHaveLength(1);
    expect(tMaybe(`registration.status.${page.proposal.status}`)).toBe("已提交");
  });

  it("uploads a PDF as multipart, lists it, and refuses bytes that are not a PDF", async () => {
    const { applicantId, url, params } = await openDraft();
    const good = new FormData();
    good.append("intent", "upload");
    good.append("attachment", new File([PDF], "项目申报书.pdf", { type: "application/pdf" }));
    const uploaded = await post(proposalRoute, applicantId, url, good, params);
    expect(uploaded.status).toBe(302);
    const bad = new FormData();
    bad.append("intent", "upload");
    bad.append("attachment", new File([new TextEncoder().encode("<html>not a pdf</html>")], "伪装.pdf", { type: "application/pdf" }));
    const refused = await post(proposalRoute, applicantId, url, bad, params);
    expect(refused.status).toBe(400);
    expect(tMaybe((await refused.json()).fieldErrors.attachment)).toBe("只能上传 PDF、JPG 或 PNG 文件（按文件内容识别）");
    const page = await (await callRoute(proposalRoute.loader, await requestAs(applicantId, url), params)).json();
    expect(page.attachments.map((a: { original_name: string }) => a.original_name)).toEqual(["项目申报书.pdf"]);

    const download = await callRoute(fileRoute.loader, await requestAs(applicantId, `/applicant/proposals/files/${page.attachments[0].id}`), { attachmentId: String(page.attachments[0].id) });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });
});

describe("upload limits through the page", () => {
  it("refuses a file over 10 MB with 413 and the message on the attachment field; nothing is stored", async () => {
    const { applicantId, url, params } = await openDraft();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const body = new FormData();
    body.append("intent", "upload");
    body.append("attachment", new File([big], "太大.pdf", { type: "application/pdf" }));
    const response = await post(proposalRoute, applicantId, url, body, params);
    expect(response.status).toBe(413);
    expect(tMaybe((await response.json()).fieldErrors.attachment)).toBe("文件过大：单个附件不超过 10 MB");
    expect(await ctx.db.selectFrom("attachments").select("id").execute()).toEqual([]);
    expect(fs.readdirSync(attachmentsDir)).toEqual([]);
  });
});

describe("applicant A and applicant B", () => {
  it("B gets 404 for A's proposal page, its save, submit and upload, and A's attachment; A's proposal is untouched", async () => {
    const a = await openDraft();
    const b = await createApplicantWithProposal(ctx.db, a.fixture, { status: "draft" });
    const upload = new FormData();
    upload.append("attachment", new File([PDF], "a.pdf"));
    const aUpload = await post(proposalRoute, a.applicantId, a.url, upload, a.params);
    expect(aUpload.status).toBe(302);
    const attachment = await ctx.db.selectFrom("attachments").select("id").executeTakeFirstOrThrow();

    expect((await callRoute(proposalRoute.loader, await requestAs(b.applicantId, a.url), a.params)).status).toBe(404);
    for (const intent of ["save-draft", "submit"]) {
      const response = await post(proposalRoute, b.applicantId, a.url, formBody({ ...proposalFormFields({ ...a.content, title: "B 的改动" }), intent }), a.params);
      expect(response.status, intent).toBe(404);
    }
    const bUpload = new FormData();
    bUpload.append("attachment", new File([PDF], "b.pdf"));
    expect((await post(proposalRoute, b.applicantId, a.url, bUpload, a.params)).status).toBe(404);
    const del = await post(proposalRoute, b.applicantId, a.url, formBody({ intent: "delete-attachment", attachmentId: String(attachment.id) }), a.params);
    expect(del.status).toBe(404);
    const download = await callRoute(fileRoute.loader, await requestAs(b.applicantId, `/applicant/proposals/files/${attachment.id}`), { attachmentId: String(attachment.id) });
    expect(download.status).toBe(404);

    expect(await stored(a.proposalId)).toMatchObject({ status: "draft", title: a.content.title, versions: 0 });
    expect(await ctx.db.selectFrom("attachments").select("id").execute()).toHaveLength(1);
    const bList = await (await callRoute(proposalsRoute.loader, await requestAs(b.applicantId, "/applicant/proposals"))).json();
    expect(bList.proposals.map((p: { id: number }) => p.id)).toEqual([b.proposalId]);
  });
});
