// Contacts are verified before email/SMS goes to them: a 6-digit code sent once, stored hashed, expiring
// after CODE_VALID_MINUTES, dead after CODE_MAX_ATTEMPTS wrong tries. Preferences switch channels off.
import * as settings from "~/routes/inbox.settings";
import { smsChannel, httpSmsGateway } from "~/services/notifications/channels.server";
import { notifyWithin } from "~/services/notifications/outbox.server";
import { CODE_MAX_ATTEMPTS, CODE_VALID_MINUTES, confirmVerification, requestVerification } from "~/services/notifications/preferences.server";
import { deliverDue } from "~/services/notifications/worker.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, formBody, requestAs } from "../support/factories";
import { startSmsGateway } from "../support/notify-fakes";

const ctx = useFreshDatabase();
const now = new Date("2021-05-10T02:00:00Z");
const on = { email: "on", sms: "on" } as const;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
beforeEach(async () => {
  gateway = await startSmsGateway();
});
afterEach(() => gateway.close());

async function sendCode(userId: number, address = "+86 139-1234-5678", at = now) {
  const r = await requestVerification(ctx.db, { id: userId, role: "applicant" }, { channel: "sms", address }, at, on);
  await deliverDue({ db: ctx.db, channels: { sms: smsChannel(httpSmsGateway({ url: gateway.url, key: "k" })) }, workerId: "w", now: () => at });
  return { r, code: String(gateway.delivered().at(-1)?.params.code ?? "") };
}

describe("verifying a mobile number", () => {
  it("sends a 6-digit code once to the typed number and keeps only its hash", async () => {
    const u = await createUser(ctx.db, "applicant");
    const { r, code } = await sendCode(u.id);
    expect(r).toEqual({ ok: true, address: "13912345678" });
    expect(code).toMatch(/^\d{6}$/);
    expect(gateway.delivered().map((d) => [d.to, d.templateId])).toEqual([["13912345678", "contact.verify"]]);
    const stored = JSON.stringify([await ctx.db.selectFrom("contact_verifications").selectAll().execute(), await ctx.db.selectFrom("notifications").selectAll().execute()]);
    expect(stored).not.toContain(`"${code}"`);
    expect(stored).not.toContain(`:${code}`);
    expect(await confirmVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", code }, now)).toEqual({ ok: true });
    expect(await ctx.db.selectFrom("user_contacts").select(["channel", "address"]).where("user_id", "=", u.id).execute()).toEqual([{ channel: "sms", address: "13912345678" }]);
    // the same code does not work twice
    expect(await confirmVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", code }, now)).toMatchObject({ ok: false, fieldErrors: { code: "notify.error.codeExpired" } });
  });

  it("refuses every attempt after the limit of wrong codes, even the right one", async () => {
    const u = await createUser(ctx.db, "applicant");
    const { code } = await sendCode(u.id);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < CODE_MAX_ATTEMPTS; i++) {
      expect(await confirmVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", code: wrong }, now)).toMatchObject({ ok: false });
    }
    expect(await confirmVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", code }, now)).toMatchObject({ ok: false, fieldErrors: { code: "notify.error.codeExpired" } });
    expect(await ctx.db.selectFrom("user_contacts").select("user_id").execute()).toEqual([]);
  });

  it("refuses a code after it expires", async () => {
    const u = await createUser(ctx.db, "applicant");
    const { code } = await sendCode(u.id);
    const late = new Date(now.getTime() + CODE_VALID_MINUTES * 60_000);
    expect(await confirmVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", code }, late)).toMatchObject({ ok: false, fieldErrors: { code: "notify.error.codeExpired" } });
  });

  it("limits how often codes are sent, and refuses a channel that is not configured", async () => {
    const u = await createUser(ctx.db, "applicant");
    await sendCode(u.id);
    expect(await requestVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "sms", address: "13912345678" }, new Date(now.getTime() + 30_000), on)).toMatchObject({ ok: false, status: 429 });
    expect(await requestVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "email", address: "a@example.org" }, now, { email: "off", sms: "on" })).toMatchObject({ ok: false, status: 409 });
    expect(await requestVerification(ctx.db, { id: u.id, role: "applicant" }, { channel: "email", address: "not an address" }, now, on)).toMatchObject({ ok: false, status: 400, fieldErrors: { address: "notify.error.emailInvalid" } });
  });

  it("sends no SMS to a mobile number on file that was never verified", async () => {
    const u = await createUser(ctx.db, "applicant"); // users.mobile is set, but not verified
    await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: null, now, to: [{ userId: u.id, params: { title: "x", reasons: "y", deadline: "z" } }] });
    expect((await ctx.db.selectFrom("notifications").select("channel").execute()).map((r) => r.channel)).toEqual(["inapp"]);
  });
});

describe("the settings page", () => {
  it("saves a user's switched-off channel and answers nonsense with a 400", async () => {
    const u = await createUser(ctx.db, "expert");
    const saved = await callRoute(settings.action, await requestAs(u.id, "/inbox/settings", { method: "POST", body: formBody({ intent: "preferences", email: "on" }) }));
    expect(saved.status).toBe(200);
    const prefs = await ctx.db.selectFrom("notification_preferences").select(["channel", "enabled"]).orderBy("channel").execute();
    expect(prefs).toEqual([{ channel: "email", enabled: 1 }, { channel: "sms", enabled: 0 }]);
    const bad = await callRoute(settings.action, await requestAs(u.id, "/inbox/settings", { method: "POST", body: formBody({ intent: "confirm", channel: "fax", code: "x" }) }));
    expect(bad.status).toBe(400);
    const page = await callRoute(settings.loader, await requestAs(u.id, "/inbox/settings"));
    expect(await page.json()).toMatchObject({ email: { enabled: true, verified: null }, sms: { enabled: false } });
  });
});
