// The catalogue of notification events: which channels each may use, which parameters are secret
// (scrubbed once delivery ends), and how a row's template + params become Chinese text.
import { type MessageKey, t } from "../../i18n";

export const NOTIFY_EVENTS = [
  "proposal.returned",
  "initialReview.passed",
  "initialReview.rejected",
  "expert.invited",
  "assignment.ready",
  "review.closing",
  "notice.published",
  "objection.received",
  "objection.decided",
  "agreement.ready",
  "report.due",
  "report.overdue",
  "tranche.released",
  "agreement.terminated",
  "contact.verify",
] as const;

export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Events an organizer may switch off per competition (the verification code is not one of them). */
export const SWITCHABLE_EVENTS: readonly NotifyEvent[] = NOTIFY_EVENTS.filter((e) => e !== "contact.verify");

export type Params = Record<string, string | number>;

interface EventSpec {
  /** Parameters that must not stay in the database once the message is delivered or given up. */
  secret?: readonly string[];
  /** False for messages to someone who cannot log in yet (an invited expert) or codes. */
  inapp: boolean;
}

const SPECS: Record<NotifyEvent, EventSpec> = {
  "proposal.returned": { inapp: true },
  "initialReview.passed": { inapp: true },
  "initialReview.rejected": { inapp: true },
  "expert.invited": { inapp: false, secret: ["link"] },
  "assignment.ready": { inapp: true },
  "review.closing": { inapp: true },
  "notice.published": { inapp: true },
  "objection.received": { inapp: true },
  "objection.decided": { inapp: true },
  "agreement.ready": { inapp: true },
  "report.due": { inapp: true },
  "report.overdue": { inapp: true },
  "tranche.released": { inapp: true },
  "agreement.terminated": { inapp: true },
  "contact.verify": { inapp: false, secret: ["code"] },
};

export function isNotifyEvent(value: string): value is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(value);
}

export function eventSpec(event: NotifyEvent): EventSpec {
  return SPECS[event];
}

export const SCRUBBED = "******";

/** The params with every secret one replaced, for storage after delivery ends. */
export function scrubParams(event: string, paramsJson: string): string {
  if (!isNotifyEvent(event)) return paramsJson;
  const secret = SPECS[event].secret ?? [];
  if (secret.length === 0) return paramsJson;
  const params = parseParams(paramsJson);
  for (const key of secret) if (key in params) params[key] = SCRUBBED;
  return JSON.stringify(params);
}

export function parseParams(json: string): Params {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    const out: Params = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === "string" || typeof v === "number") out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/** Template ids are the event names; the Chinese text lives in app/i18n/zh-CN/notify.ts. */
export function renderMessage(templateId: string, params: Params): { title: string; body: string } {
  const title = `notify.tpl.${templateId}.title`;
  const body = `notify.tpl.${templateId}.body`;
  return { title: t(title as MessageKey, params), body: t(body as MessageKey, params) };
}

export function eventLabel(event: string): string {
  return isNotifyEvent(event) ? t(`notify.event.${event}` as MessageKey) : event;
}
