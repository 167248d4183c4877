// One "app process" for tests/integration/multi-process.test.ts: opens DATABASE_URL with its own pool,
// reads its tasks (one JSON line on stdin), says "ready", waits for "go", runs all tasks at once through
// the real services, and prints one JSON line of results. Several of these race on one database.
import readline from "node:readline";
import { openDatabase } from "../../db/connection";
import { recordSignature } from "../../app/services/agreements.server";
import { releaseSigningTranche } from "../../app/services/milestones.server";
import { submitProposal } from "../../app/services/proposals.server";
import { receiveContribution } from "../../app/services/sponsors.server";

export type Task =
  | { kind: "disburse"; actorId: number; milestoneId: number; at: string }
  | { kind: "countersign"; actorId: number; agreementId: number; textSha256: string; at: string }
  | { kind: "receive"; actorId: number; contributionId: number; amount: string; receivedOn: string; voucherNo: string; at: string }
  | { kind: "submit"; actorId: number; proposalId: number; at: string };

const db = openDatabase(process.env.DATABASE_URL);
const lines = readline.createInterface({ input: process.stdin });
const queue: string[] = [];
let waiting: ((line: string) => void) | undefined;
lines.on("line", (line) => (waiting ? (waiting(line), (waiting = undefined)) : queue.push(line)));
const nextLine = () => new Promise<string>((resolve) => (queue.length ? resolve(queue.shift()!) : (waiting = resolve)));

function run(task: Task): Promise<{ ok: boolean }> {
  const at = new Date(task.at);
  switch (task.kind) {
    case "disburse":
      return releaseSigningTranche(db, { id: task.actorId, role: "organizer" }, { milestoneId: task.milestoneId }, at);
    case "countersign":
      return recordSignature(db, { id: task.actorId, role: "organizer" }, task.agreementId, task.textSha256, at);
    case "receive":
      return receiveContribution(db, { id: task.actorId, role: "organizer" }, { contributionId: task.contributionId, amount: task.amount, receivedOn: task.receivedOn, voucherNo: task.voucherNo }, at);
    case "submit":
      return submitProposal(db, { id: task.actorId, role: "applicant" }, task.proposalId, undefined, at);
  }
}

const tasks = JSON.parse(await nextLine()) as Task[];
await db.selectFrom("users").select("id").limit(1).execute(); // connected before the race starts
process.stdout.write("ready\n");
await nextLine();
const settled = await Promise.allSettled(tasks.map(run));
const results = settled.map((s) => (s.status === "fulfilled" ? { ok: s.value.ok, value: s.value } : { ok: false, error: String(s.reason) }));
process.stdout.write(`${JSON.stringify({ pid: process.pid, results })}\n`);
await db.destroy();
lines.close();
