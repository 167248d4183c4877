// Two app processes on one database (PostgreSQL in the PG run, a SQLite file in the SQLite run): identical
// disbursements, countersignatures and contribution receipts clicked 12 times across both, and 100
// submissions a minute before the deadline, split between them. Each lands exactly once, the ledger
// balances, and `npm run audit:verify` finds the audit chain unbroken (no fork from two appenders).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { generateAgreements, recordSignature } from "~/services/agreements.server";
import { ledgerIntegrity } from "~/services/ledger.server";
import { pledgeContribution } from "~/services/sponsors.server";
import { fenToYuanInput } from "~/domain/money";
import type { DB } from "../../db/connection";
import { createTestDbFile, testEngine } from "../support/db";
import { createCompetition } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import { createApplicantWithProposal } from "../support/factories-registration";
import type { Task } from "../support/multi-process-worker";

const TSX = path.resolve("node_modules/.bin/tsx");
const WORKER = path.resolve("tests/support/multi-process-worker.ts");

interface Outcome { ok: boolean; value?: any; error?: string }

/** Starts one worker process per task list, releases them together, and returns every result. */
async function race(url: string, perProcess: Task[][]): Promise<Outcome[]> {
  const children: ChildProcessWithoutNullStreams[] = perProcess.map(() =>
    spawn(TSX, [WORKER], { env: { ...process.env, DATABASE_URL: url }, stdio: ["pipe", "pipe", "pipe"] }),
  );
  const stderr: string[] = children.map(() => "");
  children.forEach((c, i) => c.stderr.on("data", (d) => (stderr[i] += String(d))));
  const outputs = children.map((child) => {
    const lines = readline.createInterface({ input: child.stdout });
    const iterator = lines[Symbol.asyncIterator]();
    return { next: async () => (await iterator.next()).value as string | undefined };
  });
  try {
    children.forEach((c, i) => c.stdin.write(`${JSON.stringify(perProcess[i])}\n`));
    const ready = await Promise.all(outputs.map((o) => o.next()));
    expect(ready, stderr.join("\n")).toEqual(children.map(() => "ready"));
    children.forEach((c) => c.stdin.write("go\n"));
    const done = await Promise.all(outputs.map((o) => o.next()));
    const parsed = done.map((line, i) => {
      if (!line) throw new Error(`worker ${i} ended without results:\n${stderr[i]}`);
      return JSON.parse(line) as { pid: number; results: Outcome[] };
    });
    expect(new Set(parsed.map((p) => p.pid)).size).toBe(perProcess.length); // really separate processes
    return parsed.flatMap((p) => p.results);
  } finally {
    children.forEach((c) => c.stdin.end());
  }
}

/** Round-robin: task i goes to process i % n. */
function split<T>(tasks: T[], n = 2): T[][] {
  return Array.from({ length: n }, (_, p) => tasks.filter((_, i) => i % n === p));
}

function auditVerify(url: string) {
  const r = spawnSync(TSX, ["db/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function expectLedgerBalanced(db: DB) {
  const integrity = await ledgerIntegrity(db);
  expect(integrity.unbalancedEntries).toEqual([]);
  expect(integrity.debit).toBe(integrity.credit);
}

describe(`two app processes on one ${testEngine} database`, () => {
  it("12 identical disbursements, countersignatures and receipts across both: exactly one of each, ledger balanced, audit chain intact", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    try {
      // A tranche ready to pay.
      const finance = await createFinanceWorld(db);
      await fundPool(db, finance, 20_000_000);
      const { milestones } = await createSignedAgreementWithMilestones(db, finance, 8_000_000);
      // A pledge waiting to be received.
      const organizer = { id: finance.organizer.id, role: "organizer" };
      const pledgeAt = new Date("2021-05-10T02:00:00Z");
      const sponsor = (await db.selectFrom("sponsors").select("id").executeTakeFirstOrThrow()).id;
      const pledge = await pledgeContribution(db, organizer, finance.competition.id, { sponsorId: sponsor, amount: fenToYuanInput(3_000_000), pledgedOn: "2021-04-25" }, pledgeAt);
      if (!pledge.ok) throw new Error(JSON.stringify(pledge));
      // An agreement the organization has signed, waiting for the organizer's countersignature.
      const w = await createReviewedCompetition(db, { proposals: 1, requestedFen: 5_000_000 });
      const noticeId = await insertNotice(db, {
        competitionId: w.competition.id, publishedBy: w.organizer.id, periodEndsAt: "2021-07-12T15:59:59.999Z",
        rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000 }],
      });
      await fundPool(db, { ...w, noticeId }, 10_000_000);
      const countersigner = { id: w.organizer.id, role: "organizer" };
      await generateAgreements(db, countersigner, w.competition.id, new Date("2021-07-13T02:00:00Z"));
      const agreement = await db.selectFrom("agreements").selectAll().where("proposal_id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
      const orgSigned = await recordSignature(db, { id: w.proposals[0].applicantId, role: "applicant" }, agreement.id, agreement.text_sha256, new Date("2021-07-20T02:00:00Z"));
      expect(orgSigned).toMatchObject({ ok: true, status: "org_signed" });

      const twelve = <T extends Task>(task: T) => Array.from({ length: 12 }, () => task);
      const tasks: Task[] = [
        ...twelve({ kind: "disburse", actorId: organizer.id, milestoneId: milestones[0].id, at: "2021-08-10T02:00:00.000Z" }),
        ...twelve({ kind: "countersign", actorId: countersigner.id, agreementId: agreement.id, textSha256: agreement.text_sha256, at: "2021-07-21T02:00:00.000Z" }),
        ...twelve({ kind: "receive", actorId: organizer.id, contributionId: pledge.contributionId, amount: fenToYuanInput(3_000_000), receivedOn: "2021-05-12", voucherNo: "PZ-MP-0001", at: "2021-05-12T02:00:00.000Z" }),
      ];
      const results = await race(url, split(tasks));
      // Results come back process by process, in the order of split(tasks).
      const ordered = split(tasks).flat();
      const ok = (kind: Task["kind"]) => results.filter((r, i) => r.ok && ordered[i].kind === kind).length;
      expect(results).toHaveLength(36);
      expect(results.filter((r) => r.error)).toEqual([]); // refusals are answers, never crashes
      expect(ok("disburse")).toBe(1);
      expect(ok("countersign")).toBe(1);
      expect(ok("receive")).toBe(1);

      expect(await db.selectFrom("ledger_entries").select("id").where("idempotency_key", "=", `tranche:${milestones[0].id}`).execute()).toHaveLength(1);
      expect((await db.selectFrom("milestones").select("status").where("id", "=", milestones[0].id).executeTakeFirstOrThrow()).status).toBe("paid");
      expect((await db.selectFrom("agreements").select("status").where("id", "=", agreement.id).executeTakeFirstOrThrow()).status).toBe("signed");
      expect(await db.selectFrom("audit_log").select("id").where("action", "=", "agreement.signed").execute()).toHaveLength(1);
      expect(await db.selectFrom("milestones").select("id").where("agreement_id", "=", agreement.id).execute()).not.toHaveLength(0);
      const contribution = await db.selectFrom("contributions").selectAll().where("id", "=", pledge.contributionId).executeTakeFirstOrThrow();
      expect(contribution).toMatchObject({ status: "received", received_fen: 3_000_000, voucher_no: "PZ-MP-0001" });
      expect(await db.selectFrom("audit_log").select("id").where("action", "=", "contribution.received").where("entity_id", "=", String(pledge.contributionId)).execute()).toHaveLength(1);
      await expectLedgerBalanced(db);

      const verify = auditVerify(url);
      expect(verify.out).toContain("哈希链与链头锚点校验通过");
      expect(verify.code).toBe(0);
    } finally {
      await cleanup();
    }
  }, 180_000);

  it("100 submissions a minute before the deadline, split across both: every one lands exactly once", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    try {
      const fixture = await createCompetition(db);
      const closesAt = Date.parse(fixture.competition.registration_closes_at);
      const drafts = [];
      for (let i = 0; i < 100; i++) {
        drafts.push(await createApplicantWithProposal(db, fixture, { status: "draft", now: new Date(closesAt - 86_400_000) }));
      }
      const at = new Date(closesAt - 60_000).toISOString();
      const tasks: Task[] = drafts.map((d) => ({ kind: "submit", actorId: d.applicantId, proposalId: d.proposalId, at }));
      const results = await race(url, split(tasks));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.every((r) => r.value?.version === 1)).toBe(true);

      const ids = drafts.map((d) => d.proposalId);
      const rows = await db.selectFrom("proposals").select(["status", "version", "last_submitted_at"]).where("id", "in", ids).execute();
      expect(rows.every((p) => p.status === "submitted" && p.version === 1 && p.last_submitted_at === at)).toBe(true);
      const versions = await db.selectFrom("proposal_versions").select("proposal_id").where("proposal_id", "in", ids).execute();
      expect(versions.map((v) => v.proposal_id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      expect(await db.selectFrom("audit_log").select("id").where("action", "=", "proposal.submitted").execute()).toHaveLength(100);

      const verify = auditVerify(url);
      expect(verify.code, verify.out).toBe(0);
    } finally {
      await cleanup();
    }
  }, 240_000);
});
