// Model-based property test of the money flow through the real services and a real database:
// random sequences of contributions, signings, releases, passes, fails, terminations, recoveries and
// retries (of whole requests, and of any posted entry with its idempotency key). After every step the ledger balances (overall and per entry), no account is below zero
// on its normal side, and every balance equals what a simple model of the rules expects.
import fc from "fast-check";
import { type EntryDraft, accounts } from "~/domain/ledger";
import { splitByPercents } from "~/domain/money";
import { competitionBalances, ledgerIntegrity, postEntry } from "~/services/ledger.server";
import { evaluateMilestone, recordMissedDeadline, recordRecovery, releaseSigningTranche, submitMilestoneReport, terminateAgreement } from "~/services/milestones.server";
import { createSponsor, pledgeContribution, receiveContribution } from "~/services/sponsors.server";
import { DEFAULT_RULES } from "~/domain/competition-rules";
import type { DB } from "../../db/connection";
import { createTestDb, onPostgres } from "../support/db";
import { createContractedProposal, createFinanceWorld, signAgreement } from "../support/factories-finance";

type Op =
  | { t: "contribute"; sponsor: number; amount: number }
  | { t: "sign"; amount: number }
  | { t: "release"; a: number }
  | { t: "report"; a: number; pass: boolean }
  | { t: "terminate"; a: number }
  | { t: "miss"; a: number }
  | { t: "recover"; a: number; pct: number }
  | { t: "retryRecovery" }
  | { t: "retryRelease"; a: number }
  | { t: "retryEntry"; pick: number; tamper: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("contribute" as const), sponsor: fc.integer({ min: 0, max: 1 }), amount: fc.integer({ min: 1, max: 6_000_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("sign" as const), amount: fc.integer({ min: 1, max: 4_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("release" as const), a: fc.nat(5) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant("report" as const), a: fc.nat(5), pass: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("terminate" as const), a: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("miss" as const), a: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("recover" as const), a: fc.nat(5), pct: fc.integer({ min: 1, max: 150 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: "retryRecovery" as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("retryRelease" as const), a: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("retryEntry" as const), pick: fc.nat(1000), tamper: fc.boolean() }) },
);

/** Rebuilds a posted entry as a draft, as a client retrying the same request would send it. */
async function reloadDraft(db: DB, entryId: number): Promise<EntryDraft> {
  const entry = await db.selectFrom("ledger_entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom("ledger_lines")
    .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
    .select(["ledger_accounts.code", "ledger_accounts.kind", "ledger_accounts.competition_id", "ledger_accounts.ref_id", "ledger_lines.side", "ledger_lines.amount_fen"])
    .where("ledger_lines.entry_id", "=", entryId)
    .orderBy("ledger_lines.id")
    .execute();
  return {
    idempotencyKey: entry.idempotency_key,
    kind: entry.kind as EntryDraft["kind"],
    memo: entry.memo,
    competitionId: entry.competition_id,
    lines: lines.map((l) => ({
      account: { code: l.code, kind: l.kind, competitionId: l.competition_id, refId: l.ref_id },
      side: l.side,
      amountFen: Number(l.amount_fen),
    })),
  };
}

interface ModelAgreement {
  id: number;
  applicantId: number;
  organizationId: number;
  status: "signed" | "terminated" | "completed";
  milestones: { id: number; amount: number; requiresReport: boolean; status: string; fails: number; dueOn: string }[];
  committed: number;
}

interface Model {
  pool: number;
  sponsors: number[];
  agreements: ModelAgreement[];
  paid: Map<number, number>;
  recovered: Map<number, number>;
  lastRecovery: { agreementId: number; amount: string; requestKey: string } | null;
}

const percents = DEFAULT_RULES.tranches.map((t) => t.percent);
const now = new Date("2021-08-10T02:00:00Z");

async function checkInvariants(db: DB, competitionId: number, model: Model, sponsorIds: number[]) {
  const integrity = await ledgerIntegrity(db);
  expect(integrity.unbalancedEntries).toEqual([]);
  expect(integrity.debit).toBe(integrity.credit);
  const balances = await competitionBalances(db, competitionId);
  for (const b of balances) expect(b.balanceFen, b.code).toBeGreaterThanOrEqual(0);
  const byCode = new Map(balances.map((b) => [b.code, b.balanceFen]));
  const get = (code: string) => byCode.get(code) ?? 0;
  expect(get(accounts.pool(competitionId).code)).toBe(model.pool);
  sponsorIds.forEach((s, i) => expect(get(accounts.sponsor(competitionId, s).code)).toBe(model.sponsors[i]));
  for (const a of model.agreements) {
    expect(get(accounts.commitment(competitionId, a.id).code)).toBe(a.committed);
    expect(get(accounts.paid(competitionId, a.organizationId).code)).toBe(model.paid.get(a.organizationId) ?? 0);
    expect(get(accounts.recovered(competitionId, a.organizationId).code)).toBe(model.recovered.get(a.organizationId) ?? 0);
  }
  // where the money is: pool + commitments + paid − recovered = what sponsors handed over
  const sum = (kind: string) => balances.filter((b) => b.kind === kind).reduce((s, b) => s + b.balanceFen, 0);
  expect(sum("pool") + sum("commitment") + sum("paid") - sum("recovered")).toBe(sum("sponsor"));
}

async function run(ops: Op[]) {
  const db = await createTestDb();
  try {
    const world = await createFinanceWorld(db);
    const organizer = { id: world.organizer.id, role: "organizer" };
    const competitionId = world.competition.id;
    const sponsorIds: number[] = [];
    for (const name of ["甲公司", "乙公司"]) {
      const r = await createSponsor(db, organizer, { name, contact: "联系人" }, now);
      if (!r.ok) throw new Error("sponsor");
      sponsorIds.push(r.sponsorId);
    }
    const model: Model = { pool: 0, sponsors: [0, 0], agreements: [], paid: new Map(), recovered: new Map(), lastRecovery: null };
    let seq = 0;
    const pay = (a: ModelAgreement, m: ModelAgreement["milestones"][number]) => {
      m.status = "paid";
      a.committed -= m.amount;
      model.paid.set(a.organizationId, (model.paid.get(a.organizationId) ?? 0) + m.amount);
      if (a.milestones.every((x) => x.status === "paid")) a.status = "completed";
    };
    const terminate = (a: ModelAgreement) => {
      model.pool += a.committed;
      a.committed = 0;
      a.status = "terminated";
      for (const m of a.milestones) if (["pending", "submitted", "rectifying"].includes(m.status)) m.status = "cancelled";
    };

    for (const op of ops) {
      seq += 1;
      const a = "a" in op && model.agreements.length ? model.agreements[op.a % model.agreements.length] : undefined;
      if (op.t === "contribute") {
        const amount = (op.amount / 100).toFixed(2);
        const pledge = await pledgeContribution(db, organizer, competitionId, { sponsorId: sponsorIds[op.sponsor], amount, pledgedOn: "2021-04-20" }, now);
        if (!pledge.ok) throw new Error("pledge");
        const r = await receiveContribution(db, organizer, { contributionId: pledge.contributionId, amount, receivedOn: "2021-05-01", voucherNo: `PZ-${seq}` }, now);
        expect(r).toMatchObject({ ok: true });
        model.pool += op.amount;
        model.sponsors[op.sponsor] += op.amount;
      } else if (op.t === "sign") {
        const p = await createContractedProposal(db, world, { amountFen: op.amount });
        const attempt = signAgreement(db, world, p.proposalId, op.amount, now);
        if (op.amount > model.pool) {
          await expect(attempt).rejects.toMatchObject({ key: "finance.error.poolInsufficient" });
          expect(await db.selectFrom("agreements").select("id").where("proposal_id", "=", p.proposalId).executeTakeFirst()).toBeUndefined();
        } else {
          const id = await attempt;
          const rows = await db.selectFrom("milestones").selectAll().where("agreement_id", "=", id).orderBy("seq").execute();
          const expected = splitByPercents(op.amount, percents);
          expect(rows.map((r) => r.amount_fen)).toEqual(expected);
          model.pool -= op.amount;
          model.agreements.push({
            id, applicantId: p.applicantId, organizationId: p.organizationId, status: "signed", committed: op.amount,
            milestones: rows.map((r) => ({ id: r.id, amount: r.amount_fen, requiresReport: !!r.requires_report, status: "pending", fails: 0, dueOn: r.due_on })),
          });
        }
      } else if ((op.t === "release" || op.t === "retryRelease") && a) {
        const m = a.milestones[0];
        const r = await releaseSigningTranche(db, organizer, { milestoneId: m.id }, now);
        const allowed = a.status === "signed" && m.status === "pending";
        expect(r.ok).toBe(allowed);
        if (allowed) pay(a, m);
      } else if (op.t === "report" && a) {
        const idx = a.milestones.findIndex((m) => m.status !== "paid");
        const m = a.milestones[idx];
        const open = a.status === "signed" && !!m && m.requiresReport && ["pending", "rectifying"].includes(m.status);
        const s = m ? await submitMilestoneReport(db, { id: a.applicantId, role: "applicant" }, { milestoneId: m.id, summary: "按计划完成了阶段活动与台账" }, [], now) : null;
        if (s) expect(s.ok).toBe(open);
        if (open && m) {
          m.status = "submitted";
          const e = await evaluateMilestone(db, organizer, { milestoneId: m.id, score: op.pass ? "85" : "40", note: "评估意见" }, now);
          expect(e.ok).toBe(true);
          if (op.pass) pay(a, m);
          else if (m.fails === 0) {
            m.fails = 1;
            m.status = "rectifying";
            m.dueOn = "2021-09-09"; // 30 days from the evaluation on 2021-08-10
          } else {
            m.fails = 2;
            m.status = "failed";
            terminate(a);
          }
        }
      } else if (op.t === "miss" && a) {
        // the organizer records a missing report long after every due date
        const late = new Date("2023-06-01T02:00:00Z");
        const m = a.milestones.find((x) => x.status !== "paid");
        const allowed = a.status === "signed" && !!m && m.requiresReport && ["pending", "rectifying"].includes(m.status) && m.dueOn < "2023-06-01";
        const r = m ? await recordMissedDeadline(db, organizer, { milestoneId: m.id, note: "逾期未交" }, late) : null;
        if (r) expect(r.ok).toBe(allowed);
        if (allowed && m) {
          if (m.fails === 0) {
            m.fails = 1;
            m.status = "rectifying";
            m.dueOn = "2023-07-01";
          } else {
            m.fails = 2;
            m.status = "failed";
            terminate(a);
          }
        }
      } else if (op.t === "terminate" && a) {
        const r = await terminateAgreement(db, organizer, { agreementId: a.id, reason: "严重违约" }, now);
        expect(r.ok).toBe(a.status === "signed");
        if (a.status === "signed") terminate(a);
      } else if (op.t === "recover" && a) {
        const requestKey = `req-${seq}-abcdef`;
        const room = (model.paid.get(a.organizationId) ?? 0) - (model.recovered.get(a.organizationId) ?? 0);
        // a share of what can still be recovered, sometimes more than that (up to 150%)
        const amount = Math.max(1, Math.floor((room * op.pct) / 100));
        const input = { agreementId: a.id, amount: (amount / 100).toFixed(2), receivedOn: "2021-12-01", note: "退回", requestKey };
        const r = await recordRecovery(db, organizer, input, now);
        expect(r.ok).toBe(amount <= room);
        if (r.ok) {
          model.pool += amount;
          model.recovered.set(a.organizationId, (model.recovered.get(a.organizationId) ?? 0) + amount);
          model.lastRecovery = input;
        }
      } else if (op.t === "retryEntry") {
        // a retry of any posted entry with the same key: same content replays, changed content is refused
        const all = await db.selectFrom("ledger_entries").select("id").orderBy("id").execute();
        if (all.length) {
          const draft = await reloadDraft(db, all[op.pick % all.length].id);
          if (op.tamper) {
            const changed = { ...draft, lines: draft.lines.map((l) => ({ ...l, amountFen: l.amountFen + 1 })) };
            await expect(postEntry(db, changed, organizer.id, now)).rejects.toMatchObject({ key: "finance.error.idempotencyConflict" });
          } else {
            expect(await postEntry(db, draft, organizer.id, now)).toEqual({ entryId: all[op.pick % all.length].id, replayed: true });
          }
        }
      } else if (op.t === "retryRecovery" && model.lastRecovery) {
        const r = await recordRecovery(db, organizer, model.lastRecovery, now);
        expect(r).toMatchObject({ ok: true, replayed: true });
      }
      await checkInvariants(db, competitionId, model, sponsorIds);
    }
    // every tranche is paid at most once
    const keys = await db.selectFrom("ledger_entries").select("idempotency_key").where("kind", "=", "tranche").execute();
    expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(keys.length);
  } finally {
    await db.destroy();
  }
}

// Each query is a network round trip on PostgreSQL (microseconds in SQLite's memory): fewer sequences there,
// the same property; the SQLite run keeps the full 60.
const RUNS = onPostgres ? 15 : 60;

describe("the money flow under random operation sequences", () => {
  it("always balances, never overdraws and matches the model's balances", async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 15, maxLength: 40, size: "max" }), run), { numRuns: RUNS });
  }, 120_000);
});
