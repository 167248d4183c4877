// A received contribution is checked against its pledge (issue 11 point 6).
import { accounts } from "~/domain/ledger";
import { tMaybe } from "~/i18n";
import { balanceOf } from "~/services/ledger.server";
import { createSponsor, pledgeContribution, receiveContribution } from "~/services/sponsors.server";
import { useFreshDatabase } from "../support/db";
import { createFinanceWorld } from "../support/factories-finance";

const now = new Date("2021-05-10T02:00:00Z");

describe("receiving a pledged contribution", () => {
  const t = useFreshDatabase();

  async function pledge(amount: string) {
    const world = await createFinanceWorld(t.db);
    const actor = { id: world.organizer.id, role: "organizer" };
    const sponsor = await createSponsor(t.db, actor, { name: "长安某企业", contact: "张经理 13900000000", username: "" }, now);
    if (!sponsor.ok) throw new Error("sponsor");
    const p = await pledgeContribution(t.db, actor, world.competition.id, { sponsorId: sponsor.sponsorId, amount, pledgedOn: "2021-04-20" }, now);
    if (!p.ok) throw new Error("pledge");
    return { world, actor, contributionId: p.contributionId };
  }

  it("refuses more than was pledged, with both amounts next to the amount field, and books nothing", async () => {
    const { world, actor, contributionId } = await pledge("100,000.00");
    const r = await receiveContribution(t.db, actor, { contributionId, amount: "100,000.01", receivedOn: "2021-05-10", voucherNo: "PZ-001" }, now);
    expect(r).toMatchObject({ ok: false, status: 400 });
    const message = tMaybe((r as { fieldErrors: Record<string, string> }).fieldErrors.amount);
    expect(message).toContain("100,000.01");
    expect(message).toContain("100,000.00");
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(0);
    const row = await t.db.selectFrom("contributions").select("status").where("id", "=", contributionId).executeTakeFirstOrThrow();
    expect(row.status).toBe("pledged");
  });

  it("books less than was pledged as it arrived, keeping the pledge to compare", async () => {
    const { world, actor, contributionId } = await pledge("100000");
    const r = await receiveContribution(t.db, actor, { contributionId, amount: "99,000", receivedOn: "2021-05-10", voucherNo: "PZ-002" }, now);
    expect(r).toMatchObject({ ok: true });
    expect(await balanceOf(t.db, accounts.pool(world.competition.id))).toBe(9_900_000);
    const row = await t.db.selectFrom("contributions").select(["pledged_fen", "received_fen"]).where("id", "=", contributionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ pledged_fen: 10_000_000, received_fen: 9_900_000 });
  });
});
