// Racing clicks and racing signings from separate connections to one database file: the checks and
// the writes happen inside one BEGIN IMMEDIATE transaction, so money is paid once and never overdrawn.
import { openDatabase } from "../../db/connection";
import { accounts } from "~/domain/ledger";
import { balanceOf, ledgerIntegrity } from "~/services/ledger.server";
import { evaluateMilestone, releaseSigningTranche, submitMilestoneReport } from "~/services/milestones.server";
import { createTestDbFile } from "../support/db";
import { createContractedProposal, createFinanceWorld, createSignedAgreementWithMilestones, fundPool, signAgreement } from "../support/factories-finance";

const now = new Date("2021-08-10T02:00:00Z");

describe("concurrent money operations", () => {
  it("two organizers passing the same report at once pay the tranche once and record one evaluation", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const a = openDatabase(url);
    const b = openDatabase(url);
    try {
      const world = await createFinanceWorld(db);
      await fundPool(db, world, 10_000_000);
      const s = await createSignedAgreementWithMilestones(db, world, 8_000_000);
      const organizer = { id: world.organizer.id, role: "organizer" };
      await releaseSigningTranche(db, organizer, { milestoneId: s.milestones[0].id }, now);
      await submitMilestoneReport(db, { id: s.applicantId, role: "applicant" }, { milestoneId: s.milestones[1].id, summary: "中期活动已开展十二场" }, [], now);
      const input = { milestoneId: s.milestones[1].id, score: "85", note: "良好" };
      const results = await Promise.all([evaluateMilestone(a, organizer, input, now), evaluateMilestone(b, organizer, input, now)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ status: 409, fieldErrors: { _form: "finance.error.alreadyPaid" } });
      expect(await db.selectFrom("milestone_evaluations").select("id").execute()).toHaveLength(1);
      expect(await db.selectFrom("ledger_entries").select("id").where("idempotency_key", "=", `tranche:${s.milestones[1].id}`).execute()).toHaveLength(1);
      expect(await balanceOf(db, accounts.paid(world.competition.id, s.organizationId))).toBe(6_400_000);
    } finally {
      await a.destroy();
      await b.destroy();
      await cleanup();
    }
  });

  it("two signings that together exceed the pool: exactly one commits, the other is refused", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const a = openDatabase(url);
    const b = openDatabase(url);
    try {
      const world = await createFinanceWorld(db);
      await fundPool(db, world, 10_000_000);
      const p1 = await createContractedProposal(db, world);
      const p2 = await createContractedProposal(db, world);
      const results = await Promise.allSettled([
        signAgreement(a, world, p1.proposalId, 6_000_000, now),
        signAgreement(b, world, p2.proposalId, 6_000_000, now),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ key: "finance.error.poolInsufficient" });
      expect(await db.selectFrom("agreements").select("id").execute()).toHaveLength(1);
      expect(await balanceOf(db, accounts.pool(world.competition.id))).toBe(4_000_000);
      expect((await ledgerIntegrity(db)).unbalancedEntries).toEqual([]);
    } finally {
      await a.destroy();
      await b.destroy();
      await cleanup();
    }
  });
});

describe("paying the same tranche from two connections at once", () => {
  it("pays it exactly once; the other click is told it is already paid", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const a = openDatabase(url);
    const b = openDatabase(url);
    try {
      const world = await createFinanceWorld(db);
      await fundPool(db, world, 10_000_000);
      const { milestones, agreementId } = await createSignedAgreementWithMilestones(db, world, 8_000_000);
      const first = milestones[0];
      const actor = { id: world.organizer.id, role: "organizer" };
      const now = new Date("2021-08-10T02:00:00Z");
      const results = await Promise.all([
        releaseSigningTranche(a, actor, { milestoneId: first.id }, now),
        releaseSigningTranche(b, actor, { milestoneId: first.id }, now),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ status: 409, fieldErrors: { _form: "finance.error.alreadyPaid" } });
      const payments = await db.selectFrom("ledger_entries").select("idempotency_key").where("kind", "=", "tranche").execute();
      expect(payments).toEqual([{ idempotency_key: `tranche:${first.id}` }]);
      expect(await balanceOf(db, accounts.commitment(world.competition.id, agreementId))).toBe(4_000_000);
      expect((await db.selectFrom("milestones").select("status").where("id", "=", first.id).executeTakeFirstOrThrow()).status).toBe("paid");
    } finally {
      await a.destroy();
      await b.destroy();
      await cleanup();
    }
  });

  it("still pays once when many clicks race on several connections", async () => {
    const { db, url, cleanup } = await createTestDbFile();
    const conns = Array.from({ length: 4 }, () => openDatabase(url));
    try {
      const world = await createFinanceWorld(db);
      await fundPool(db, world, 10_000_000);
      const { milestones } = await createSignedAgreementWithMilestones(db, world, 8_000_000);
      const actor = { id: world.organizer.id, role: "organizer" };
      const now = new Date("2021-08-10T02:00:00Z");
      const results = await Promise.all(conns.flatMap((c) => [1, 2, 3].map(() => releaseSigningTranche(c, actor, { milestoneId: milestones[0].id }, now))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.selectFrom("ledger_entries").select("id").where("kind", "=", "tranche").execute()).toHaveLength(1);
    } finally {
      await Promise.all(conns.map((c) => c.destroy()));
      await cleanup();
    }
  });
});
