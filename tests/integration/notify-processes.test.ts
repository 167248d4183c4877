// Real app processes on one database file: two workers deliver a shared outbox with every row sent exactly
// once, and a worker killed (SIGKILL) between handing a message over and recording it is followed by a
// restart that sends nothing twice.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { notifyWithin } from "~/services/notifications/outbox.server";
import { LEASE_MS } from "~/services/notifications/worker.server";
import { createTestDbFile } from "../support/db";
import { createUser } from "../support/factories";
import { startSmsGateway, startSmtpServer, verifyContact } from "../support/notify-fakes";

const t0 = new Date("2021-05-10T02:00:00Z");
const CHILD = path.resolve(__dirname, "../support/outbox-child.ts");

function runChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve) => child.stdout.on("data", () => out.includes("ready") && resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, out, err })),
  );
  return { ready, exited };
}

async function world(n: number, channels: ("email" | "sms")[]) {
  const file = await createTestDbFile();
  const users = [];
  for (let i = 0; i < n; i++) {
    const u = await createUser(file.db, "applicant");
    if (channels.includes("email")) await verifyContact(file.db, u.id, "email", `p${i}@example.org`);
    if (channels.includes("sms")) await verifyContact(file.db, u.id, "sms", `1390000${String(i).padStart(4, "0")}`);
    users.push(u);
  }
  await notifyWithin(file.db, { event: "proposal.returned", competitionId: null, now: t0, to: users.map((u) => ({ userId: u.id, params: { title: "x", reasons: "y", deadline: "z" } })) });
  return file;
}

describe("outbox across processes", () => {
  it("two worker processes on one database file send each of 24 rows exactly once", async () => {
    const smtp = await startSmtpServer();
    const gateway = await startSmsGateway();
    const file = await world(12, ["email", "sms"]);
    // A file the children wait for, beside the database on SQLite and in the temp directory on PostgreSQL.
    const gate = path.join(os.tmpdir(), `commonweal-outbox-${process.pid}-${Date.now()}.gate`);
    try {
      const env = { DATABASE_URL: file.url, SMTP_URL: smtp.url, SMS_GATEWAY_URL: gateway.url, NOW: t0.toISOString(), GATE: gate };
      const a = runChild({ ...env, WORKER_ID: "A" });
      const b = runChild({ ...env, WORKER_ID: "B" });
      await Promise.all([a.ready, b.ready]);
      fs.writeFileSync(gate, "go");
      const [ra, rb] = await Promise.all([a.exited, b.exited]);
      expect([ra.code, rb.code, ra.err + rb.err]).toEqual([0, 0, ""]);
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}@example.org`).sort());
      expect(gateway.requests).toHaveLength(12);
      expect(new Set(gateway.requests.map((r) => r.to)).size).toBe(12);
      const rows = await file.db.selectFrom("notifications").select(["status", "attempts"]).where("channel", "!=", "inapp").execute();
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
      const workers = await file.db.selectFrom("notification_attempts").select("worker_id").execute();
      expect(workers).toHaveLength(24);
    } finally {
      await smtp.close();
      await gateway.close();
      await file.cleanup();
    }
  }, 120_000);

  it("a worker killed right after handing a message over is restarted without a double send", async () => {
    const smtp = await startSmtpServer();
    const gateway = await startSmsGateway();
    const file = await world(3, ["email", "sms"]);
    try {
      const env = { DATABASE_URL: file.url, SMTP_URL: smtp.url, SMS_GATEWAY_URL: gateway.url };
      const crashed = await runChild({ ...env, NOW: t0.toISOString(), CRASH_AFTER_SEND: "1", WORKER_ID: "crashes" }).exited;
      expect(crashed.signal).toBe("SIGKILL");
      const handedOver = smtp.mails.length + gateway.requests.length;
      expect(handedOver).toBe(1);
      const stuck = await file.db.selectFrom("notifications").select(["channel", "status", "claimed_by"]).where("status", "=", "sending").execute();
      expect(stuck).toHaveLength(1);
      // the restarted process runs after the dead one's lease has run out
      const restarted = await runChild({ ...env, NOW: new Date(t0.getTime() + LEASE_MS + 1000).toISOString(), WORKER_ID: "restarted" }).exited;
      expect([restarted.code, restarted.err]).toEqual([0, ""]);
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(["p0@example.org", "p1@example.org", "p2@example.org"]);
      expect(gateway.delivered().map((d) => d.to).sort()).toEqual(["13900000000", "13900000001", "13900000002"]);
      const rows = await file.db.selectFrom("notifications").select(["channel", "status", "last_error"]).where("channel", "!=", "inapp").execute();
      if (stuck[0].channel === "email") {
        // SMTP cannot deduplicate: the row whose outcome is unknown is reported, not re-sent
        expect(rows.filter((r) => r.status === "failed")).toEqual([{ channel: "email", status: "failed", last_error: "outcome_unknown" }]);
      } else {
        // the SMS gateway recognises the retry by its idempotency key
        expect(rows.every((r) => r.status === "sent")).toBe(true);
        expect(gateway.requests).toHaveLength(4);
      }
    } finally {
      await smtp.close();
      await gateway.close();
      await file.cleanup();
    }
  }, 120_000);
});
