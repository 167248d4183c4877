// The organizer's panel pages through their loaders and actions (and the ranking page rendered to
// HTML): invitations and letters, seeded assignment runs, adjustments with reasons, the ranking's
// explanations, award decisions and reopening a submitted score.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import * as experts from "~/routes/organizer.experts._index";
import * as letter from "~/routes/organizer.experts.letters.$id";
import * as ranking from "~/routes/organizer.ranking";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown; default: (props: any) => any };

/** Server-renders a route module's page for a GET request, the way the browser first sees it. */
async function renderPage(mod: RouteModule, request: Request, params: Record<string, string> = {}): Promise<string> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([{ id: "page", path, loader: (args) => mod.loader!({ ...args, params, context: {} }) as any, Component: mod.default }]);
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
  });
});

describe("organizer experts page", () => {
  async function setup() {
    const { db } = ctx;
    const { competition, divisions } = await createCompetition(db);
    const organizer = await createUser(db, "organizer");
    return { db, competition, divisions, organizer };
  }
  const invite = async (organizerId: number, fields: Record<string, string>) =>
    callRoute(experts.action, await requestAs(organizerId, "/organizer/experts", { method: "POST", body: formBody({ intent: "invite", ...fields }) }));

  it("shows the one-time link right after inviting, stores only its hash, and never shows it again", async () => {
    const { db, competition, organizer } = await setup();
    const response = await invite(organizer.id, { competitionId: String(competition.id), username: "wang.laoshi", displayName: "王老师", divisionId: "" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.link).toMatch(/^http:\/\/localhost\/invite\/[A-Za-z0-9_-]{40,}$/);
    const token = body.link.split("/").pop();
    const stored = await db.selectFrom("expert_invites").selectAll().where("user_id", "=", body.expertId).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_sha256).not.toContain(token);
    expect(stored[0].token_sha256).toMatch(/^[0-9a-f]{64}$/);

    const request = await requestAs(organizer.id, `/organizer/experts?competition=${competition.id}`);
    const listed = await (await callRoute(experts.loader, request)).text();
    expect(listed).toContain("王老师");
    expect(listed).not.toContain(token);
    const html = await renderPage(experts as RouteModule, await requestAs(organizer.id, `/organizer/experts?competition=${competition.id}`));
    expect(html).toContain("王老师");
    expect(html).toContain("邀请待接受");
    expect(html).not.toContain(token);
  });

  it("numbers the letters of appointment in sequence and prints the letter", async () => {
    const { competition, divisions, organizer } = await setup();
    const first = await (await invite(organizer.id, { competitionId: String(competition.id), username: "li.jiaoshou", displayName: "李教授", divisionId: "" })).json();
    const second = await (await invite(organizer.id, { competitionId: String(competition.id), username: "zhao.shegong", displayName: "赵社工", divisionId: String(divisions[1].id) })).json();
    expect(first.letterNo).toMatch(/-PS-001$/);
    expect(second.letterNo).toBe(first.letterNo.replace(/001$/, "002"));

    const noLetter = await (await invite(organizer.id, { competitionId: String(competition.id), username: "chen.kuaiji", displayName: "陈会计", divisionId: "none" })).json();
    expect(noLetter.letterNo).toBeNull();
    const appointed = await callRoute(
      experts.action,
      await requestAs(organizer.id, "/organizer/experts", { method: "POST", body: formBody({ intent: "appoint", competitionId: String(competition.id), expertId: String(noLetter.expertId), divisionId: "" }) }),
    );
    expect((await appointed.json()).letterNo).toBe(first.letterNo.replace(/001$/, "003"));

    const { db } = ctx;
    const appointment = await db.selectFrom("expert_appointments").select("id").where("letter_no", "=", second.letterNo).executeTakeFirstOrThrow();
    const html = await renderPage(letter as RouteModule, await requestAs(organizer.id, `/organizer/experts/letters/${appointment.id}`), { id: String(appointment.id) });
    expect(html).toContain(second.letterNo);
    expect(html).toContain("赵社工");
    expect(html).toContain(divisions[1].name);
    expect(html).toContain('data-testid="print"');
  });

  it("refuses a username already taken, with the message on the username field", async () => {
    const { competition, organizer } = await setup();
    await invite(organizer.id, { competitionId: String(competition.id), username: "sun.yisheng", displayName: "孙医生", divisionId: "" });
    const again = await invite(organizer.id, { competitionId: String(competition.id), username: "sun.yisheng", displayName: "孙医生", divisionId: "" });
    expect(again.status).toBe(409);
    expect((await again.json()).fieldErrors.username).toBe("review.expert.usernameTaken");
  });

  it("answers 404 for a letter that does not exist", async () => {
    const { organizer } = await setup();
    const response = await callRoute(letter.loader, await requestAs(organizer.id, "/organizer/experts/letters/999"), { id: "999" });
    expect(response.status).toBe(404);
  });
});
