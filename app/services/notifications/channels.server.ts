// Delivery channels for the worker: email over SMTP (nodemailer) and SMS through a provider interface,
// with an HTTP gateway adapter and a log adapter (the development default). Configured from the environment;
// without configuration the app runs with in-app messages only and says so on the organizer's page.
import nodemailer from "nodemailer";
import type { ExternalChannel } from "../../../db/schema";
import type { Params } from "./events.server";

export interface OutgoingMessage {
  notificationId: number;
  to: string;
  templateId: string;
  params: Params;
  title: string;
  body: string;
  /** The same key on every attempt of one row, so a provider can recognise a retry. */
  idempotencyKey: string;
}

export interface Channel {
  /** True when a retry with the same idempotency key cannot reach the person twice (the provider deduplicates). */
  readonly idempotent: boolean;
  send(message: OutgoingMessage): Promise<{ providerId?: string | null }>;
}

export type Channels = Partial<Record<ExternalChannel, Channel>>;

/** A failure that retrying will not cure (a refused address, a rejected template). */
export class PermanentDeliveryError extends Error {}

export interface SmtpOptions {
  url: string;
  from: string;
}

/** SMTP has no idempotency: the row's key becomes the Message-ID, and a row is never re-sent once sending began. */
export function smtpChannel(options: SmtpOptions): Channel {
  const transport = nodemailer.createTransport(options.url);
  const domain = options.from.split("@")[1]?.replace(/[>\s]/g, "") || "commonweal.local";
  return {
    idempotent: false,
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.title,
          text: `${message.body}\n`,
          messageId: `<${message.idempotencyKey}@${domain}>`,
          headers: { "X-Commonweal-Idempotency-Key": message.idempotencyKey },
        });
        return { providerId: info.messageId ?? null };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (typeof code === "number" && code >= 500 && code < 600) throw new PermanentDeliveryError(`SMTP ${code}: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}

/** The SMS provider interface: Chinese providers take a registered template id and its parameters, not free text. */
export interface SmsProvider {
  readonly idempotent: boolean;
  sendTemplate(input: { to: string; templateId: string; params: Params; idempotencyKey: string }): Promise<{ providerId?: string | null }>;
}

export interface HttpGatewayOptions {
  url: string;
  key: string;
  fetchImpl?: typeof fetch;
}

/**
 * POSTs {to, templateId, params, idempotencyKey} as JSON with the key as a bearer token and an
 * Idempotency-Key header. 2xx = accepted; 4xx (but 408/429) = permanent; anything else is retried.
 */
export function httpSmsGateway(options: HttpGatewayOptions): SmsProvider {
  const doFetch = options.fetchImpl ?? fetch;
  return {
    idempotent: true,
    async sendTemplate(input) {
      const response = await doFetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${options.key}`,
          "idempotency-key": input.idempotencyKey,
        },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.ok) {
        let providerId: string | null = null;
        try {
          const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
          providerId = String(body.id ?? body.messageId ?? "") || null;
        } catch {
          providerId = null;
        }
        return { providerId };
      }
      const reason = `SMS gateway ${response.status}: ${text.slice(0, 200)}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        throw new PermanentDeliveryError(reason);
      }
      throw new Error(reason);
    },
  };
}

/** Development default: the message goes to the server log, nothing leaves the machine. */
export function logSmsProvider(log: (line: string) => void = console.info): SmsProvider {
  return {
    idempotent: true,
    async sendTemplate(input) {
      log(`[sms:log] to=${input.to} template=${input.templateId} params=${JSON.stringify(input.params)} key=${input.idempotencyKey}`);
      return { providerId: `log-${input.idempotencyKey}` };
    },
  };
}

export function smsChannel(provider: SmsProvider): Channel {
  return {
    idempotent: provider.idempotent,
    send: (m) => provider.sendTemplate({ to: m.to, templateId: m.templateId, params: m.params, idempotencyKey: m.idempotencyKey }),
  };
}

export type ChannelState = "on" | "off" | "log";

export interface ChannelStatus {
  email: ChannelState;
  sms: ChannelState;
}

type Env = Record<string, string | undefined>;

/** Which channels the environment configures; shown on the organizer's page. */
export function channelStatus(env: Env = process.env): ChannelStatus {
  const production = env.NODE_ENV === "production";
  return {
    email: env.SMTP_URL ? "on" : "off",
    sms: env.SMS_GATEWAY_URL ? "on" : production ? "off" : "log",
  };
}

/** The channels the worker delivers through, from SMTP_URL/MAIL_FROM and SMS_GATEWAY_URL/SMS_GATEWAY_KEY. */
export function channelsFromEnv(env: Env = process.env): Channels {
  const status = channelStatus(env);
  const channels: Channels = {};
  if (status.email === "on") channels.email = smtpChannel({ url: env.SMTP_URL!, from: env.MAIL_FROM || "公益创投大赛 <no-reply@commonweal.local>" });
  if (status.sms === "on") channels.sms = smsChannel(httpSmsGateway({ url: env.SMS_GATEWAY_URL!, key: env.SMS_GATEWAY_KEY ?? "" }));
  else if (status.sms === "log") channels.sms = smsChannel(logSmsProvider());
  return channels;
}

/** Absolute links for messages read outside the site; PUBLIC_URL is the address users reach the site at. */
export function absoluteLink(path: string, env: Env = process.env): string {
  const base = (env.PUBLIC_URL || "http://localhost:3000").replace(/\/+$/, "");
  return `${base}${path}`;
}
