// The reviewer's queue and the notice desk stay one page long whatever the data: search and filters
// run on the server, page links carry them along, and a hand-edited page number still shows a page.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import * as reviewQueue from "~/routes/review._index";
import * as noticeDesk from "~/routes/organizer.notices._index";
import { useFreshDatabase } from "../support/db";
import { createUser, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();

type RouteModule = { loader?: (args: any) => unknown; default: (props: any) => any };

async function renderPage(mod: RouteModule, request: Request): Promise<string> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([{ id: "page", path, Component: mod.default, loader: (args) => mod.loader!({ ...args, params: {}, context: {} }) as any }]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get("Location")}`);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context })).replaceAll("<!-- -->", "");
}

async function worldOf(count: number, status: "submitted" | "passed") {
  const world = await createReviewedCompetition(ctx.db, { proposals: 0 });
  for (let i = 0; i < count; i++) {
    await createScoredProposal(ctx.db, {
      competitionId: world.competition.id, divisionId: world.divisions[i % 2 === 0 ? 0 : 1]?.id ?? world.divisions[0].id, categoryId: world.categories[0].id,
      experts: status === "passed" ? world.experts : [], title: `社区项目${i}`, deskPoints: 80 - (i % 40) * 0.5, livePoints: 80,
      requestedFen: 10_000_000,
    });
  }
  // awaiting 初审: submitted, nobody assigned yet
  if (status === "submitted") await ctx.db.updateTable("proposals").set({ status }).where("competition_id", "=", world.competition.id).execute();
  return world;
}

describe("reviewer queue at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="review-queue-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 50 proposals a page with the total, the rest on the next page, and searches on the server", async () => {
    const world = await worldOf(55, "submitted");
    const reviewer = await createUser(ctx.db, "reviewer");
    const base = `/review?competition=${world.competition.slug}`;
    const first = await renderPage(reviewQueue, await requestAs(reviewer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("共 55 份");
    expect(first).toContain("第 1 / 2 页，共 55 条");
    const second = await renderPage(reviewQueue, await requestAs(reviewer.id, `${base}&page=2`));
    expect(rowsIn(second)).toHaveLength(5);
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);
    // page links keep the filters
    const nav = first.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("status=submitted");
    expect(nav).toContain("page=2");

    const found = await renderPage(reviewQueue, await requestAs(reviewer.id, `${base}&q=${encodeURIComponent("社区项目42")}`));
    expect(rowsIn(found)).toHaveLength(1);
    const wild = await renderPage(reviewQueue, await requestAs(reviewer.id, `${base}&q=${encodeURIComponent("%")}`));
    expect(rowsIn(wild)).toHaveLength(0);
    const beyond = await renderPage(reviewQueue, await requestAs(reviewer.id, `${base}&page=abc`));
    expect(rowsIn(beyond)).toHaveLength(50);
  });
});

describe("notice desk at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="selection-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows one page of the current selection from the stored ranking, filtered by funded and by search", async () => {
    const world = await worldOf(55, "passed");
    const base = `/organizer/notices?competition=${world.competition.slug}`;
    const first = await renderPage(noticeDesk, await requestAs(world.organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    const second = await renderPage(noticeDesk, await requestAs(world.organizer.id, `${base}&page=2`));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);

    const funded = await renderPage(noticeDesk, await requestAs(world.organizer.id, `${base}&funded=funded`));
    const unfunded = await renderPage(noticeDesk, await requestAs(world.organizer.id, `${base}&funded=unfunded`));
    const fundedCount = Number(/共 (\d+) 条/.exec(funded)![1]);
    const unfundedCount = Number(/共 (\d+) 条/.exec(unfunded)![1]);
    expect(fundedCount).toBeGreaterThan(0);
    expect(unfundedCount).toBeGreaterThan(0);
    expect(fundedCount + unfundedCount).toBe(55);

    const found = await renderPage(noticeDesk, await requestAs(world.organizer.id, `${base}&q=${encodeURIComponent("社区项目7")}`));
    expect(rowsIn(found)).toHaveLength(1);
  });
});
