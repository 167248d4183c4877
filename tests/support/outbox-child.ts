// A separate app process running the outbox worker, for the multi-process tests. Waits at a gate file so
// two of them start delivering at the same moment; CRASH_AFTER_SEND=1 kills the process (SIGKILL) right
// after the first message is handed to its provider, before the outcome is recorded.
import fs from "node:fs";
import { openDatabase } from "../../db/connection";
import { type Channel, type Channels, httpSmsGateway, smsChannel, smtpChannel } from "../../app/services/notifications/channels.server";
import { deliverDue } from "../../app/services/notifications/worker.server";

const env = process.env;
const db = openDatabase(env.DATABASE_URL);
const dying = (inner: Channel): Channel => ({
  idempotent: inner.idempotent,
  async send(message) {
    const result = await inner.send(message);
    process.kill(process.pid, "SIGKILL");
    return result;
  },
});
const email = smtpChannel({ url: env.SMTP_URL!, from: "组委会 <noreply@example.org>" });
const sms = smsChannel(httpSmsGateway({ url: env.SMS_GATEWAY_URL!, key: "k" }));
const channels: Channels = env.CRASH_AFTER_SEND === "1" ? { email: dying(email), sms: dying(sms) } : { email, sms };
const now = () => new Date(env.NOW ?? Date.now());

process.stdout.write("ready\n");
while (env.GATE && !fs.existsSync(env.GATE)) await new Promise((r) => setTimeout(r, 5));
let total = 0;
for (;;) {
  const n = await deliverDue({ db, channels, workerId: env.WORKER_ID ?? `child-${process.pid}`, now, batchSize: 3 });
  total += n;
  if (n === 0) break;
}
process.stdout.write(`claimed ${total}\n`);
await db.destroy();
process.exit(0);
