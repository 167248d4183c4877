// Each event, driven through the service that changes the state, reaches the right people — and nobody
// else — by in-app message, by email through a real SMTP server and by SMS through an HTTP gateway stub.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DB } from "../../db/connection";
import { decideInitialReview } from "~/services/initial-review.server";
import { inviteExpert } from "~/services/experts.server";
import { runAssignment } from "~/services/assignments.server";
import { publishNotice } from "~/services/notices.server";
import { decideObjection, fileObjection } from "~/services/objections.server";
import { generateAgreements } from "~/services/agreements.server";
import { releaseSigningTranche, terminateAgreement } from "~/services/milestones.server";
import { smsChannel, httpSmsGateway, smtpChannel } from "~/services/notifications/channels.server";
import { runReminders } from "~/services/notifications/scheduler.server";
import { deliverDue } from "~/services/notifications/worker.server";
import { useFreshDatabase } from "../support/db";
import { createUser } from "../support/factories";
import { createProposalRow, createReviewWorld } from "../support/factories-review";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { startSmsGateway, startSmtpServer } from "../support/notify-fakes";
import { saveScore } from "~/services/scores.server";
import { DEFAULT_RULES } from "~/domain/competition-rules";

process.env.ATTACHMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-notify-"));
const ctx = useFreshDatabase();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;

beforeEach(async () => {
  smtp = await startSmtpServer();
  gateway = await startSmsGateway();
});
afterEach(async () => {
  await smtp.close();
  await gateway.close();
});

const actor = (u: { id: number; role: string }) => ({ id: u.id, role: u.role });
const emailOf = (id: number) => `user${id}@example.org`;
const mobileOf = (id: number) => `139${String(id).padStart(8, "0")}`;

/** Every account gets a verified email and mobile, so a message to the wrong person would show. */
async function verifyEveryone(db: DB) {
  const users = await db.selectFrom("users").select("id").execute();
  const existing = new Set((await db.selectFrom("user_contacts").select("user_id").execute()).map((r) => r.user_id));
  for (const u of users) {
    if (existing.has(u.id)) continue;
    await db.insertInto("user_contacts").values([
      { user_id: u.id, channel: "email", address: emailOf(u.id), verified_at: "2021-01-01T00:00:00.000Z" },
      { user_id: u.id, channel: "sms", address: mobileOf(u.id), verified_at: "2021-01-01T00:00:00.000Z" },
    ]).execute();
  }
}

async function deliver(now: Date) {
  const channels = { email: smtpChannel({ url: smtp.url, from: "组委会 <noreply@example.org>" }), sms: smsChannel(httpSmsGateway({ url: gateway.url, key: "k" })) };
  while ((await deliverDue({ db: ctx.db, channels, workerId: "test", now: () => now })) > 0);
}

/** Who got `event`: by in-app row, email and SMS — each as a sorted list of user ids. */
async function recipients(event: string) {
  const inapp = await ctx.db.selectFrom("notifications").select("user_id").where("event", "=", event).where("channel", "=", "inapp").execute();
  const byEmail = new Map((await ctx.db.selectFrom("user_contacts").select(["user_id", "address"]).where("channel", "=", "email").execute()).map((r) => [r.address, r.user_id]));
  const byMobile = new Map((await ctx.db.selectFrom("user_contacts").select(["user_id", "address"]).where("channel", "=", "sms").execute()).map((r) => [r.address, r.user_id]));
  const sort = (ids: (number | null | undefined)[]) => ids.map((x) => x ?? -1).sort((a, b) => a - b);
  return {
    inapp: sort(inapp.map((r) => r.user_id)),
    email: sort(smtp.mails.filter((m) => m.raw.includes(`X-Commonweal-Idempotency-Key`)).filter((m) => eventOfMail(m.subject) === event).map((m) => byEmail.get(m.to[0]))),
    sms: sort(gateway.delivered().filter((r) => r.templateId === event).map((r) => byMobile.get(r.to))),
  };
}

const subjects = new Map<string, string>();
function eventOfMail(subject: string) {
  return subjects.get(subject);
}
/** Remembers which event each outbox row rendered as, so emails can be attributed by subject. */
async function learnSubjects() {
  const { renderMessage, parseParams } = await import("~/services/notifications/events.server");
  const rows = await ctx.db.selectFrom("notifications").select(["event", "template_id", "params_json"]).execute();
  for (const r of rows) subjects.set(renderMessage(r.template_id, parseParams(r.params_json)).title, r.event);
}

async function expectOnly(event: string, userIds: number[]) {
  await learnSubjects();
  const sorted = [...userIds].sort((a, b) => a - b);
  expect(await recipients(event)).toEqual({ inapp: sorted, email: sorted, sms: sorted });
}

describe("初审 events", () => {
  it("a 补正 return reaches the proposal's applicant only, with the reasons and the deadline", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-01T02:00:00Z") });
    const mine = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, title: "长者助餐点" });
    await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    await verifyEveryone(ctx.db);
    const r = await decideInitialReview(ctx.db, actor(w.reviewer), mine.proposalId, { decision: "return", reasons: "缺少登记证书扫描件", correctionDeadlineOn: "2021-06-08" }, w.now);
    expect(r).toMatchObject({ ok: true });
    await deliver(w.now);
    const owner = await ctx.db.selectFrom("organizations").select("user_id").where("id", "=", mine.organizationId).executeTakeFirstOrThrow();
    await expectOnly("proposal.returned", [owner.user_id]);
    expect(smtp.mails[0].body).toContain("缺少登记证书扫描件");
    expect(smtp.mails[0].body).toContain("2021年6月8日");
    expect(gateway.delivered()[0].params).toMatchObject({ title: "长者助餐点", reasons: "缺少登记证书扫描件" });
  });

  it("a pass and a rejection each tell their own applicant", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-01T02:00:00Z") });
    const a = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    const b = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    await verifyEveryone(ctx.db);
    const ticked = { checklist: { eligible: "on", complete: "on", budget: "on", scope: "on", noDoubleFunding: "on" } };
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), a.proposalId, { decision: "pass", ...ticked }, w.now)).toMatchObject({ ok: true });
    expect(await decideInitialReview(ctx.db, actor(w.reviewer), b.proposalId, { decision: "reject", reasons: "不属于本次大赛资助范围" }, w.now)).toMatchObject({ ok: true });
    await deliver(w.now);
    const owners = await ctx.db.selectFrom("organizations").select(["id", "user_id"]).execute();
    const ownerOf = (orgId: number) => owners.find((o) => o.id === orgId)!.user_id;
    await expectOnly("initialReview.passed", [ownerOf(a.organizationId)]);
    await expectOnly("initialReview.rejected", [ownerOf(b.organizationId)]);
  });

  it("a refused decision (deadline in the past) notifies nobody", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-01T02:00:00Z") });
    const p = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id });
    const r = await decideInitialReview(ctx.db, actor(w.reviewer), p.proposalId, { decision: "return", reasons: "缺材料", correctionDeadlineOn: "2021-05-01" }, w.now);
    expect(r).toMatchObject({ ok: false });
    expect(await ctx.db.selectFrom("notifications").select("id").execute()).toEqual([]);
  });
});

describe("panel events (blind review)", () => {
  it("the expert invitation's one-time link goes by SMS to the mobile the organizer entered", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const now = new Date("2021-06-01T02:00:00Z");
    const r = await inviteExpert(ctx.db, actor(organizer), { username: "prof.zhao", displayName: "赵教授", mobile: "13712345678" }, now);
    if (!r.ok) throw new Error(JSON.stringify(r));
    await deliver(now);
    expect(gateway.delivered().map((d) => [d.to, d.templateId])).toEqual([["13712345678", "expert.invited"]]);
    expect(String(gateway.delivered()[0].params.link)).toMatch(new RegExp(`/invite/${r.token}$`));
    expect(smtp.mails).toEqual([]);
    // the token is not left readable in the outbox
    const rows = await ctx.db.selectFrom("notifications").select("params_json").execute();
    expect(rows.every((row) => !row.params_json.includes(r.token))).toBe(true);
  });

  it("assignment and closing reminders reach the drawn experts with counts only, never an applicant's name or title", async () => {
    const w = await createReviewWorld(ctx.db, { now: new Date("2021-06-10T02:00:00Z"), experts: 4, review: { expertsPerProposal: 2 } });
    for (let i = 0; i < 2; i++) {
      const { organizationId } = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "passed", title: `保密项目${i}` });
      await ctx.db.updateTable("organizations").set({ name: `保密机构${i}` }).where("id", "=", organizationId).execute();
    }
    await verifyEveryone(ctx.db);
    const run = await runAssignment(ctx.db, actor(w.organizer), { competitionId: w.competition.id, divisionId: w.divisions[0].id, round: "desk", seed: "s1" }, w.now);
    expect(run).toMatchObject({ ok: true });
    await deliver(w.now);
    const drawn = [...new Set((await ctx.db.selectFrom("assignments").select("expert_id").execute()).map((a) => a.expert_id))];
    await expectOnly("assignment.ready", drawn);
    const everything = JSON.stringify([smtp.mails.map((m) => m.subject + m.body), gateway.requests, await ctx.db.selectFrom("notifications").select("params_json").execute()]);
    expect(everything).not.toMatch(/保密项目|保密机构/);

    // one expert submits; 2 days before the end the others are reminded, once however often the scheduler runs
    const assignments = await ctx.db.selectFrom("assignments").select(["id", "expert_id"]).execute();
    const submitter = assignments[0].expert_id;
    for (const a of assignments.filter((x) => x.expert_id === submitter)) {
      const criteria = Object.fromEntries(DEFAULT_RULES.rubric.map((c) => [c.key, String(c.maxPoints * 0.8)]));
      expect(await saveScore(ctx.db, { id: submitter, role: "expert" }, a.id, { criteria, comment: "项目需求清楚，设计可行，预算基本合理。" }, "submit", w.now)).toMatchObject({ ok: true });
    }
    const end = await ctx.db.selectFrom("competitions").select("review_ends_at").where("id", "=", w.competition.id).executeTakeFirstOrThrow();
    const at = new Date(Date.parse(end.review_ends_at) - 2 * 86_400_000);
    expect(await runReminders(ctx.db, new Date(Date.parse(end.review_ends_at) - 5 * 86_400_000))).toBe(0);
    expect(await runReminders(ctx.db, at)).toBeGreaterThan(0);
    expect(await runReminders(ctx.db, new Date(at.getTime() + 3600_000))).toBe(0);
    await deliver(at);
    await expectOnly("review.closing", drawn.filter((id) => id !== submitter));
  });
});

describe("notice and objection events", () => {
  it("a published notice tells every applicant on it, each about their own project, and nobody else", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 3 });
    const outsider = await createProposalRow(ctx.db, { competitionId: w.competition.id, divisionId: w.divisions[0].id, categoryId: w.categories[0].id, status: "rejected" });
    await verifyEveryone(ctx.db);
    const now = new Date("2021-07-05T02:00:00Z");
    const r = await publishNotice(ctx.db, actor(w.organizer), { competitionId: w.competition.id }, now);
    if (!r.ok) throw new Error(JSON.stringify(r));
    await deliver(now);
    const notice = await ctx.db.selectFrom("notices").select("snapshot_json").executeTakeFirstOrThrow();
    const listed = (JSON.parse(notice.snapshot_json) as { rows: { proposalId: number }[] }).rows.map((x) => x.proposalId);
    const owners = await ctx.db
      .selectFrom("proposals").innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["proposals.id", "organizations.user_id"]).execute();
    await expectOnly("notice.published", owners.filter((o) => listed.includes(o.id)).map((o) => o.user_id));
    expect(listed).not.toContain(outsider.proposalId);
    for (const d of gateway.delivered()) {
      const own = owners.find((o) => mobileOf(o.user_id) === d.to)!;
      const title = (await ctx.db.selectFrom("proposals").select("title").where("id", "=", own.id).executeTakeFirstOrThrow()).title;
      expect(d.params.title).toBe(title);
    }
  });

  it("an objection tells the organizers and the applicant without the objector's name or mobile; the outcome tells the applicant", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const second = await createUser(ctx.db, "organizer");
    const noticeId = await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, rows: w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 })) });
    await verifyEveryone(ctx.db);
    const filedAt = new Date("2021-07-08T02:00:00Z");
    const target = w.proposals[0].proposalId;
    const filed = await fileObjection(ctx.db, noticeId, { proposalId: String(target), name: "李秘密", mobile: "13811112222", relation: "resident", reasons: "项目实施地点与申报材料不符，社区并无此项服务需求。", website: "" }, null, filedAt, "notify-test");
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    await deliver(filedAt);
    const owner = (await ctx.db.selectFrom("proposals").innerJoin("organizations", "organizations.id", "proposals.organization_id").select("organizations.user_id").where("proposals.id", "=", target).executeTakeFirstOrThrow()).user_id;
    await expectOnly("objection.received", [w.organizer.id, second.id, owner]);
    const everything = JSON.stringify([smtp.mails.map((m) => m.raw), gateway.requests]);
    expect(everything).not.toContain("李秘密");
    expect(everything).not.toContain("13811112222");
    const decided = await decideObjection(ctx.db, actor(w.organizer), filed.objectionId, { decision: "dismissed", finding: "经实地核查，服务场地属实，社区居委会已出具同意函。" }, filedAt);
    expect(decided).toMatchObject({ ok: true });
    await deliver(filedAt);
    await expectOnly("objection.decided", [owner]);
    expect(gateway.delivered().find((d) => d.templateId === "objection.decided")?.params.outcome).toBe("异议不成立");
  });

  it("drafted agreements are announced to their applicants", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 2 });
    await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, rows: w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 })) });
    await verifyEveryone(ctx.db);
    const now = new Date("2021-07-20T02:00:00Z");
    const r = await generateAgreements(ctx.db, actor(w.organizer), w.competition.id, now);
    expect(r).toMatchObject({ ok: true });
    await deliver(now);
    const owners = await ctx.db.selectFrom("organizations").select("user_id").where("id", "in", w.proposals.map((p) => p.organizationId)).execute();
    await expectOnly("agreement.ready", owners.map((o) => o.user_id));
  });
});

describe("money and report events", () => {
  it("tranche released, report due and overdue (once each), and termination reach the agreement's applicant only", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const signedAt = new Date("2021-08-01T02:00:00Z");
    const s = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000, { now: signedAt });
    await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000, { now: new Date("2021-09-01T02:00:00Z") });
    await verifyEveryone(ctx.db);
    const organizer = actor(world.organizer);
    expect(await releaseSigningTranche(ctx.db, organizer, { milestoneId: s.milestones[0].id }, signedAt)).toMatchObject({ ok: true });
    await deliver(signedAt);
    await expectOnly("tranche.released", [s.applicantId]);
    expect(gateway.delivered()[0].params).toMatchObject({ milestone: s.milestones[0].name, amount: "40,000.00" });

    const due = s.milestones[1].due_on; // 2022-01-28
    const weekBefore = new Date(`${due}T02:00:00+08:00`);
    weekBefore.setUTCDate(weekBefore.getUTCDate() - 5);
    expect(await runReminders(ctx.db, weekBefore)).toBe(3);
    expect(await runReminders(ctx.db, weekBefore)).toBe(0);
    const dayAfter = new Date(`${due}T02:00:00+08:00`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    expect(await runReminders(ctx.db, dayAfter)).toBe(3);
    expect(await runReminders(ctx.db, new Date(dayAfter.getTime() + 86_400_000))).toBe(0);
    await deliver(dayAfter);
    await expectOnly("report.due", [s.applicantId]);
    await expectOnly("report.overdue", [s.applicantId]);

    expect(await terminateAgreement(ctx.db, organizer, { agreementId: s.agreementId, reason: "严重违反协议约定" }, dayAfter)).toMatchObject({ ok: true });
    await deliver(dayAfter);
    await expectOnly("agreement.terminated", [s.applicantId]);
  });
});
