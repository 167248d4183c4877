// The organizer's panel reliability page on the seeded 2021 panel: figures for the whole panel, each
// division and each criterion, computed from the submitted desk scores only, and for organizers only.
import { icc2, krippendorffAlphaInterval, largestCompleteBlock } from "~/domain/reliability";
import { loadPanelReliability } from "~/services/reliability.server";
import * as reliabilityPage from "~/routes/organizer.reliability";
import * as rankingPage from "~/routes/organizer.ranking";
import { renderPage } from "../support/render";
import * as reliabilityExportRoute from "~/routes/organizer.reliability.export.$format";
import { seedDemo } from "../../seeds/demo";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";

const t = useFreshDatabase();

async function seeded() {
  await seedDemo(t.db, new Date("2026-11-23T01:00:00Z"));
  const competition = await t.db.selectFrom("competitions").selectAll().where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
  const users = Object.fromEntries((await t.db.selectFrom("users").select(["username", "id"]).execute()).map((u) => [u.username, u.id]));
  return { competition, users };
}

describe("panel reliability", () => {
  it("computes alpha and ICC from every submitted desk score of the competition, overall and per division and criterion", async () => {
    const { competition, users } = await seeded();
    const result = await loadPanelReliability(t.db, { id: users.organizer, role: "organizer" }, competition.id);

    const submitted = await t.db
      .selectFrom("scores")
      .innerJoin("assignments", "assignments.id", "scores.assignment_id")
      .select(["assignments.proposal_id", "assignments.expert_id", "scores.total_centi"])
      .where("assignments.competition_id", "=", competition.id)
      .where("assignments.round", "=", "desk")
      .where("assignments.active", "=", 1)
      .where("scores.status", "=", "submitted")
      .execute();
    expect(submitted.length).toBeGreaterThan(100);
    const ratings = submitted.map((s) => ({ unit: s.proposal_id, rater: s.expert_id, value: s.total_centi / 100 }));

    expect(result.overall.ratings).toBe(submitted.length);
    expect(result.overall.alpha).toBeCloseTo(krippendorffAlphaInterval(ratings)!.alpha, 10);
    const block = largestCompleteBlock(ratings);
    expect(result.overall.block).toEqual({ proposals: block.units.length, experts: block.raters.length });
    if (block.units.length) expect(result.overall.iccSingle?.estimate).toBeCloseTo(icc2(block.matrix)!.single.estimate, 10);

    expect(result.byDivision.map((d) => d.label)).toEqual(["韦曲赛区", "郭杜赛区"]);
    expect(result.byDivision.reduce((s, d) => s + d.ratings, 0)).toBe(submitted.length);
    expect(result.byCriterion.length).toBeGreaterThanOrEqual(3);
    for (const c of result.byCriterion) expect(c.ratings).toBe(submitted.length);
  });

  it("is for organizers only: an expert asking the service is refused, the page sends others away", async () => {
    const { competition, users } = await seeded();
    await expect(loadPanelReliability(t.db, { id: users.expert, role: "expert" }, competition.id)).rejects.toMatchObject({ status: 403 });
    const response = await callRoute(reliabilityPage.loader, await requestAs(users.expert, "/organizer/reliability"));
    expect([302, 403, 404]).toContain((response as Response).status);
  });

  it("renders the figures with a reading for the organizer", async () => {
    const { users } = await seeded();
    const response = (await callRoute(reliabilityPage.loader, await requestAs(users.organizer, "/organizer/reliability?competition=changan-2021"))) as Response;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reliability: { overall: { reading: string; ratings: number } } };
    expect(body.reliability.overall.ratings).toBeGreaterThan(100);
    expect(["poor", "moderate", "good", "excellent"]).toContain(body.reliability.overall.reading);
  });

  it("shows the same overall figures and reading on the ranking page", async () => {
    const { competition, users } = await seeded();
    const full = await loadPanelReliability(t.db, { id: users.organizer, role: "organizer" }, competition.id);
    const html = await renderPage(rankingPage, await requestAs(users.organizer, "/organizer/ranking?competition=changan-2021"));
    expect(html).toContain(`data-testid="ranking-reliability" data-reading="${full.overall.reading}"`);
    expect(html).toContain(`ICC(2,1) ${full.overall.iccSingle!.estimate.toFixed(2)}`);
    expect(html).toContain(`Krippendorff α ${full.overall.alpha!.toFixed(2)}`);
  });

  it("exports the same figures as CSV for the organizer, and refuses an expert", async () => {
    const { users } = await seeded();
    const response = (await callRoute(reliabilityExportRoute.loader, await requestAs(users.organizer, "/organizer/reliability/export/csv?competition=changan-2021"), { format: "csv" })) as Response;
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("ICC(2,1)");
    expect(text).toContain("总分（全部赛区）");
    expect(text).toMatch(/\d\.\d\d（-?\d\.\d\d–\d\.\d\d）/);
    const refused = (await callRoute(reliabilityExportRoute.loader, await requestAs(users.expert, "/organizer/reliability/export/csv?competition=changan-2021"), { format: "csv" })) as Response;
    expect([302, 403, 404]).toContain(refused.status);
  });
});
