// The public money figures are computed once per change of what they read and reused in between:
// a repeat view sends only the version check (and the page's other reads), a payment, a contribution
// or a termination shows on the very next view — also through another handle on the same database.
import * as transparencyRoute from "~/routes/transparency";
import * as competitionTransparency from "~/routes/competitions.$slug.transparency";
import { loadTransparency } from "~/services/dashboard.server";
import { releaseSigningTranche, terminateAgreement } from "~/services/milestones.server";
import { openDatabase } from "../../db/connection";
import { createTestDbFile, useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { countStatements } from "../support/statements";

const t = useFreshDatabase();

async function view(url = "/transparency") {
  const res = await callRoute(transparencyRoute.loader, await requestAs(null, url));
  expect(res.status).toBe(200);
  return (await res.json()).page;
}
const statementsOfView = () => countStatements(t.db, () => view());

async function setup() {
  const world = await createFinanceWorld(t.db);
  await fundPool(t.db, world, 30_000_000, { name: "陕西长安建设集团" });
  const a = await createSignedAgreementWithMilestones(t.db, world, 8_000_000, { title: "银龄互助课堂" });
  return { world, ...a, organizer: { id: world.organizer.id, role: "organizer" } };
}

describe("transparency figures cache", () => {
  it("does not recompute on a repeat view, and recomputes on the next view after a payment", async () => {
    const s = await setup();
    const first = await statementsOfView();
    const repeat = await statementsOfView();
    expect(repeat).toBeLessThan(first);
    expect(await statementsOfView()).toBe(repeat);

    expect((await view()).totals.paidFen).toBe(0);
    await releaseSigningTranche(t.db, s.organizer, { milestoneId: s.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    expect(await statementsOfView()).toBe(first);
    const page = await view();
    expect(page.totals).toMatchObject({ paidFen: 4_000_000, poolFen: 22_000_000 });
    expect(page.projects[0]).toMatchObject({ id: s.agreementId, paidFen: 4_000_000 });
    expect(await statementsOfView()).toBe(repeat);
  });

  it("shows a new contribution and a termination on the next view", async () => {
    const s = await setup();
    expect((await view()).totals.receivedFen).toBe(30_000_000);
    await fundPool(t.db, s.world, 5_000_000, { name: "西安某银行" });
    const page = await view();
    expect(page.totals.receivedFen).toBe(35_000_000);
    expect(page.sponsors.map((x: { name: string }) => x.name)).toEqual(["陕西长安建设集团", "西安某银行"]);

    await terminateAgreement(t.db, s.organizer, { agreementId: String(s.agreementId), reason: "严重违反协议约定" }, new Date("2021-09-01T02:00:00Z"));
    const after = await view();
    expect(after.projects[0].status).toBe("terminated");
    expect(after.totals.committedFen).toBe(0);
  });

  it("shows a renamed project and keeps each competition's figures apart", async () => {
    const s = await setup();
    const res = await callRoute(competitionTransparency.loader, await requestAs(null, `/competitions/${s.world.competition.slug}/transparency`), { slug: s.world.competition.slug });
    expect((await res.json()).page.projects[0].title).toBe("银龄互助课堂");
    await t.db.updateTable("proposals").set({ title: "银龄互助课堂（二期）" }).where("id", "=", s.proposalId).execute();
    expect((await view()).projects[0].title).toBe("银龄互助课堂（二期）");
  });

  it("sees a payment made through another handle on the same database (another process)", async () => {
    const shared = await createTestDbFile();
    const two = openDatabase(shared.url);
    try {
      const one = shared.db;
      const world = await createFinanceWorld(one);
      await fundPool(one, world, 30_000_000, { name: "陕西长安建设集团" });
      const a = await createSignedAgreementWithMilestones(one, world, 8_000_000, { title: "银龄互助课堂" });
      expect((await loadTransparency(one))?.totals.paidFen).toBe(0);
      expect((await loadTransparency(two))?.totals.paidFen).toBe(0);
      await releaseSigningTranche(two, { id: world.organizer.id, role: "organizer" }, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
      expect((await loadTransparency(one))?.totals.paidFen).toBe(4_000_000);
    } finally {
      await two.destroy();
      await shared.cleanup();
    }
  });
});
