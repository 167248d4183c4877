// The organizer's panel pages through their loaders and actions (and the ranking page rendered to
// HTML): invitations and letters, seeded assignment runs, adjustments with reasons, the ranking's
// explanations, award decisions and reopening a submitted score.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { aggregateRound } from "~/domain/scoring";
import { tMaybe } from "~/i18n";
import * as assignments from "~/routes/organizer.assignments";
import * as experts from "~/routes/organizer.experts._index";
import * as letter from "~/routes/organizer.experts.letters.$id";
import * as ranking from "~/routes/organizer.ranking";
import { loadInvite } from "~/services/experts.server";
import { saveScore } from "~/services/scores.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";
import { assign, createProposalRow, createReviewWorld, fullSheet } from "../support/factories-review";

const ctx = useFreshDatabase();

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown; default: (props: any) => any };

/** Server-renders a route module's page as the browser gets it: after a GET, or after a POST to its action (no JavaScript). */
async function renderPage(mod: RouteModule, request: Request, params: Record<string, string> = {}): Promise<string> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([
    {
      id: "page", path, Component: mod.default,
      loader: (args) => mod.loader!({ ...args, params, context: {} }) as any,
      action: mod.action ? (args) => mod.action!({ ...args, params, context: {} }) as any : undefined,
    },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get("Location")}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  // React's text separators (<!-- -->) are dropped so assertions can read the text as shown
  return renderToString(createElement(StaticRouterProvider, { router, context })).replaceAll("<!-- -->", "");
}

describe("organizer ranking page", () => {
  // Old links named the competition by id; the picker now names it by slug and remembers it (decision 011).
  it("shows the competition asked for with ?competition=<id>, and the newest to someone who never picked", async () => {
    const { db } = ctx;
    const older = await createReviewedCompetition(db, { proposals: 1 });
    const newer = await createReviewedCompetition(db, { proposals: 1 });
    const html = await renderPage(ranking as RouteModule, await requestAs(older.organizer.id, `/organizer/ranking?competition=${older.competition.id}`));
    expect(html).toContain(`data-proposal-id="${older.proposals[0].proposalId}"`);
    expect(html).not.toContain(`data-proposal-id="${newer.proposals[0].proposalId}"`);
    const byDefault = await renderPage(ranking as RouteModule, await requestAs(newer.organizer.id, "/organizer/ranking"));
    expect(byDefault).toContain(`data-proposal-id="${newer.proposals[0].proposalId}"`);
  });

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

    // the page answering the form post (no JavaScript) shows the link for a second expert, once
    const posted = await renderPage(
      experts as RouteModule,
      await requestAs(organizer.id, `/organizer/experts?competition=${competition.id}`, {
        method: "POST",
        body: formBody({ intent: "invite", competitionId: String(competition.id), username: "liu.gongcheng", displayName: "刘工程师", divisionId: "" }),
      }),
    );
    expect(posted).toMatch(/data-testid="invite-link">http:\/\/localhost\/invite\/[A-Za-z0-9_-]{40,}</);
    expect(posted).toContain("链接只显示这一次");

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

  it("reissues a link for an expert who has not set a password; the old link stops working", async () => {
    const { db, competition, organizer } = await setup();
    const first = await (await invite(organizer.id, { competitionId: String(competition.id), username: "zhou.laoshi", displayName: "周老师", divisionId: "" })).json();
    const reissued = await callRoute(
      experts.action,
      await requestAs(organizer.id, "/organizer/experts", { method: "POST", body: formBody({ intent: "reissue", expertId: String(first.expertId) }) }),
    );
    expect(reissued.status).toBe(200);
    const second = await reissued.json();
    expect(second.link).not.toBe(first.link);
    const now = new Date();
    expect((await loadInvite(db, first.link.split("/").pop(), now)).state).toBe("expired");
    expect((await loadInvite(db, second.link.split("/").pop(), now)).state).toBe("valid");
  });

  it("answers 404 for a letter that does not exist", async () => {
    const { organizer } = await setup();
    const response = await callRoute(letter.loader, await requestAs(organizer.id, "/organizer/experts/letters/999"), { id: "999" });
    expect(response.status).toBe(404);
  });
});

describe("organizer assignment board", () => {
  async function worldWithProposals(n = 4) {
    const { db } = ctx;
    const world = await createReviewWorld(db, { experts: 8 });
    const proposals = [];
    for (let i = 0; i < n; i++) {
      proposals.push(await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "passed" }));
    }
    return { ...world, proposals };
  }
  const post = async (userId: number, fields: Record<string, string>) =>
    callRoute(assignments.action, await requestAs(userId, "/organizer/assignments", { method: "POST", body: formBody(fields) }));
  const boardPairs = async (userId: number, competitionId: number) => {
    const body = await (await callRoute(assignments.loader, await requestAs(userId, `/organizer/assignments?competition=${competitionId}`))).json();
    return (body.board.proposals as { id: number; rounds: { round: string; assignments: { expert_id: number; active: number }[] }[] }[]).map((p) => [
      p.id,
      p.rounds.flatMap((r) => r.assignments.filter((a) => a.active).map((a) => `${r.round}:${a.expert_id}`)).sort(),
    ]);
  };

  it("records and shows the seed, and the same seed draws the same board again", async () => {
    const { db } = ctx;
    const w = await worldWithProposals();
    const fields = { intent: "run", competitionId: String(w.competition.id), divisionId: String(w.divisions[0].id), round: "desk", seed: "changan-2021-a" };
    const first = await post(w.organizer.id, fields);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, seed: "changan-2021-a", drawn: 20 });
    const board = await boardPairs(w.organizer.id, w.competition.id);
    expect(board.every(([, pairs]) => (pairs as string[]).length === 5)).toBe(true);

    // the same proposals and experts, drawn again from the recorded seed
    await db.deleteFrom("assignments").where("competition_id", "=", w.competition.id).execute();
    await post(w.organizer.id, fields);
    expect(await boardPairs(w.organizer.id, w.competition.id)).toEqual(board);

    const html = await renderPage(assignments as RouteModule, await requestAs(w.organizer.id, `/organizer/assignments?competition=${w.competition.id}`));
    expect(html.match(/data-testid="assignment-run"[^>]*>[^<]*changan-2021-a/g)).toHaveLength(2);
    expect(html).toContain('data-testid="progress-desk">进度 0/5');
  });

  it("a refused withdrawal or draw comes back as typed without JavaScript (the short reason, the seed)", async () => {
    const { db } = ctx;
    const w = await worldWithProposals(1);
    const proposalId = w.proposals[0].proposalId;
    const assignmentId = await assign(db, { competitionId: w.competition.id, proposalId, expertId: w.experts[0].id });
    const url = `/organizer/assignments?competition=${w.competition.id}`;
    const page = await renderPage(
      assignments as RouteModule,
      await requestAs(w.organizer.id, url, { method: "POST", body: formBody({ intent: "remove", proposalId: String(proposalId), assignmentId: String(assignmentId), reason: "出差" }) }),
    );
    expect(page).toMatch(new RegExp(`<textarea[^>]*id="remove-${proposalId}-reason"[^>]*>出差</textarea>`));
    expect((await db.selectFrom("assignments").select("active").where("id", "=", assignmentId).executeTakeFirstOrThrow()).active).toBe(1);
    const run = await renderPage(
      assignments as RouteModule,
      await requestAs(w.organizer.id, url, { method: "POST", body: formBody({ intent: "run", competitionId: String(w.competition.id), divisionId: "", round: "desk", seed: "changan-2021-b" }) }),
    );
    expect(run).toMatch(/<input[^>]*name="seed"[^>]*value="changan-2021-b"/);
  });

  it("refuses to withdraw an expert without a reason, in Chinese on the reason field, and records one given", async () => {
    const { db } = ctx;
    const w = await worldWithProposals(1);
    const assignmentId = await assign(db, { competitionId: w.competition.id, proposalId: w.proposals[0].proposalId, expertId: w.experts[0].id });
    const refused = await post(w.organizer.id, { intent: "remove", proposalId: String(w.proposals[0].proposalId), assignmentId: String(assignmentId), reason: "" });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(Object.keys(body.fieldErrors)).toEqual(["reason"]);
    expect(tMaybe(body.fieldErrors.reason)).toMatch(/[\u4e00-\u9fff]/);
    expect((await db.selectFrom("assignments").select("active").where("id", "=", assignmentId).executeTakeFirstOrThrow()).active).toBe(1);
    const page = await renderPage(
      assignments as RouteModule,
      await requestAs(w.organizer.id, `/organizer/assignments?competition=${w.competition.id}`, {
        method: "POST",
        body: formBody({ intent: "remove", proposalId: String(w.proposals[0].proposalId), assignmentId: String(assignmentId), reason: "  " }),
      }),
    );
    expect(page).toMatch(new RegExp(`id="remove-${w.proposals[0].proposalId}-reason-error" role="alert">[^<]*[\u4e00-\u9fff]`));

    const done = await post(w.organizer.id, { intent: "remove", proposalId: String(w.proposals[0].proposalId), assignmentId: String(assignmentId), reason: "专家临时出差无法参会" });
    expect(done.status).toBe(200);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "assignment.remove").execute();
    expect(audit).toHaveLength(1);
    const html = await renderPage(assignments as RouteModule, await requestAs(w.organizer.id, `/organizer/assignments?competition=${w.competition.id}`));
    expect(html).toMatch(/data-testid="assignment-history"[\s\S]*专家临时出差无法参会/);
  });

  it("adds an expert by hand with a reason but never a conflicted one", async () => {
    const { db } = ctx;
    const w = await worldWithProposals(1);
    const proposalId = w.proposals[0].proposalId;
    await db.insertInto("conflict_declarations").values({ competition_id: w.competition.id, expert_id: w.experts[1].id, organization_id: w.proposals[0].organizationId, ground: "kinship", note: null, declared_at: new Date().toISOString() }).execute();
    const conflicted = await post(w.organizer.id, { intent: "add", proposalId: String(proposalId), expertId: String(w.experts[1].id), round: "desk", reason: "补足评审人数" });
    expect(conflicted.status).toBe(409);
    expect((await conflicted.json()).fieldErrors.expertId).toBe("review.assign.conflicted");
    const added = await post(w.organizer.id, { intent: "add", proposalId: String(proposalId), expertId: String(w.experts[2].id), round: "desk", reason: "补足评审人数" });
    expect(added.status).toBe(200);
    const html = await renderPage(assignments as RouteModule, await requestAs(w.organizer.id, `/organizer/assignments?competition=${w.competition.id}`));
    expect(html).toContain('data-testid="conflict"');
    expect(html).toMatch(/data-testid="assignment-history"[\s\S]*补足评审人数/);
  });
});

describe("organizer ranking: explanations, award decisions, reopening", () => {
  /** A passed proposal scored by the world's experts with the given totals (points) per round. */
  async function scored(world: Awaited<ReturnType<typeof createReviewWorld>>, desk: number[], live: number[], requestedFen = 5_000_000) {
    const { db } = ctx;
    const { proposalId } = await createProposalRow(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, status: "passed", requestedFen });
    const scoreIds: number[] = [];
    for (const [round, totals] of [["desk", desk], ["live", live]] as const) {
      for (const [i, points] of totals.entries()) {
        const assignmentId = await assign(db, { competitionId: world.competition.id, proposalId, expertId: world.experts[i].id, round });
        const at = "2021-06-20T02:00:00.000Z";
        const row = await db.insertInto("scores")
          .values({ assignment_id: assignmentId, criteria_json: JSON.stringify({ need: 1600 }), total_centi: Math.round(points * 100), comment: "评审意见", status: "submitted", submitted_at: at, updated_at: at })
          .returning("id").executeTakeFirstOrThrow();
        scoreIds.push(row.id);
      }
    }
    return { proposalId, scoreIds };
  }
  const post = async (userId: number, fields: Record<string, string>) =>
    callRoute(ranking.action, await requestAs(userId, "/organizer/ranking", { method: "POST", body: formBody(fields) }));

  it("shows how the final score was computed: every expert's score, what was dropped, the exact round values, weights and the rounding", async () => {
    const world = await createReviewWorld(ctx.db, { experts: 5 });
    // desk: drop 65 and 99 → (80 + 85 + 90) ÷ 3 = 85; live: drop 80 and 95 → (82 + 83 + 86.5) ÷ 3 = 83.8333…
    // final = 85 × 40% + 83.8333… × 60% = 84.30 exactly; 65 is more than 15 from the desk mean 83.80
    const { proposalId } = await scored(world, [65, 80, 85, 90, 99], [80, 82, 83, 86.5, 95]);
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}&explain=${proposalId}`));
    expect(html).toContain(`data-testid="ranking-row" data-proposal-id="${proposalId}"`);
    expect(html).toContain('data-testid="final-score">84.30<');
    expect(html).toContain("本轮得分 = (80.00 + 85.00 + 90.00) ÷ 3 = 85.00");
    expect(html).toContain("本轮得分 = (82.00 + 83.00 + 86.50) ÷ 3 = 83.8333…");
    expect(html).toContain("最终得分 = 85.00 × 40% + 83.8333… × 60% = 84.30，四舍五入保留两位小数 = 84.30");
    expect(html).toMatch(/<s>评审专家1号：65\.00 分<\/s>（去掉）/);
    expect(html).toMatch(/<s>评审专家5号：99\.00 分<\/s>（去掉）/);
    expect(html).toContain("离群：与平均分 83.80 相差超过 15.00 分");
    expect(html).toContain('data-testid="outlier-flag"');
    expect(html).toContain("书面评审 · 评审专家1号：65.00 分 · 本轮平均分 83.80");
    // the award form posts its proposal and amount even without JavaScript
    expect(html).toContain(`name="proposalId" value="${proposalId}"`);
    expect(html).toContain('value="50000.00"');
  });

  it("shows each score raw beside normalised, the raw result for comparison, and takes the panel note a discordant proposal needs", async () => {
    const world = await createReviewWorld(ctx.db, { experts: 3, review: { aggregation: "mean", rounds: [{ round: "desk", weightPercent: 100 }], normalisation: "zscore", normalisationMinScores: 3, discordanceCenti: 2500 } });
    // expert 1 lenient, expert 3 harsh; the first proposal also spreads 30 points (beyond 25)
    const first = await scored(world, [95, 80, 65], []);
    await scored(world, [85, 75, 65], []);
    await scored(world, [80, 70, 60], []);
    const url = `/organizer/ranking?competition=${world.competition.id}`;
    const list = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, url));
    expect(list).toContain("标准化：Z 分数（全届同轮评分）（至少评过 3 个项目的专家）；离散度提示：最高分与最低分相差超过 25.00 分");
    expect(list).toMatch(new RegExp(`data-proposal-id="${first.proposalId}"[\\s\\S]*?data-testid="discordant-flag"`));
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `${url}&explain=${first.proposalId}`));
    expect(html).toMatch(/评审专家1号：原始 95\.00 分 → 标准化 \d+\.\d\d 分/);
    expect(html).toContain("原始分对照：本轮得分 = (65.00 + 80.00 + 95.00) ÷ 3 = 80.00");
    expect(html).toContain("书面评审专家评分最高与最低相差 30.00 分，超过离散度提示 25.00 分");
    expect(html).toContain("尚未填写评审组说明");

    const empty = await post(world.organizer.id, { intent: "note", proposalId: String(first.proposalId), note: "" });
    expect(empty.status).toBe(400);
    expect((await empty.json()).fieldErrors).toEqual({ note: "fair.note.length" });
    const saved = await post(world.organizer.id, { intent: "note", proposalId: String(first.proposalId), note: "评审组复议后维持原评分" });
    expect(saved.status).toBe(200);
    const after = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `${url}&explain=${first.proposalId}`));
    expect(after).toContain("评审组复议后维持原评分");
    expect(after).not.toContain("尚未填写评审组说明");
  });

  it("explains a single desk round aggregated by the median", async () => {
    const world = await createReviewWorld(ctx.db, { experts: 4, review: { aggregation: "median", rounds: [{ round: "desk", weightPercent: 100 }] } });
    const { proposalId } = await scored(world, [70, 80, 85, 90.5], []);
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}&explain=${proposalId}`));
    expect(html).toMatch(new RegExp(`data-proposal-id="${proposalId}"[\\s\\S]*data-testid="final-score">82\\.50<`));
    expect(html).toContain("本轮得分（中位数）= 82.50");
    expect(html).toContain("只有一轮评审：最终得分 = 82.50，四舍五入保留两位小数 = 82.50");
  });

  it("explains the tie-break, the line and a proposal that no longer fits the budget", async () => {
    const { db } = ctx;
    const world = await createReviewWorld(db, { experts: 3 });
    await db.updateTable("divisions").set({ budget_fen: 8_000_000 }).where("id", "=", world.divisions[0].id).execute();
    const a = await scored(world, [80, 80, 80], [90, 90, 90], 5_000_000); // 86.00, live 90
    const b = await scored(world, [95, 95, 95], [80, 80, 80], 4_000_000); // 86.00, live 80 → second by the live score
    const c = await scored(world, [70, 70, 70], [70, 70, 70], 2_000_000); // 70.00, fits the rest
    const d = await scored(world, [50, 50, 50], [50, 50, 50], 1_000_000); // below the line
    const url = `/organizer/ranking?competition=${world.competition.id}`;
    const body = await (await callRoute(ranking.loader, await requestAs(world.organizer.id, url))).json();
    const rows = body.snapshot.rows as { proposal_id: number; rank: number; outcome: string }[];
    expect(rows.map((r) => [r.proposal_id, r.rank, r.outcome])).toEqual([
      [a.proposalId, 1, "funded"],
      [b.proposalId, 2, "doesNotFit"],
      [c.proposalId, 3, "funded"],
      [d.proposalId, 4, "belowLine"],
    ]);
    const explained = async (id: number) => renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `${url}&explain=${id}`));
    expect(await explained(b.proposalId)).toContain("与上一名最终得分相同，比较现场路演得分：90.00 分 &gt; 80.00 分");
    expect(await explained(b.proposalId)).toContain("排到本项目时赛区预算只剩 30,000.00 元，放不下 40,000.00 元，跳过，继续看下一个项目");
    expect(await explained(d.proposalId)).toContain("最终得分 50.00 分，低于合格线 60.00 分");
    expect(await explained(a.proposalId)).toContain("赛区预算 80,000.00 − 50,000.00 − 20,000.00 = 剩余 10,000.00 元");
  });

  it("refuses an approved amount above the requested one and records a lower one with its reason", async () => {
    const { db } = ctx;
    const world = await createReviewWorld(db, { experts: 3 });
    const { proposalId } = await scored(world, [80, 80, 80], [80, 80, 80], 5_000_000);
    const above = await post(world.organizer.id, { intent: "award", proposalId: String(proposalId), approvedYuan: "50000.01", reason: "按申请金额执行" });
    expect(above.status).toBe(400);
    expect((await above.json()).fieldErrors).toEqual({ approvedYuan: "review.award.aboveRequested" });
    expect(await db.selectFrom("award_decisions").selectAll().execute()).toHaveLength(0);
    // without JavaScript the refused decision comes back with the amount and reason as typed
    const awardFields = { intent: "award", proposalId: String(proposalId), approvedYuan: "50000.01", reason: "按申请金额执行" };
    const page = await renderPage(
      ranking as RouteModule,
      await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}&explain=${proposalId}`, { method: "POST", body: formBody(awardFields) }),
    );
    expect(page).toMatch(new RegExp(`<input[^>]*id="award-${proposalId}-amount"[^>]*value="50000.01"`));
    expect(page).toMatch(new RegExp(`<textarea[^>]*id="award-${proposalId}-reason"[^>]*>按申请金额执行</textarea>`));

    const lower = await post(world.organizer.id, { intent: "award", proposalId: String(proposalId), approvedYuan: "42000", reason: "宣传费预算偏高，核减 8000 元" });
    expect(lower.status).toBe(200);
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}`));
    expect(html).toContain('data-testid="approved">42,000.00<');
    const explained = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}&explain=${proposalId}`));
    expect(explained).toContain("宣传费预算偏高，核减 8000 元");
    expect(await db.selectFrom("audit_log").select("action").where("action", "=", "award.decide").execute()).toHaveLength(1);
  });

  it("reopens a submitted score only with a reason, audited, after which the expert can edit it again", async () => {
    const { db } = ctx;
    const world = await createReviewWorld(db, { experts: 3 });
    const { scoreIds } = await scored(world, [80, 80, 80], [80, 80, 80]);
    const scoreId = scoreIds[0];
    const refused = await post(world.organizer.id, { intent: "reopen", scoreId: String(scoreId), reason: "" });
    expect(refused.status).toBe(400);
    expect(Object.keys((await refused.json()).fieldErrors)).toEqual(["reason"]);
    expect((await db.selectFrom("scores").select("status").where("id", "=", scoreId).executeTakeFirstOrThrow()).status).toBe("submitted");

    const done = await post(world.organizer.id, { intent: "reopen", scoreId: String(scoreId), reason: "专家反映第二项误录为 8 分" });
    expect(done.status).toBe(200);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "score.reopen").where("entity_id", "=", String(scoreId)).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).toContain("专家反映第二项误录为 8 分");

    const assignment = await db.selectFrom("scores").select("assignment_id").where("id", "=", scoreId).executeTakeFirstOrThrow();
    const expert = { id: world.experts[0].id, role: "expert" };
    const sheet = fullSheet(0.9);
    const criteria = Object.fromEntries(Object.entries(sheet).filter(([k]) => k.startsWith("criteria.")).map(([k, v]) => [k.slice(9), v]));
    const edited = await saveScore(db, expert, assignment.assignment_id, { criteria, comment: sheet.comment }, "submit", new Date());
    expect(edited).toMatchObject({ ok: true, status: "submitted" });
  });
});

describe("trimmed mean explanation when every score is equal", () => {
  it("drops exactly one highest and one lowest, so three of five count", () => {
    const equal = [1, 2, 3, 4, 5].map((expertId) => ({ expertId, totalCenti: 9000 }));
    const agg = aggregateRound(equal, { method: "trimmed_mean", trimMinScores: 5, outlierDistanceCenti: 1500 })!;
    expect(agg.dropped.map((d) => d.expertId)).toEqual([1, 2]);
    expect(agg.kept.map((k) => k.expertId)).toEqual([3, 4, 5]);
    expect(agg.roundedCenti).toBe(9000);
  });

  it("shows three kept scores on the ranking page", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const html = await renderPage(ranking as RouteModule, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}&explain=${world.proposals[0].proposalId}`));
    expect(html).toContain("本轮得分 = (90.00 + 90.00 + 90.00) ÷ 3 = 90.00");
    expect(html.match(/（去掉）/g)).toHaveLength(4); // two per round
  });
});
