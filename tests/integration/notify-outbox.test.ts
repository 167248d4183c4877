// The outbox and its worker: rows are written in the caller's transaction, delivered once through a real
// SMTP server and an HTTP SMS gateway stub, retried with backoff, and never sent twice after a crash.
import { openDatabase, writeTransaction } from "../../db/connection";
import { type Channels, smsChannel, httpSmsGateway, smtpChannel } from "~/services/notifications/channels.server";
import { notifyWithin } from "~/services/notifications/outbox.server";
import { countUnread, listInbox } from "~/services/notifications/inbox.server";
import { LEASE_MS, backoffMs, deliverDue, startOutboxWorker } from "~/services/notifications/worker.server";
import { createTestDbFile, useFreshDatabase } from "../support/db";
import { createCompetition, createUser } from "../support/factories";
import { startSmsGateway, startSmtpServer, verifyContact } from "../support/notify-fakes";

const t0 = new Date("2021-05-10T02:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
let channels: Channels;

beforeEach(async () => {
  smtp = await startSmtpServer();
  gateway = await startSmsGateway();
  channels = {
    email: smtpChannel({ url: smtp.url, from: "大赛组委会 <noreply@example.org>" }),
    sms: smsChannel(httpSmsGateway({ url: gateway.url, key: "gw-key" })),
  };
});
afterEach(async () => {
  await smtp.close();
  await gateway.close();
});

const returned = (title = "社区长者助餐") => ({ title, reasons: "缺少预算明细", deadline: "2021-05-20" });

describe("writing the outbox", () => {
  const ctx = useFreshDatabase();

  it("writes an in-app row for every recipient and email/SMS rows only to verified contacts", async () => {
    const a = await createUser(ctx.db, "applicant");
    const b = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    await verifyContact(ctx.db, a.id, "sms", "13900000001");
    await writeTransaction(ctx.db, (trx) =>
      notifyWithin(trx, { event: "proposal.returned", competitionId: null, to: [{ userId: a.id, params: returned() }, { userId: b.id, params: returned("另一个") }], now: t0 }),
    );
    const rows = await ctx.db.selectFrom("notifications").select(["user_id", "channel", "address", "status"]).orderBy("id").execute();
    expect(rows).toEqual([
      { user_id: a.id, channel: "inapp", address: null, status: "sent" },
      { user_id: a.id, channel: "email", address: "a@example.org", status: "queued" },
      { user_id: a.id, channel: "sms", address: "13900000001", status: "queued" },
      { user_id: b.id, channel: "inapp", address: null, status: "sent" },
    ]);
    expect(await countUnread(ctx.db, a.id)).toBe(1);
    const inbox = await listInbox(ctx.db, b.id);
    expect(inbox.messages.map((m) => m.title)).toEqual(["您的项目“另一个”需要补正"]);
  });

  it("a rolled-back action writes nothing and sends nothing", async () => {
    const a = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    await expect(
      writeTransaction(ctx.db, async (trx) => {
        await notifyWithin(trx, { event: "proposal.returned", competitionId: null, to: [{ userId: a.id, params: returned() }], now: t0 });
        throw new Error("the state change failed after the notification was written");
      }),
    ).rejects.toThrow();
    expect(await ctx.db.selectFrom("notifications").select("id").execute()).toEqual([]);
    await deliverDue({ db: ctx.db, channels, workerId: "w", now: () => later(1000) });
    expect(smtp.mails).toEqual([]);
    expect(await countUnread(ctx.db, a.id)).toBe(0);
  });

  it("respects a user's switched-off channel and the competition's switched-off event", async () => {
    const a = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    await verifyContact(ctx.db, a.id, "sms", "13900000001");
    await ctx.db.insertInto("notification_preferences").values({ user_id: a.id, channel: "sms", enabled: 0, updated_at: t0.toISOString() }).execute();
    await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: null, to: [{ userId: a.id, params: returned() }], now: t0 });
    const channelsWritten = async () => (await ctx.db.selectFrom("notifications").select("channel").orderBy("id").execute()).map((r) => r.channel);
    expect(await channelsWritten()).toEqual(["inapp", "email"]);
    const { competition } = await createCompetition(ctx.db);
    const organizer = await createUser(ctx.db, "organizer");
    await ctx.db.insertInto("notification_switches").values({ competition_id: competition.id, event: "proposal.returned", enabled: 0, updated_by: organizer.id, updated_at: t0.toISOString() }).execute();
    await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: competition.id, to: [{ userId: a.id, params: returned() }], now: t0 });
    expect(await channelsWritten()).toEqual(["inapp", "email", "inapp"]);
  });

  it("a reminder with the same key is written once however often the scheduler runs", async () => {
    const a = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    const once = () =>
      notifyWithin(ctx.db, { event: "report.due", competitionId: null, dedupeKey: "report.due:milestone:7:2021-09-30", to: [{ userId: a.id, params: { title: "x", milestone: "中期", due: "2021-09-30", days: 7 } }], now: t0 });
    expect(await once()).toBe(2);
    expect(await once()).toBe(0);
    expect(await ctx.db.selectFrom("notifications").select("id").execute()).toHaveLength(2);
  });
});

describe("delivering", () => {
  const ctx = useFreshDatabase();

  async function oneOfEach() {
    const a = await createUser(ctx.db, "applicant");
    await verifyContact(ctx.db, a.id, "email", "a@example.org");
    await verifyContact(ctx.db, a.id, "sms", "13900000001");
    await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: null, to: [{ userId: a.id, params: returned(), link: "/applicant/proposals/5" }], now: t0 });
    return a;
  }

  it("sends the Chinese template by SMTP and as template id + params to the gateway, and records the attempt", async () => {
    await oneOfEach();
    expect(await deliverDue({ db: ctx.db, channels, workerId: "w1", now: () => t0 })).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(["a@example.org"]);
    expect(smtp.mails[0].subject).toBe("您的项目“社区长者助餐”需要补正");
    expect(smtp.mails[0].body).toContain("初审意见：缺少预算明细。请于 2021-05-20 前修改并重新提交");
    expect(smtp.mails[0].body).toContain("/applicant/proposals/5");
    expect(gateway.delivered()).toMatchObject([{ to: "13900000001", templateId: "proposal.returned", params: returned(), authorization: "Bearer gw-key" }]);
    const rows = await ctx.db.selectFrom("notifications").select(["channel", "status", "attempts", "claimed_by"]).where("channel", "!=", "inapp").orderBy("id").execute();
    expect(rows).toEqual([
      { channel: "email", status: "sent", attempts: 1, claimed_by: null },
      { channel: "sms", status: "sent", attempts: 1, claimed_by: null },
    ]);
    const attempts = await ctx.db.selectFrom("notification_attempts").select(["channel", "result", "worker_id"]).orderBy("id").execute();
    expect(attempts).toEqual([
      { channel: "email", result: "sent", worker_id: "w1" },
      { channel: "sms", result: "sent", worker_id: "w1" },
    ]);
    expect(await deliverDue({ db: ctx.db, channels, workerId: "w1", now: () => later(60_000) })).toBe(0);
    expect(smtp.mails).toHaveLength(1);
  });

  it("retries a failed SMS after an exponential backoff, not before", async () => {
    await oneOfEach();
    gateway.failNext(2, 503);
    await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => t0 });
    const sms = () => ctx.db.selectFrom("notifications").selectAll().where("channel", "=", "sms").executeTakeFirstOrThrow();
    expect(await sms()).toMatchObject({ status: "queued", attempts: 1, next_attempt_at: later(backoffMs(1)).toISOString() });
    expect((await sms()).last_error).toContain("503");
    expect(await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => later(backoffMs(1) - 1) })).toBe(0);
    await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => later(backoffMs(1)) });
    expect(await sms()).toMatchObject({ status: "queued", attempts: 2, next_attempt_at: later(backoffMs(1) + backoffMs(2)).toISOString() });
    await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => later(backoffMs(1) + backoffMs(2)) });
    expect(await sms()).toMatchObject({ status: "sent", attempts: 3 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    const results = await ctx.db.selectFrom("notification_attempts").select("result").where("channel", "=", "sms").orderBy("id").execute();
    expect(results.map((r) => r.result)).toEqual(["retry", "retry", "sent"]);
    expect(gateway.delivered()).toHaveLength(1);
  });

  it("gives up at once on a permanent refusal and says why", async () => {
    await oneOfEach();
    gateway.failNext(1, 400);
    await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => t0 });
    const row = await ctx.db.selectFrom("notifications").selectAll().where("channel", "=", "sms").executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.last_error).toContain("400");
    expect(await deliverDue({ db: ctx.db, channels: { sms: channels.sms }, workerId: "w", now: () => later(10 * 3600_000) })).toBe(0);
  });

  it("marks rows of an unconfigured channel failed with channel_off instead of retrying forever", async () => {
    await oneOfEach();
    await deliverDue({ db: ctx.db, channels: {}, workerId: "w", now: () => t0 });
    const rows = await ctx.db.selectFrom("notifications").select(["status", "last_error"]).where("channel", "!=", "inapp").execute();
    expect(rows).toEqual([
      { status: "failed", last_error: "channel_off" },
      { status: "failed", last_error: "channel_off" },
    ]);
  });

  it("a worker that dies between claim and send leaves the row to the next worker once the lease ends: sent once", async () => {
    await oneOfEach();
    // the crashed worker's claim, as it would be left in the database
    await ctx.db.updateTable("notifications").set({ claimed_by: "dead", claim_expires_at: later(LEASE_MS).toISOString() }).where("channel", "!=", "inapp").execute();
    expect(await deliverDue({ db: ctx.db, channels, workerId: "w2", now: () => later(1000) })).toBe(0);
    expect(await deliverDue({ db: ctx.db, channels, workerId: "w2", now: () => later(LEASE_MS + 1) })).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect(gateway.delivered()).toHaveLength(1);
  });

  it("a worker that dies after handing the message over is never followed by a second email, and the SMS retry carries the same key", async () => {
    await oneOfEach();
    let crash = true;
    const crashing = (inner: NonNullable<Channels["email"]>) => ({
      idempotent: inner.idempotent,
      async send(m: Parameters<typeof inner.send>[0]) {
        const dies = crash; // decided when the send starts: the test turns crashing off while a send is still in flight
        const sent = await inner.send(m);
        if (dies) return new Promise<never>(() => undefined); // the process dies before recording the outcome
        return sent;
      },
    });
    const dying = { email: crashing(channels.email!), sms: crashing(channels.sms!) };
    // One message per dying worker, one after the other: a worker that claimed both would hang on the first.
    const handedOver = () => smtp.mails.length + gateway.requests.length;
    void deliverDue({ db: ctx.db, channels: dying, workerId: "dies", now: () => t0, batchSize: 1 });
    await vi.waitFor(() => expect(handedOver()).toBe(1), { timeout: 10_000 });
    void deliverDue({ db: ctx.db, channels: dying, workerId: "dies2", now: () => t0, batchSize: 2 });
    await vi.waitFor(() => expect(handedOver()).toBe(2), { timeout: 10_000 });
    crash = false;
    await deliverDue({ db: ctx.db, channels, workerId: "w2", now: () => later(LEASE_MS + 1) });
    expect(smtp.mails).toHaveLength(1);
    const email = await ctx.db.selectFrom("notifications").selectAll().where("channel", "=", "email").executeTakeFirstOrThrow();
    expect(email).toMatchObject({ status: "failed", last_error: "outcome_unknown" });
    expect(gateway.requests).toHaveLength(2);
    expect(new Set(gateway.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(gateway.delivered()).toHaveLength(1);
  });

  it("scrubs a secret parameter (the invitation link) once the message is delivered", async () => {
    const e = await createUser(ctx.db, "expert");
    await notifyWithin(ctx.db, {
      event: "expert.invited",
      competitionId: null,
      to: [{ userId: e.id, params: { competition: "大赛", expires: "2021-05-17", link: "http://x/invite/SECRET" }, directAddress: { channel: "sms", address: "13900000009" } }],
      now: t0,
    });
    await deliverDue({ db: ctx.db, channels, workerId: "w", now: () => t0 });
    expect(gateway.delivered()[0].params.link).toBe("http://x/invite/SECRET");
    const row = await ctx.db.selectFrom("notifications").selectAll().executeTakeFirstOrThrow();
    expect(row.params_json).not.toContain("SECRET");
    expect(await countUnread(ctx.db, e.id)).toBe(0);
  });

  it("the worker does nothing until started and stops cleanly", async () => {
    await oneOfEach();
    expect(smtp.mails).toEqual([]);
    const worker = startOutboxWorker({ db: ctx.db, channels, now: () => t0, intervalMs: 10 });
    await vi.waitFor(() => expect(smtp.mails).toHaveLength(1));
    await worker.stop();
    expect(gateway.delivered()).toHaveLength(1);
  });
});

describe("two workers on one database file", () => {
  it("each row is claimed by one worker only and sent exactly once", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const a = openDatabase(url);
    const b = openDatabase(url);
    try {
      const users = [];
      for (let i = 0; i < 10; i++) {
        const u = await createUser(db, "applicant");
        await verifyContact(db, u.id, "email", `u${i}@example.org`);
        users.push(u);
      }
      await notifyWithin(db, { event: "proposal.returned", competitionId: null, to: users.map((u) => ({ userId: u.id, params: returned() })), now: t0 });
      const [na, nb] = await Promise.all([
        deliverDue({ db: a, channels, workerId: "A", now: () => t0, batchSize: 50 }),
        deliverDue({ db: b, channels, workerId: "B", now: () => t0, batchSize: 50 }),
      ]);
      expect(na + nb).toBe(10);
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(users.map((_, i) => `u${i}@example.org`).sort());
      const attempts = await db.selectFrom("notification_attempts").select("notification_id").execute();
      expect(new Set(attempts.map((x) => x.notification_id)).size).toBe(attempts.length);
    } finally {
      await a.destroy();
      await b.destroy();
      await cleanup();
    }
  });
});
