import { accounts } from "~/domain/ledger";
import { balanceOf, ledgerIntegrity } from "~/services/ledger.server";
import { loadSponsorView } from "~/services/sponsors.server";
import { writeTransaction } from "../../db/connection";
import { seedDemoDisbursements } from "../../seeds/demo-finance";
import { seedDemo } from "../../seeds/demo";
import { useFreshDatabase } from "../support/db";
import { signAgreement, createContractedProposal } from "../support/factories-finance";

describe("the finance demo seed", () => {
  const t = useFreshDatabase();

  async function seeded() {
    await seedDemo(t.db, new Date("2021-04-18T02:00:00Z"));
    const competition = await t.db.selectFrom("competitions").selectAll().where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
    const users = Object.fromEntries((await t.db.selectFrom("users").select(["username", "id"]).execute()).map((u) => [u.username, u.id]));
    return { competition, users };
  }

  it("receives 4,100,000 yuan from five sponsors in April–May 2021, one of them the demo sponsor account", async () => {
    const { competition, users } = await seeded();
    const contributions = await t.db.selectFrom("contributions").selectAll().execute();
    expect(contributions.length).toBeGreaterThanOrEqual(5);
    const received = contributions.filter((c) => c.status === "received");
    expect(received.reduce((s, c) => s + c.received_fen, 0)).toBe(410_000_000);
    expect(received.every((c) => c.received_on! >= "2021-04-01" && c.received_on! <= "2021-05-31")).toBe(true);
    const view = await loadSponsorView(t.db, users.sponsor);
    expect(view?.sponsor.name).toBe("陕西长安建设集团有限公司");
    const integrity = await ledgerIntegrity(t.db);
    expect(integrity.debit).toBe(integrity.credit);
    const pool = await balanceOf(t.db, accounts.pool(competition.id));
    const agreements = await t.db.selectFrom("agreements").select("amount_fen").where("status", "in", ["signed", "completed"]).execute();
    expect(pool).toBeLessThanOrEqual(410_000_000);
    expect(pool + agreements.reduce((s, a) => s + a.amount_fen, 0)).toBe(410_000_000);
  });

  it("pays first tranches in August 2021, passes mid-term reports, and has one failed-then-rectified report", async () => {
    const { competition, users } = await seeded();
    // Agreements signed the way the notice seed signs them (the hook commits the pool); any already
    // paid by the seed are left alone.
    const world = { competition, divisions: await t.db.selectFrom("divisions").selectAll().where("competition_id", "=", competition.id).execute(), categories: await t.db.selectFrom("categories").selectAll().where("competition_id", "=", competition.id).execute(), organizer: { id: users.organizer }, noticeId: 0 };
    const notice = await t.db
      .insertInto("notices")
      .values({ competition_id: competition.id, version: 99, title: "公示", body: "公示", snapshot_json: "{}", sha256: "0".repeat(64), published_at: "2021-07-05T02:00:00.000Z", published_by: users.organizer, period_starts_on: "2021-07-05", period_ends_on: "2021-07-09", period_ends_at: "2021-07-09T15:59:59.999Z", supersedes_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    world.noticeId = notice.id;
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await createContractedProposal(t.db, world as never, { amountFen: 8_000_000 });
      ids.push(await signAgreement(t.db, world as never, p.proposalId, 8_000_000, new Date("2021-07-20T02:00:00Z")));
    }
    await writeTransaction(t.db, (trx) =>
      seedDemoDisbursements(trx, { competitionId: competition.id, users: users as never, passwordHash: "", now: new Date() }),
    );
    const ms = await t.db.selectFrom("milestones").selectAll().where("agreement_id", "in", ids).orderBy("agreement_id").orderBy("seq").execute();
    const firsts = ms.filter((m) => m.seq === 1);
    expect(firsts.every((m) => m.status === "paid")).toBe(true);
    const entries = await t.db.selectFrom("ledger_entries").select(["idempotency_key", "created_at"]).where("kind", "=", "tranche").execute();
    for (const m of firsts) expect(entries.find((e) => e.idempotency_key === `tranche:${m.id}`)?.created_at.slice(0, 7)).toBe("2021-08");
    const mid = ms.filter((m) => m.seq === 2);
    expect(mid.filter((m) => m.status === "paid").length).toBeGreaterThanOrEqual(3);
    expect(mid.filter((m) => m.fail_count === 1 && m.status === "paid")).toHaveLength(1);
    expect((await ledgerIntegrity(t.db)).unbalancedEntries).toEqual([]);
  });
});
