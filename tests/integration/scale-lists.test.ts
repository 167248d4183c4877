// The reviewer's queue and the notice desk stay one page long whatever the data: search and filters
// run on the server, page links carry them along, and a hand-edited page number still shows a page.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import * as reviewQueue from "~/routes/review._index";
import * as noticeDesk from "~/routes/organizer.notices._index";
import * as milestonesPage from "~/routes/organizer.finance.milestones";
import * as agreementsPage from "~/routes/organizer.agreements._index";
import * as objectionsPage from "~/routes/organizer.objections._index";
import * as expertsPage from "~/routes/organizer.experts._index";
import * as proposalsPage from "~/routes/organizer.proposals";
import { useFreshDatabase } from "../support/db";
import { createCompetition, createUser, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal, insertNotice } from "../support/factories-notice";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";

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

/** A finance competition with `count` signed agreements titled `${prefix}${i}`, and one in another competition. */
async function agreementsWorld(count: number, prefix: string) {
  const world = await createFinanceWorld(ctx.db);
  await fundPool(ctx.db, world, 100_000_000);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await createSignedAgreementWithMilestones(ctx.db, world, 100_000, { title: `${prefix}${i}` })).agreementId);
  const other = await createFinanceWorld(ctx.db);
  await fundPool(ctx.db, other, 10_000_000);
  await createSignedAgreementWithMilestones(ctx.db, other, 100_000, { title: "别的大赛项目" });
  return { world, ids };
}

describe("tranche list at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="milestone-agreement-row" data-agreement-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 50 agreements a page, searches and filters on the server, keeps the filters in page links and clamps a bad page", async () => {
    const { world, ids } = await agreementsWorld(55, "拨付项目");
    await ctx.db.updateTable("agreements").set({ status: "terminated" }).where("id", "in", ids.slice(0, 3)).execute();
    await ctx.db.updateTable("milestones").set({ status: "submitted" }).where("agreement_id", "=", ids[52]).where("seq", "=", 2).execute();

    const base = `/organizer/finance/milestones?competition=${world.competition.id}`;
    const first = await renderPage(milestonesPage, await requestAs(world.organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    expect(first).toContain("有 1 份报告等待评估");
    expect(first).not.toContain("别的大赛项目");
    const second = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&page=2`));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);

    // the agreement on page 2 is found by its project name from page 1's search
    const found = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&q=${encodeURIComponent("拨付项目53")}`));
    expect(rowsIn(found)).toEqual([ids[53]]);
    const waiting = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&status=waiting`));
    expect(rowsIn(waiting)).toEqual([ids[52]]);
    const terminated = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&status=terminated&q=${encodeURIComponent("拨付项目")}`));
    expect(rowsIn(terminated).sort((a, b) => a - b)).toEqual(ids.slice(0, 3));

    const signed = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&status=signed`));
    expect(signed).toContain("第 1 / 2 页，共 52 条");
    const nav = signed.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("status=signed");
    expect(nav).toContain("page=2");

    const bad = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&page=abc&status=nonsense`));
    expect(rowsIn(bad)).toHaveLength(50);
    const beyond = await renderPage(milestonesPage, await requestAs(world.organizer.id, `${base}&page=999`));
    expect(rowsIn(beyond)).toHaveLength(5);
    expect(beyond).toContain("第 2 / 2 页，共 55 条");
  });
});

describe("agreement list at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="agreement-row" data-agreement-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 50 agreements a page of the picked competition, searches and filters by status on the server, and clamps a bad page", async () => {
    const { world, ids } = await agreementsWorld(55, "协议项目");
    await ctx.db.updateTable("agreements").set({ status: "org_signed" }).where("id", "in", ids.slice(50, 54)).execute();

    const base = `/organizer/agreements?competition=${world.competition.id}`;
    const first = await renderPage(agreementsPage, await requestAs(world.organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    expect(first).not.toContain("别的大赛项目");
    const second = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&page=2`));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);

    const found = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&q=${encodeURIComponent("协议项目54")}`));
    expect(rowsIn(found)).toEqual([ids[54]]);
    const waiting = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&status=org_signed`));
    expect(rowsIn(waiting)).toEqual(ids.slice(50, 54));
    const signed = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&status=signed`));
    expect(signed).toContain("第 1 / 2 页，共 51 条");
    const nav = signed.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("status=signed");
    expect(nav).toContain("page=2");

    const bad = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&page=-3&status=bogus`));
    expect(rowsIn(bad)).toHaveLength(50);
    const beyond = await renderPage(agreementsPage, await requestAs(world.organizer.id, `${base}&page=999`));
    expect(rowsIn(beyond)).toHaveLength(5);
  });
});

describe("objection list at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="objection-row" data-objection-id="(\d+)"/g)].map((m) => Number(m[1]));

  async function fileObjections(competitionId: number, organizerId: number, count: number, name: (i: number) => string) {
    const proposal = await ctx.db.selectFrom("proposals").select("id").where("competition_id", "=", competitionId).executeTakeFirstOrThrow();
    const noticeId = await insertNotice(ctx.db, { competitionId, publishedBy: organizerId, rows: [{ proposalId: proposal.id, approvedFen: 100_000 }] });
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const row = await ctx.db
        .insertInto("objections")
        .values({
          notice_id: noticeId, proposal_id: proposal.id, name: name(i), mobile: "13900000000", relation: "other", reasons: "理由",
          status: "pending", finding: null, decided_by: null, decided_at: null, filed_at: new Date(Date.UTC(2021, 6, 6, 2, i)).toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  }

  it("shows 50 objections a page of the picked competition, pending first, searched by objector and filtered by status on the server", async () => {
    const world = await worldOf(1, "passed");
    const ids = await fileObjections(world.competition.id, world.organizer.id, 55, (i) => `异议人${i}`);
    // the earliest two were decided: they come after every pending one
    await ctx.db.updateTable("objections").set({ status: "dismissed", finding: "不成立", decided_by: world.organizer.id, decided_at: "2021-07-08T02:00:00.000Z" }).where("id", "in", ids.slice(0, 2)).execute();
    const other = await worldOf(1, "passed");
    await fileObjections(other.competition.id, other.organizer.id, 1, () => "别的大赛异议人");

    const base = `/organizer/objections?competition=${world.competition.id}`;
    const first = await renderPage(objectionsPage, await requestAs(world.organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    expect(first).not.toContain("别的大赛异议人");
    const second = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&page=2`));
    expect(rowsIn(second).slice(-2).sort((a, b) => a - b)).toEqual(ids.slice(0, 2));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);

    const found = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&q=${encodeURIComponent("异议人1")}`));
    expect(rowsIn(found)).toHaveLength(11); // 异议人1 and 异议人10..19
    const dismissed = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&status=dismissed`));
    expect(rowsIn(dismissed).sort((a, b) => a - b)).toEqual(ids.slice(0, 2));
    const pending = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&status=pending`));
    expect(pending).toContain("第 1 / 2 页，共 53 条");
    const nav = pending.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("status=pending");
    expect(nav).toContain("page=2");

    const bad = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&page=1.5&status=x`));
    expect(rowsIn(bad)).toHaveLength(50);
    const beyond = await renderPage(objectionsPage, await requestAs(world.organizer.id, `${base}&page=40`));
    expect(rowsIn(beyond)).toHaveLength(5);
  });
});

describe("expert pool at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="expert-row" data-expert-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 50 experts a page, searches by name or letter number and filters by appointment in the picked competition, on the server", async () => {
    const { competition } = await createCompetition(ctx.db);
    const { competition: other } = await createCompetition(ctx.db);
    const organizer = await createUser(ctx.db, "organizer");
    const ids: number[] = [];
    for (let i = 0; i < 55; i++) {
      const row = await ctx.db
        .insertInto("users")
        .values({ username: `pool${i}`, password_hash: null, role: "expert", display_name: `评审专家${i}`, mobile: "13900000000", created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const appoint = (competitionId: number, expertId: number, letterNo: string) =>
      ctx.db.insertInto("expert_appointments").values({ competition_id: competitionId, expert_id: expertId, division_id: null, letter_no: letterNo, issued_at: "2021-06-01T02:00:00.000Z", issued_by: organizer.id }).execute();
    await appoint(competition.id, ids[53], "CA-2021-0053");
    await appoint(competition.id, ids[54], "CA-2021-0054");
    await appoint(other.id, ids[52], "XX-2021-0052"); // appointed elsewhere: not appointed here

    const base = `/organizer/experts?competition=${competition.id}`;
    const first = await renderPage(expertsPage, await requestAs(organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    const second = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&page=2`));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);

    const byName = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&q=${encodeURIComponent("评审专家51")}`));
    expect(rowsIn(byName)).toEqual([ids[51]]);
    const byLetter = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&q=CA-2021-0054`));
    expect(rowsIn(byLetter)).toEqual([ids[54]]);
    const elsewhereLetter = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&q=XX-2021`));
    expect(rowsIn(elsewhereLetter)).toEqual([]);
    const appointed = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&appointed=yes`));
    expect(rowsIn(appointed)).toEqual([ids[53], ids[54]]);
    const notAppointed = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&appointed=no`));
    expect(notAppointed).toContain("第 1 / 2 页，共 53 条");
    const nav = notAppointed.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("appointed=no");
    expect(nav).toContain("page=2");

    const bad = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&page=%27&appointed=maybe`));
    expect(rowsIn(bad)).toHaveLength(50);
    const beyond = await renderPage(expertsPage, await requestAs(organizer.id, `${base}&page=7`));
    expect(rowsIn(beyond)).toHaveLength(5);
  });
});

describe("organizer's proposal list at scale", () => {
  const rowsIn = (html: string) => [...html.matchAll(/data-testid="organizer-proposal-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 50 proposals a page of the picked competition, searched and filtered by status on the server", async () => {
    const world = await worldOf(55, "submitted");
    const other = await worldOf(1, "submitted");
    const returned = (await ctx.db.selectFrom("proposals").select("id").where("competition_id", "=", world.competition.id).orderBy("id").limit(3).execute()).map((r) => r.id);
    await ctx.db.updateTable("proposals").set({ status: "returned" }).where("id", "in", returned).execute();

    const base = `/organizer/proposals?competition=${world.competition.slug}`;
    const first = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=all`));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    const nav = first.match(/<nav class="pagination[^]*?<\/nav>/)?.[0] ?? "";
    expect(nav).toContain("status=all");
    expect(nav).toContain("page=2");
    const second = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=all&page=2`));
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);
    const otherIds = (await ctx.db.selectFrom("proposals").select("id").where("competition_id", "=", other.competition.id).execute()).map((r) => r.id);
    expect([...rowsIn(first), ...rowsIn(second)].some((id) => otherIds.includes(id))).toBe(false);

    const submitted = await renderPage(proposalsPage, await requestAs(world.organizer.id, base));
    expect(submitted).toContain("第 1 / 2 页，共 52 条");
    const back = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=returned`));
    expect(rowsIn(back).sort((a, b) => a - b)).toEqual(returned);
    const found = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=all&q=${encodeURIComponent("社区项目54")}`));
    expect(rowsIn(found)).toHaveLength(1);

    const bad = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=all&page=0`));
    expect(rowsIn(bad)).toHaveLength(50);
    const beyond = await renderPage(proposalsPage, await requestAs(world.organizer.id, `${base}&status=all&page=3`));
    expect(rowsIn(beyond)).toHaveLength(5);
  });
});
