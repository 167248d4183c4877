// Outside services for notification tests: a real SMTP server (smtp-server) that keeps every message it
// accepts, and an HTTP SMS gateway stub on 127.0.0.1 that, like real providers, ignores a repeated idempotency key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { DB } from "../../db/connection";
import type { ExternalChannel } from "../../db/schema";

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  body: string;
  messageId: string;
}

export async function startSmtpServer(): Promise<{ url: string; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Enough MIME decoding for assertions: the subject (RFC 2047) and a base64 or quoted-printable text body. */
function parseMail(raw: string): { subject: string; body: string; messageId: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded)?.[1] ?? "";
  const subject = header("Subject").replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQp(text.replace(/_/g, " ")),
  );
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text = rest.join("\n\n");
  const body = encoding === "base64" ? Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8") : encoding === "quoted-printable" ? decodeQp(text.replace(/=\r?\n/g, "")) : text;
  return { subject, body, messageId: header("Message-ID") };
}

function decodeQp(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

export interface GatewayRequest {
  to: string;
  templateId: string;
  params: Record<string, string | number>;
  idempotencyKey: string;
  authorization: string | undefined;
}

/** `failNext(n, status)` answers the next n requests with that status (retries and permanent failures). */
export async function startSmsGateway() {
  const requests: GatewayRequest[] = [];
  const delivered = new Map<string, GatewayRequest>();
  let failures: { n: number; status: number } = { n: 0, status: 500 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Omit<GatewayRequest, "authorization">;
      const request = { ...body, authorization: req.headers.authorization };
      requests.push(request);
      if (failures.n > 0) {
        failures.n--;
        res.writeHead(failures.status, { "content-type": "application/json" }).end(JSON.stringify({ error: "stub failure" }));
        return;
      }
      if (!delivered.has(body.idempotencyKey)) delivered.set(body.idempotencyKey, request);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `sms-${body.idempotencyKey}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    /** What reached phones: one per idempotency key. */
    delivered: () => [...delivered.values()],
    failNext(n: number, status = 500) {
      failures = { n, status };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Gives a user a verified contact, as the verification flow would. */
export async function verifyContact(db: DB, userId: number, channel: ExternalChannel, address: string, at = "2021-04-01T00:00:00.000Z") {
  await db.insertInto("user_contacts").values({ user_id: userId, channel, address, verified_at: at }).execute();
}
