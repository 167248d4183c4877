// The organizer's panel pages through their loaders and actions (and the ranking page rendered to
// HTML): invitations and letters, seeded assignment runs, adjustments with reasons, the ranking's
// explanations, award decisions and reopening a submitted score.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import * as ranking from "~/routes/organizer.ranking";
import { useFreshDatabase } from "../support/db";
import { callRoute, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown; default: (props: any) => any };

/** Server-renders a route module's page for a GET request, the way the browser first sees it. */
async function renderPage(mod: RouteModule, request: Request): Promise<string> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([{ id: "page", path, loader: (args) => mod.loader!({ ...args, context: {} }) as any, Component: mod.default }]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get("Location")}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(StaticRouterProvider, { router, context }));
}

describe("organizer ranking page", () => {
  it("renders each ranked row with its final score and the numbers behind it", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 2 });
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}`));
    expect(html).toContain(`data-testid="ranking-row" data-proposal-id="${world.proposals[0].proposalId}"`);
    expect(html).toMatch(/data-testid="final-score">90\.00</);
    await import("node:fs").then((fs) => fs.writeFileSync("/tmp/vorg/ranking.html", html));
  });
});
