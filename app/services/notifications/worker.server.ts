// The outbox worker: claims due email/SMS rows one at a time with a guarded UPDATE (portable to every
// engine, safe with several app processes), records "sending" before it hands the message to the provider,
// marks the outcome, and retries failures with exponential backoff. Every attempt is written down.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { DB } from "../../../db/connection";
import { writeTransaction } from "../../../db/connection";
import type { Selectable } from "kysely";
import type { NotificationAttemptsTable, NotificationsTable } from "../../../db/schema";
import { type Channel, type Channels, PermanentDeliveryError, absoluteLink } from "./channels.server";
import { parseParams, renderMessage, scrubParams } from "./events.server";

export const LEASE_MS = 5 * 60 * 1000;
export const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;

/** 30 s, 1 min, 2 min ... capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DeliverOptions {
  db: DB;
  channels: Channels;
  workerId: string;
  now: () => Date;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

type Row = Selectable<NotificationsTable>;
type AttemptResult = Selectable<NotificationAttemptsTable>["result"];

/** One pass over the due rows. Returns how many this worker claimed. */
export async function deliverDue(options: DeliverOptions): Promise<number> {
  const { db } = options;
  const nowIso = options.now().toISOString();
  const candidates = await db
    .selectFrom("notifications")
    .select("id")
    .where("channel", "!=", "inapp")
    .where("status", "in", ["queued", "sending"])
    .where("next_attempt_at", "<=", nowIso)
    .where((eb) => eb.or([eb("claimed_by", "is", null), eb("claim_expires_at", "<", nowIso)]))
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(options.batchSize ?? 20)
    .execute();
  let claimed = 0;
  for (const { id } of candidates) {
    const row = await claim(options, id);
    if (!row) continue;
    claimed++;
    await deliverClaimed(options, row);
  }
  return claimed;
}

/** The guarded UPDATE: only one worker's update can match a free (or abandoned) claim. */
async function claim(options: DeliverOptions, id: number): Promise<Row | null> {
  const now = options.now();
  const nowIso = now.toISOString();
  const result = await options.db
    .updateTable("notifications")
    .set({ claimed_by: options.workerId, claim_expires_at: new Date(now.getTime() + (options.leaseMs ?? LEASE_MS)).toISOString() })
    .where("id", "=", id)
    .where("status", "in", ["queued", "sending"])
    .where((eb) => eb.or([eb("claimed_by", "is", null), eb("claim_expires_at", "<", nowIso)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  return (await options.db.selectFrom("notifications").selectAll().where("id", "=", id).where("claimed_by", "=", options.workerId).executeTakeFirst()) ?? null;
}

async function deliverClaimed(options: DeliverOptions, row: Row): Promise<void> {
  const channel: Channel | undefined = row.channel === "inapp" ? undefined : options.channels[row.channel];
  if (!channel) {
    await finish(options, row, "failed", { error: "channel_off" });
    return;
  }
  if (row.status === "sending" && !channel.idempotent) {
    // A worker died after handing this message over and before recording the outcome. The provider
    // cannot tell a retry from a new message, so sending again could reach the person twice.
    await finish(options, row, "unknown", { error: "outcome_unknown" });
    return;
  }
  const started = await options.db
    .updateTable("notifications")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1) }))
    .where("id", "=", row.id)
    .where("claimed_by", "=", options.workerId)
    .executeTakeFirst();
  if (Number(started.numUpdatedRows) !== 1) return; // the lease ran out and another worker owns the row
  const attempts = row.attempts + 1;
  const params = parseParams(row.params_json);
  const text = renderMessage(row.template_id, params);
  try {
    const sent = await channel.send({
      notificationId: row.id,
      to: row.address ?? "",
      templateId: row.template_id,
      params,
      title: text.title,
      body: row.link ? `${text.body}\n${absoluteLink(row.link)}` : text.body,
      idempotencyKey: row.idempotency_key,
    });
    await finish(options, row, "sent", { providerId: sent.providerId ?? null });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentDeliveryError || attempts >= (options.maxAttempts ?? MAX_ATTEMPTS);
    if (permanent) await finish(options, row, "failed", { error: message });
    else await finish(options, row, "retry", { error: message, retryAt: new Date(options.now().getTime() + backoffMs(attempts)) });
  }
}

/** Records the attempt and the row's new state in one transaction, releasing the claim. */
async function finish(
  options: DeliverOptions,
  row: Row,
  result: AttemptResult,
  detail: { error?: string; providerId?: string | null; retryAt?: Date },
): Promise<void> {
  const now = options.now().toISOString();
  const final = result !== "retry";
  await writeTransaction(options.db, async (trx) => {
    const updated = await trx
      .updateTable("notifications")
      .set({
        status: result === "sent" ? "sent" : result === "retry" ? "queued" : "failed",
        sent_at: result === "sent" ? now : null,
        provider_id: detail.providerId ?? null,
        last_error: detail.error ?? null,
        next_attempt_at: detail.retryAt?.toISOString() ?? row.next_attempt_at,
        params_json: final ? scrubParams(row.event, row.params_json) : row.params_json,
        claimed_by: null,
        claim_expires_at: null,
      })
      .where("id", "=", row.id)
      .where("claimed_by", "=", options.workerId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await trx
      .insertInto("notification_attempts")
      .values({ notification_id: row.id, at: now, channel: row.channel, worker_id: options.workerId, result, error: detail.error ?? null })
      .execute();
  });
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Runs one pass now (tests, and the loop itself). */
  runOnce(): Promise<number>;
  /** Stops the loop and waits for a pass in progress. */
  stop(): Promise<void>;
}

export interface StartOutboxWorkerOptions {
  db: DB;
  channels: Channels;
  now?: () => Date;
  workerId?: string;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/** Starts the delivery loop. Nothing runs unless this is called (the server calls it; unit tests do not). */
export function startOutboxWorker(options: StartOutboxWorkerOptions): OutboxWorker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const intervalMs = options.intervalMs ?? 5_000;
  const deliver: DeliverOptions = { db: options.db, channels: options.channels, workerId, now: options.now ?? (() => new Date()) };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= deliverDue(deliver).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = async () => {
    try {
      // keep going while full batches come back, then wait for the interval
      while (!stopped && (await runOnce()) > 0);
    } catch (error) {
      (options.onError ?? ((e) => console.error("[outbox]", e)))(error);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);
  return {
    workerId,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
