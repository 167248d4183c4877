import { sql } from "kysely";
import { LedgerError, accounts, commitmentEntry, contributionEntry } from "~/domain/ledger";
import { balanceOf, ledgerIntegrity, postEntry } from "~/services/ledger.server";
import { useFreshDatabase } from "../support/db";
import { createFinanceWorld, fundPool } from "../support/factories-finance";

describe("the ledger service", () => {
  const t = useFreshDatabase();
  const now = new Date("2021-05-10T02:00:00Z");

  it("derives balances from the lines: received money sits in the pool and the sponsor's account", async () => {
    const world = await createFinanceWorld(t.db);
    const { sponsorId } = await fundPool(t.db, world, 1_000_000);
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(1_000_000);
    expect(await balanceOf(t.db, accounts.sponsor(world.competition.id, sponsorId))).toBe(1_000_000);
    expect(await t.db.selectFrom("ledger_accounts").select("code").execute()).not.toHaveLength(0);
  });

  it("returns the original entry when the same key is retried with the same content", async () => {
    const world = await createFinanceWorld(t.db);
    const draft = contributionEntry({ competitionId: world.competition.id, sponsorId: 1, contributionId: 99, amountFen: 500, memo: "first" });
    const first = await postEntry(t.db, draft, null, now);
    const retry = await postEntry(t.db, { ...draft, memo: "retried" }, null, now);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ entryId: first.entryId, replayed: true });
    expect(await t.db.selectFrom("ledger_entries").select("id").execute()).toHaveLength(1);
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(500);
  });

  it("refuses the same key with different content", async () => {
    const world = await createFinanceWorld(t.db);
    const draft = contributionEntry({ competitionId: world.competition.id, sponsorId: 1, contributionId: 99, amountFen: 500, memo: "" });
    await postEntry(t.db, draft, null, now);
    const changed = contributionEntry({ competitionId: world.competition.id, sponsorId: 1, contributionId: 99, amountFen: 501, memo: "" });
    await expect(postEntry(t.db, changed, null, now)).rejects.toMatchObject({ key: "finance.error.idempotencyConflict" });
  });

  it("refuses an entry that would take the pool below zero and writes nothing", async () => {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 1000);
    const err = await postEntry(t.db, commitmentEntry({ competitionId: world.competition.id, agreementId: 1, amountFen: 1001, memo: "" }), null, now).catch((e) => e);
    expect(err).toBeInstanceOf(LedgerError);
    expect(err.key).toBe("finance.error.poolInsufficient");
    expect(await t.db.selectFrom("ledger_entries").select("id").execute()).toHaveLength(1);
  });

  it("keeps entries and lines append-only", async () => {
    const world = await createFinanceWorld(t.db);
    await fundPool(t.db, world, 1000);
    await expect(sql`update ledger_lines set amount_fen = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_entries`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await ledgerIntegrity(t.db)).toMatchObject({ debit: 1000, credit: 1000, unbalancedEntries: [] });
  });
});
