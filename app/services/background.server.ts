// The one place where background work starts when the server starts (server.ts calls this once, through
// the server build, so jobs share the app's database handle). Each job registers how to stop itself;
// SIGTERM waits for them before the process exits.

export interface BackgroundJobs {
  /** Stops every job and waits for work in progress to finish. */
  stop(): Promise<void>;
}

import { getDb } from "../db.server";
import { channelsFromEnv } from "./notifications/channels.server";
import { startReminderScheduler } from "./notifications/scheduler.server";
import { startOutboxWorker } from "./notifications/worker.server";

type Stopper = () => void | Promise<void>;

/**
 * Starts the long-running jobs (the notification outbox worker registers itself here). Returns a handle
 * whose `stop()` the server awaits on shutdown. Starting twice returns the already-running jobs.
 */
let running: BackgroundJobs | null = null;

export function startBackgroundJobs(): BackgroundJobs {
  if (running) return running;
  const stoppers: Stopper[] = [];
  // Jobs go here, e.g. stoppers.push(startOutboxWorker(getDb()));
  // notifications (issue 12): deliver email/SMS from the outbox, and write due reminders
  const outbox = startOutboxWorker({ db: getDb(), channels: channelsFromEnv() });
  const reminders = startReminderScheduler({ db: getDb() });
  stoppers.push(() => outbox.stop(), () => reminders.stop());
  const jobs: BackgroundJobs = {
    async stop() {
      running = null;
      await Promise.allSettled(stoppers.map((stop) => stop()));
    },
  };
  running = jobs;
  return jobs;
}
