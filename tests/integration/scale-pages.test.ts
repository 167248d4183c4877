// Staff lists stay small whatever the data: one page of rows, search and sort on the server, the
// explanation of one row on demand, bulk actions instead of a form per row.
import * as ranking from "~/routes/organizer.ranking";
import * as assignments from "~/routes/organizer.assignments";
import { useFreshDatabase } from "../support/db";
import { renderPage } from "../support/render";
import { callRoute, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();

const rowsIn = (html: string) => [...html.matchAll(/data-testid="ranking-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));

async function bigWorld(extra: number) {
  const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
  for (let i = 0; i < extra; i++) {
    await createScoredProposal(ctx.db, {
      competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id,
      experts: world.experts, title: `社区项目${i}`, deskPoints: 80 - (i % 40) * 0.5, livePoints: 80,
    });
  }
  return world;
}

describe("organizer ranking at scale", () => {
  it("shows one page of 50 rows with page links, and the next page has the rest", async () => {
    const world = await bigWorld(54);
    const base = `/organizer/ranking?competition=${world.competition.id}`;
    const first = await renderPage(ranking, await requestAs(world.organizer.id, base));
    expect(rowsIn(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    expect(first).not.toContain('data-testid="score-explain"'); // explanations are fetched on demand
    expect(first.match(/<form/g)?.length ?? 0).toBeLessThanOrEqual(4); // search, picker, bulk: no form per row
    const second = await renderPage(ranking, await requestAs(world.organizer.id, `${base}&page=2`));
    expect(rowsIn(second)).toHaveLength(5);
    expect(new Set([...rowsIn(first), ...rowsIn(second)]).size).toBe(55);
    // bytes per page do not grow with the division: a page of 50 stays small
    expect(first.length).toBeLessThan(60_000);
  });

  it("searches, filters and sorts on the server, and bad parameters fall back to the defaults", async () => {
    const world = await bigWorld(3);
    const base = `/organizer/ranking?competition=${world.competition.id}`;
    const found = await renderPage(ranking, await requestAs(world.organizer.id, `${base}&q=${encodeURIComponent("社区项目1")}`));
    expect(rowsIn(found)).toHaveLength(1);
    const funded = await renderPage(ranking, await requestAs(world.organizer.id, `${base}&outcome=funded&sort=title`));
    expect(rowsIn(funded).length).toBeGreaterThan(0);
    const bad = await callRoute(ranking.loader!, await requestAs(world.organizer.id, `${base}&page=-3&sort=<script>&outcome=x`));
    expect(bad.status).toBe(200);
    const body = await bad.json();
    expect(body.snapshot.list).toMatchObject({ page: 1, sort: "rank", filters: { outcome: "all" } });
  });

  it("confirms the requested amount of the selected rows in one submission, with a reason", async () => {
    const world = await bigWorld(2);
    const ids = world.proposals.map((p) => p.proposalId);
    const fd = formBody({ intent: "bulk", reason: "经评审委员会审议，按申请金额确定实施方案" });
    fd.append("selected", String(ids[0]));
    const res = await callRoute(ranking.action!, await requestAs(world.organizer.id, "/organizer/ranking", { method: "POST", body: fd }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, done: 1 });
    const decisions = await ctx.db.selectFrom("award_decisions").select(["proposal_id", "approved_fen"]).execute();
    expect(decisions).toEqual([{ proposal_id: ids[0], approved_fen: 5_000_000 }]);
    const none = await callRoute(ranking.action!, await requestAs(world.organizer.id, "/organizer/ranking", { method: "POST", body: formBody({ intent: "bulk", reason: "x" }) }));
    expect(none.status).toBe(400);
  });
});

describe("assignment board at scale", () => {
  const boardRows = (html: string) => [...html.matchAll(/data-testid="board-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows one page of proposals with who is assigned, and the adjustment forms of one proposal on demand", async () => {
    const world = await bigWorld(54);
    const base = `/organizer/assignments?competition=${world.competition.id}`;
    const first = await renderPage(assignments, await requestAs(world.organizer.id, base));
    expect(boardRows(first)).toHaveLength(50);
    expect(first).toContain("第 1 / 2 页，共 55 条");
    expect(first).not.toContain('data-testid="adjust-forms"');
    expect(first).not.toContain('data-testid="remove-form"');
    // every expert's name and score is still on the row, once, as text
    const expertName = world.experts[0].name;
    expect(first).toContain(expertName);
    // bytes per row do not carry forms or per-assignment markup
    const table = first.slice(first.indexOf('data-testid="board-row"'), first.indexOf("</tbody>"));
    expect(table.length / 50).toBeLessThan(1_500);
    const loaded = await (await callRoute(assignments.loader, await requestAs(world.organizer.id, base))).json();
    expect(JSON.stringify(loaded).length / 50).toBeLessThan(1_500);

    const target = boardRows(first)[3];
    const open = await renderPage(assignments, await requestAs(world.organizer.id, `${base}&adjust=${target}`));
    expect(open.match(/data-testid="adjust-forms"/g)).toHaveLength(1);
    expect(open).toContain('data-testid="remove-form"');
    const row = open.slice(open.indexOf(`data-proposal-id="${target}"`));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(/data-testid="board-assignment" data-expert-id="\d+" data-active="1"/);
  });
});
