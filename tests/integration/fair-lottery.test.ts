// The public lottery end to end in the services: announce, enter the seed from the announced time,
// the ranking's draw, the notice gate and the notice's lottery section (docs/lottery.md).
import { createHash } from "node:crypto";
import { fromShanghaiLocal } from "~/domain/time";
import { parseSnapshot } from "~/domain/notice";
import { tMaybe } from "~/i18n";
import { announceLottery, enterLotterySeed, loadLottery } from "~/services/lottery.server";
import { publishNotice } from "~/services/notices.server";
import { loadRanking } from "~/services/ranking.server";
import { ensureRankingSnapshot } from "~/services/ranking-snapshot.server";
import * as lotteryPage from "~/routes/organizer.lottery";
import * as rankingPage from "~/routes/organizer.ranking";
import * as noticePage from "~/routes/notices.$id";
import * as publicNotices from "~/routes/competitions.$slug.notices._index";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { renderAfterPost, renderPage } from "../support/render";
import { createPanel, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;
const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const STATEMENT = "2021年7月5日上午10时在区民政局由公证员现场摇出的六位数";

/** Five proposals in the first division scoring 90, 85.5, 85, 84.8 and 80, asking 50,000 yuan each; the budget funds three. */
async function lotteryWorld(selection: { nearTieBandCenti?: number; lotteryDivisions?: string[] } = { nearTieBandCenti: 100 }) {
  const { competition, divisions, categories } = await createCompetition(ctx.db);
  const rules = JSON.parse(competition.rules_json);
  rules.selection = { ...rules.selection, ...selection };
  rules.review = { ...rules.review, discordanceCenti: 0 };
  await ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify(rules) }).where("id", "=", competition.id).execute();
  await ctx.db.updateTable("divisions").set({ budget_fen: 15_000_000 }).where("id", "=", divisions[0].id).execute();
  const organizer = await createUser(ctx.db, "organizer");
  const experts = await createPanel(ctx.db, competition.id, organizer.id);
  const proposals: { proposalId: number }[] = [];
  for (const [i, points] of [90, 85.5, 85, 84.8, 80].entries()) {
    proposals.push(
      await createScoredProposal(ctx.db, { competitionId: competition.id, divisionId: divisions[0].id, categoryId: categories[0].id, experts, title: `抽签项目${i + 1}`, deskPoints: points, livePoints: points }),
    );
  }
  const number = (i: number) => `${divisions[0].code}-${String(proposals[i].proposalId).padStart(4, "0")}`;
  return { competition, division: divisions[0], organizer: { id: organizer.id, role: "organizer" }, experts, proposals, number };
}

const announce = (w: Awaited<ReturnType<typeof lotteryWorld>>, now = at("2021-07-05T09:00"), drawAt = "2021-07-05T10:00") =>
  announceLottery(ctx.db, w.organizer, { competitionId: w.competition.id, statement: STATEMENT, drawAt }, now);

describe("announcing the lottery and entering its seed", () => {
  it("takes the announcement once, then the seed once and only from the announced time, each audited", async () => {
    const w = await lotteryWorld();
    expect(await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "482913" }, at("2021-07-05T08:00"))).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.lottery.notAnnounced" } });
    expect(await announce(w)).toEqual({ ok: true });
    expect(await announce(w)).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.lottery.alreadyAnnounced" } });
    const early = await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "482913" }, at("2021-07-05T09:59"));
    expect(early).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.lottery.tooEarly" } });
    if (!early.ok) expect(tMaybe(early.fieldErrors._form, early.params)).toBe("公告的种子确定时间（2021年7月5日 10:00）未到，不能录入种子");
    expect(await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "  482913 " }, at("2021-07-05T10:00"))).toEqual({ ok: true });
    expect(await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "111111" }, at("2021-07-05T10:05"))).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.lottery.alreadySeeded" } });
    const state = await loadLottery(ctx.db, w.competition.id);
    expect(state.announcement).toMatchObject({ statement: STATEMENT, drawAt: "2021-07-05T02:00:00.000Z" });
    expect(state.seed).toMatchObject({ seed: "482913" });
    const audit = await ctx.db.selectFrom("audit_log").select("action").where("action", "like", "lottery.%").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["lottery.announce", "lottery.seed"]);
  });

  it("refuses strangers, bad input, a time already past and a competition without a lottery, writing nothing", async () => {
    const w = await lotteryWorld();
    const id = w.competition.id;
    const expert = { id: w.experts[0].id, role: "expert" };
    expect(await announceLottery(ctx.db, expert, { competitionId: id, statement: STATEMENT, drawAt: "2021-07-05T10:00" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 403 });
    expect(await enterLotterySeed(ctx.db, { id: w.experts[0].id, role: "applicant" }, { competitionId: id, seed: "1" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 403 });
    expect(await announce(w, at("2021-07-05T09:00"), "2021-07-05T08:00")).toMatchObject({ ok: false, status: 400, fieldErrors: { drawAt: "fair.lottery.drawAtPast" } });
    expect(await announce(w, at("2021-07-05T09:00"), "2021-02-30T08:00")).toMatchObject({ ok: false, status: 400, fieldErrors: { drawAt: "fair.lottery.drawAtInvalid" } });
    expect(await announceLottery(ctx.db, w.organizer, { competitionId: id, statement: "太短", drawAt: "2021-07-05T10:00" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 400, fieldErrors: { statement: "fair.lottery.statementLength" } });
    expect(await announceLottery(ctx.db, w.organizer, { competitionId: 999_999, statement: STATEMENT, drawAt: "2021-07-05T10:00" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 404 });
    const off = await lotteryWorld({ nearTieBandCenti: 0, lotteryDivisions: [] });
    expect(await announce(off)).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.lottery.notEnabled" } });
    expect(await ctx.db.selectFrom("lottery_seeds").selectAll().execute()).toHaveLength(0);
  });
});

describe("the near-tie draw in the ranking and the notice", () => {
  it("blocks the notice while the draw waits for its seed, then publishes the seed, every digest and place, and funds in draw order", async () => {
    const w = await lotteryWorld();
    const pending = (await loadRanking(ctx.db, w.competition.id)).divisions[0].draw;
    expect(pending).toMatchObject({ kind: "nearTie", pending: true, marginalCenti: 8500 });
    expect(pending!.entries.map((e) => e.number)).toEqual([w.number(1), w.number(2), w.number(3)]);

    const refused = await publishNotice(ctx.db, w.organizer, { competitionId: w.competition.id }, at("2021-07-05T09:30"));
    expect(refused).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.notice.lotteryPending" } });
    if (!refused.ok) expect(tMaybe(refused.fieldErrors._form, refused.params)).toContain(w.division.name);

    // the stored ranking follows the seed at once (it is an input of the ranking)
    const before = await ensureRankingSnapshot(ctx.db, w.competition.id, at("2021-07-05T09:30"));
    expect(before.summary.divisions[0].draw).toMatchObject({ pending: true, size: 3 });
    await announce(w);
    expect(await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "482913" }, at("2021-07-05T10:00"))).toEqual({ ok: true });
    const after = await ensureRankingSnapshot(ctx.db, w.competition.id, at("2021-07-05T10:01"));
    expect(after.summary.divisions[0].draw).toMatchObject({ pending: false, size: 3 });

    const order = [w.number(1), w.number(2), w.number(3)].sort((a, b) => (sha(`482913:${a}`) < sha(`482913:${b}`) ? -1 : 1));
    const published = await publishNotice(ctx.db, w.organizer, { competitionId: w.competition.id }, at("2021-07-05T10:30"));
    expect(published).toMatchObject({ ok: true, version: 1 });
    if (!published.ok) return;
    const notice = await ctx.db.selectFrom("notices").select("snapshot_json").where("id", "=", published.noticeId).executeTakeFirstOrThrow();
    const snapshot = parseSnapshot(notice.snapshot_json);
    expect(snapshot.lottery).toMatchObject({ seed: "482913", statement: STATEMENT, drawAt: "2021-07-05T02:00:00.000Z" });
    const draw = snapshot.lottery!.draws[0];
    expect(draw).toMatchObject({ kind: "nearTie", division: w.division.name, bandCenti: 100, marginalCenti: 8500 });
    expect(draw.entries.map((e) => [e.number, e.place, e.digest])).toEqual(order.map((n, i) => [n, i + 1, sha(`482913:${n}`)]));
    // the notice funds 90 and the first two drawn; the third drawn and 80 are not on it
    expect(snapshot.rows.map((r) => r.number).sort()).toEqual([w.number(0), ...order.slice(0, 2)].sort());
  });

  it("funds a micro-grant track only after the draw, in draw order among the proposals that passed the line", async () => {
    const w0 = await lotteryWorld({ nearTieBandCenti: 0, lotteryDivisions: [] });
    const code = w0.division.code;
    const rules = JSON.parse((await ctx.db.selectFrom("competitions").select("rules_json").where("id", "=", w0.competition.id).executeTakeFirstOrThrow()).rules_json);
    rules.selection.lotteryDivisions = [code.toLowerCase()];
    rules.review.qualificationLineCenti = 8400;
    await ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify(rules) }).where("id", "=", w0.competition.id).execute();
    await ctx.db.updateTable("divisions").set({ budget_fen: 10_000_000 }).where("id", "=", w0.division.id).execute();

    const waiting = (await loadRanking(ctx.db, w0.competition.id)).divisions[0];
    expect(waiting.draw).toMatchObject({ kind: "track", pending: true });
    expect(waiting.grantedFen).toBe(0);
    expect(waiting.rows.filter((r) => r.selection.outcome === "awaitingDraw")).toHaveLength(4);
    expect(waiting.rows.find((r) => r.finalCenti === 8000)!.selection.outcome).toBe("belowLine");

    await announce(w0);
    await enterLotterySeed(ctx.db, w0.organizer, { competitionId: w0.competition.id, seed: "福彩3D 2021185" }, at("2021-07-05T10:00"));
    const drawn = (await loadRanking(ctx.db, w0.competition.id)).divisions[0];
    const order = [0, 1, 2, 3].map(w0.number).sort((a, b) => (sha(`福彩3D 2021185:${a}`) < sha(`福彩3D 2021185:${b}`) ? -1 : 1));
    expect(drawn.draw!.entries.map((e) => e.number)).toEqual(order);
    expect(drawn.rows.filter((r) => r.selection.grantFen > 0).map((r) => r.number).sort()).toEqual(order.slice(0, 2).sort());
    expect(drawn.grantedFen).toBe(10_000_000);
  });
});

describe("the 公开抽签 page and what the public sees", () => {
  const post = async (userId: number, url: string, fields: Record<string, string>) => requestAs(userId, url, { method: "POST", body: formBody(fields) });

  it("is for organizers only", async () => {
    const w = await lotteryWorld();
    const response = (await callRoute(lotteryPage.loader, await requestAs(w.experts[0].id, `/organizer/lottery?competition=${w.competition.id}`))) as Response;
    expect([302, 403, 404]).toContain(response.status);
    const posted = (await callRoute(lotteryPage.action, await post(w.experts[0].id, "/organizer/lottery", { intent: "announce", competitionId: String(w.competition.id), statement: STATEMENT, drawAt: "2099-01-01T10:00", confirm: "yes" }))) as Response;
    expect([302, 403, 404]).toContain(posted.status);
    expect(await ctx.db.selectFrom("lottery_seeds").selectAll().execute()).toHaveLength(0);
  });

  it("asks for the confirmation tick and keeps what was typed; once announced the public notice list shows it", async () => {
    const w = await lotteryWorld();
    const url = `/organizer/lottery?competition=${w.competition.id}`;
    const fields = { intent: "announce", competitionId: String(w.competition.id), statement: STATEMENT, drawAt: "2099-01-05T10:00" };
    const refused = (await callRoute(lotteryPage.action, await post(w.organizer.id, url, fields))) as Response;
    expect(refused.status).toBe(400);
    const html = await renderAfterPost(lotteryPage, await post(w.organizer.id, url, fields));
    expect(html).toContain(STATEMENT);
    expect(html).toMatch(/<input[^>]*name="drawAt"[^>]*value="2099-01-05T10:00"/);
    expect(await ctx.db.selectFrom("lottery_seeds").selectAll().execute()).toHaveLength(0);

    const done = (await callRoute(lotteryPage.action, await post(w.organizer.id, url, { ...fields, confirm: "yes" }))) as Response;
    expect(done.status).toBe(200);
    const page = await renderPage(lotteryPage, await requestAs(w.organizer.id, url));
    expect(page).toContain('data-testid="lottery-announcement"');
    expect(page).toContain('data-testid="division-draw" data-pending="yes"');
    expect(page).toContain('data-testid="lottery-seed"'); // the seed form, refused by the service until the time comes
    const publicPage = await renderPage(publicNotices, new Request(`http://localhost/competitions/${w.competition.slug}/notices`), "/competitions/:slug/notices");
    expect(publicPage).toContain('data-testid="public-lottery-announcement"');
    expect(publicPage).toContain(STATEMENT);
  });

  it("routes the seed form to the seed (not the announcement) and answers missing fields with the form's own Chinese messages", async () => {
    const w = await lotteryWorld();
    const url = `/organizer/lottery?competition=${w.competition.id}`;
    const missing = (await callRoute(lotteryPage.action, await post(w.organizer.id, url, { intent: "announce", competitionId: String(w.competition.id), confirm: "yes" }))) as Response;
    expect(missing.status).toBe(400);
    expect((await missing.json()).fieldErrors).toEqual({ statement: "fair.lottery.statementLength", drawAt: "fair.lottery.drawAtInvalid" });
    await announceLottery(ctx.db, w.organizer, { competitionId: w.competition.id, statement: STATEMENT, drawAt: "2099-01-05T10:00" }, new Date());
    const early = (await callRoute(lotteryPage.action, await post(w.organizer.id, url, { intent: "seed", competitionId: String(w.competition.id), seed: "482913", confirm: "yes" }))) as Response;
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ intent: "seed", fieldErrors: { _form: "fair.lottery.tooEarly" } });
    const html = await renderAfterPost(lotteryPage, await post(w.organizer.id, url, { intent: "seed", competitionId: String(w.competition.id), seed: "482913", confirm: "yes" }));
    expect(html).toContain("公告的种子确定时间（2099年1月5日 10:00）未到");
    expect(html).toMatch(/<input[^>]*name="seed"[^>]*value="482913"/);
  });

  it("shows the draw on the ranking and prints the seed, the digests and the command in the published notice", async () => {
    const w = await lotteryWorld();
    await announce(w);
    await enterLotterySeed(ctx.db, w.organizer, { competitionId: w.competition.id, seed: "482913" }, at("2021-07-05T10:00"));
    const ranking = await renderPage(rankingPage, await requestAs(w.organizer.id, `/organizer/ranking?competition=${w.competition.id}`));
    expect(ranking).toContain('data-testid="division-draw" data-pending="no"');
    expect(ranking).toContain(sha(`482913:${w.number(1)}`));
    const published = await publishNotice(ctx.db, w.organizer, { competitionId: w.competition.id }, at("2021-07-05T10:30"));
    if (!published.ok) throw new Error("not published");
    const html = await renderPage(noticePage, new Request(`http://localhost/notices/${published.noticeId}`), "/notices/:id");
    expect(html).toContain('data-testid="notice-lottery"');
    expect(html).toContain('data-testid="notice-lottery-seed">482913<');
    for (const i of [1, 2, 3]) expect(html).toContain(sha(`482913:${w.number(i)}`));
    expect(html).toContain("sha256sum");
  });
});
