// The organizer's notification page (channels off/on, event switches, delivery log with attempts) and the
// public objection lookup by receipt number + mobile.
import * as page from "~/routes/organizer.notifications._index";
import * as detail from "~/routes/organizer.notifications.$id";
import * as lookup from "~/routes/notices.objection-status";
import { channelStatus } from "~/services/notifications/channels.server";
import { notifyWithin } from "~/services/notifications/outbox.server";
import { deliverDue } from "~/services/notifications/worker.server";
import { LOOKUPS_PER_HOUR, resetObjectionLookupLimit } from "~/services/notifications/objection-lookup.server";
import { decideObjection, fileObjection } from "~/services/objections.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import { verifyContact } from "../support/notify-fakes";

const ctx = useFreshDatabase();
const now = new Date("2021-05-10T02:00:00Z");

describe("channel status", () => {
  it("without configuration only in-app runs: email off, SMS off in production and logged in development", () => {
    expect(channelStatus({ NODE_ENV: "production" })).toEqual({ email: "off", sms: "off" });
    expect(channelStatus({ NODE_ENV: "development" })).toEqual({ email: "off", sms: "log" });
    expect(channelStatus({ NODE_ENV: "production", SMTP_URL: "smtp://mail:25", SMS_GATEWAY_URL: "https://sms.example/send" })).toEqual({ email: "on", sms: "on" });
  });
});

describe("organizer notifications page", () => {
  it("switching an event off stops its email/SMS for that competition only, and is audited", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const { competition } = await createCompetition(ctx.db);
    const res = await callRoute(page.action, await requestAs(organizer.id, "/organizer/notifications", { method: "POST", body: formBody({ competitionId: String(competition.id), enabled: ["proposal.returned", "bogus.event"] }) }));
    expect(res.status).toBe(302);
    const loaded = (await (await callRoute(page.loader, await requestAs(organizer.id, `/organizer/notifications?competition=${competition.id}`))).json()) as { switches: Record<string, boolean> };
    expect(loaded.switches["proposal.returned"]).toBe(true);
    expect(loaded.switches["notice.published"]).toBe(false);
    expect(Object.keys(loaded.switches)).not.toContain("bogus.event");
    const a = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    await notifyWithin(ctx.db, { event: "notice.published", competitionId: competition.id, now, to: [{ userId: a.id, params: { notice: "n", title: "x", from: "f", to: "t" } }] });
    expect((await ctx.db.selectFrom("notifications").select("channel").execute()).map((r) => r.channel)).toEqual(["inapp"]);
    const audit = await ctx.db.selectFrom("audit_log").select("action").where("action", "=", "notification.switches").execute();
    expect(audit).toHaveLength(1);
  });

  it("the delivery log shows queued, retried, failed with reason and sent, with each attempt, addresses masked", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const a = await createUser(ctx.db, "applicant", { display_name: "长安社工" });
    await verifyContact(ctx.db, a.id, "email", "zhang@example.org");
    await verifyContact(ctx.db, a.id, "sms", "13912345678");
    await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: null, now, to: [{ userId: a.id, params: { title: "x", reasons: "y", deadline: "z" } }] });
    let calls = 0;
    const flaky = { idempotent: true, send: async () => { calls++; throw new Error("网关超时"); } };
    await deliverDue({ db: ctx.db, channels: { sms: flaky }, workerId: "w", now: () => now });
    const log = (await (await callRoute(page.loader, await requestAs(organizer.id, "/organizer/notifications"))).json()) as { log: { rows: { id: number; channel: string; status: string; last_error: string | null; address: string; attempts: number }[] } };
    const byChannel = Object.fromEntries(log.log.rows.map((r) => [r.channel, r]));
    expect(byChannel.inapp).toMatchObject({ status: "sent" });
    expect(byChannel.email).toMatchObject({ status: "failed", last_error: "channel_off", address: "z***@example.org" });
    expect(byChannel.sms).toMatchObject({ status: "queued", attempts: 1, last_error: "网关超时", address: "139****5678" });
    const one = (await (await callRoute(detail.loader, await requestAs(organizer.id, `/organizer/notifications/${byChannel.sms.id}`), { id: String(byChannel.sms.id) })).json()) as { rows: { channel: string; tries: { result: string; error: string }[] }[] };
    expect(one.rows.map((r) => r.channel)).toEqual(["inapp", "email", "sms"]);
    expect(one.rows[2].tries).toMatchObject([{ result: "retry", error: "网关超时" }]);
    expect(calls).toBe(1);
    expect((await callRoute(detail.loader, await requestAs(organizer.id, "/organizer/notifications/999"), { id: "999" })).status).toBe(404);
  });
});

describe("objection outcome lookup", () => {
  it("shows the outcome for the right receipt number and mobile, and the same 404 for a wrong mobile or number", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const noticeId = await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000, title: "长者食堂" }] });
    const filed = await fileObjection(ctx.db, noticeId, { proposalId: String(w.proposals[0].proposalId), name: "李四", mobile: "13811112222", relation: "resident", reasons: "项目实施地点与申报材料不符，社区并无此项服务需求。", website: "" }, null, new Date("2021-07-08T02:00:00Z"), "lookup");
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    await resetObjectionLookupLimit(ctx.db, "unknown");
    const ask = async (receipt: string, mobile: string) =>
      callRoute(lookup.action, new Request("http://localhost/notices/objection-status", { method: "POST", body: formBody({ receipt, mobile }) }));
    const pending = await ask(String(filed.objectionId), "138 1111 2222");
    expect(await pending.json()).toMatchObject({ ok: true, objection: { status: "pending", finding: null } });
    await decideObjection(ctx.db, { id: w.organizer.id, role: "organizer" }, filed.objectionId, { decision: "upheld", finding: "经核查异议属实，取消资助。" }, new Date("2021-07-09T02:00:00Z"));
    const decided = await ask(String(filed.objectionId), "13811112222");
    expect(await decided.json()).toMatchObject({ ok: true, objection: { status: "upheld", finding: "经核查异议属实，取消资助。" } });
    const wrongMobile = await ask(String(filed.objectionId), "13900000000");
    const wrongReceipt = await ask(String(filed.objectionId + 1), "13811112222");
    expect([wrongMobile.status, wrongReceipt.status]).toEqual([404, 404]);
    expect(await wrongMobile.json()).toEqual(await wrongReceipt.json());
    expect((await ask("1e9", "abc")).status).toBe(400);
  });

  it("stops answering one client after 20 lookups an hour", async () => {
    await resetObjectionLookupLimit(ctx.db, "unknown");
    const statuses = [];
    for (let i = 0; i < LOOKUPS_PER_HOUR + 1; i++) {
      const r = await callRoute(lookup.action, new Request("http://localhost/notices/objection-status", { method: "POST", body: formBody({ receipt: String(i + 1), mobile: "13811112222" }) }));
      statuses.push(r.status);
    }
    expect(statuses.slice(0, LOOKUPS_PER_HOUR).every((s) => s === 404)).toBe(true);
    expect(statuses[LOOKUPS_PER_HOUR]).toBe(429);
    await resetObjectionLookupLimit(ctx.db, "unknown");
  });
});
