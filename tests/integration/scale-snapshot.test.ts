// The stored ranking is computed once per change and kept; publishing computes before the write lock.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { fromShanghaiLocal } from "~/domain/time";
import { commitNotice, prepareNotice, publishNotice } from "~/services/notices.server";
import { decideAward } from "~/services/ranking.server";
import { ensureRankingSnapshot, loadRankingRows, loadRowExplanation } from "~/services/ranking-snapshot.server";
import { reopenScore } from "~/services/scores.server";
import type { DB } from "../../db/connection";
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;
const organizerOf = (w: { organizer: { id: number } }) => ({ id: w.organizer.id, role: "organizer" });
const page1 = (divisionId: number) => ({ divisionId, page: 1, pageSize: 50, q: "", sort: "rank" as const, outcome: "all" as const });

async function computedAtAfter(db: DB, competitionId: number, change: () => Promise<unknown>) {
  await ensureRankingSnapshot(db, competitionId, new Date("2021-07-01T00:00:00Z"));
  await change();
  return (await ensureRankingSnapshot(db, competitionId, new Date("2021-07-02T00:00:00Z"))).computedAt;
}
const KEPT = "2021-07-01T00:00:00.000Z";
const RECOMPUTED = "2021-07-02T00:00:00.000Z";

describe("stored ranking snapshot", () => {
  it("keeps the ranking between views while nothing changes", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    expect(await computedAtAfter(ctx.db, world.competition.id, async () => {})).toBe(KEPT);
    const { rows, total } = await loadRankingRows(ctx.db, world.competition.id, page1(world.divisions[0].id));
    expect(total).toBe(3);
    expect(rows.map((r) => [r.proposal_id, r.rank, r.final_centi])).toEqual(world.proposals.map((p, i) => [p.proposalId, i + 1, 9000 - i * 500]));
  });

  it("recomputes after an award decision", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const proposalId = world.proposals[0].proposalId;
    expect(
      await computedAtAfter(ctx.db, world.competition.id, () =>
        decideAward(ctx.db, organizerOf(world), { proposalId: String(proposalId), approvedYuan: "42000", reason: "宣传费预算偏高，核减 8000 元" }, new Date()),
      ),
    ).toBe(RECOMPUTED);
    const { rows } = await loadRankingRows(ctx.db, world.competition.id, page1(world.divisions[0].id));
    expect(rows[0]).toMatchObject({ proposal_id: proposalId, approved_fen: 4_200_000 });
  });

  it("recomputes after a score is reopened and after one is submitted", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const score = await ctx.db.selectFrom("scores").select("id").orderBy("id").executeTakeFirstOrThrow();
    expect(
      await computedAtAfter(ctx.db, world.competition.id, () => reopenScore(ctx.db, organizerOf(world), { scoreId: String(score.id), reason: "专家反映第二项误录为 8 分" }, new Date())),
    ).toBe(RECOMPUTED);
    const { rows } = await loadRankingRows(ctx.db, world.competition.id, page1(world.divisions[0].id));
    expect(rows.find((r) => r.proposal_id === world.proposals[0].proposalId)).toMatchObject({ rank: null, outcome: "unscored" });
    expect(
      await computedAtAfter(ctx.db, world.competition.id, () =>
        createScoredProposal(ctx.db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, experts: world.experts, deskPoints: 99, livePoints: 99 }),
      ),
    ).toBe(RECOMPUTED);
  });

  it("recomputes after the competition's rules or a division budget are saved", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const rules = (await ctx.db.selectFrom("competitions").select("rules_json").where("id", "=", world.competition.id).executeTakeFirstOrThrow()).rules_json;
    const changed = JSON.parse(rules);
    changed.review.qualificationLineCenti = 8800;
    expect(
      await computedAtAfter(ctx.db, world.competition.id, () => ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify(changed) }).where("id", "=", world.competition.id).execute()),
    ).toBe(RECOMPUTED);
    const { rows } = await loadRankingRows(ctx.db, world.competition.id, page1(world.divisions[0].id));
    expect(rows.map((r) => r.outcome)).toEqual(["funded", "belowLine"]);
    expect(
      await computedAtAfter(ctx.db, world.competition.id, () => ctx.db.updateTable("divisions").set({ budget_fen: 1 }).where("id", "=", world.divisions[0].id).execute()),
    ).toBe(RECOMPUTED);
  });

  it("keeps each row's full explanation for on-demand display, with the row above it for the tie-break", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    await ensureRankingSnapshot(ctx.db, world.competition.id, new Date());
    const second = await loadRowExplanation(ctx.db, world.competition.id, world.proposals[1].proposalId);
    expect(second?.row.rounds.map((r) => r.submitted)).toEqual([5, 5]);
    expect(second?.previous?.proposalId).toBe(world.proposals[0].proposalId);
    expect(Object.values(second?.names ?? {})).toHaveLength(5);
  });

  it("finds rows by title or applicant, escaping LIKE wildcards", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    await ensureRankingSnapshot(ctx.db, world.competition.id, new Date());
    const find = (q: string) => loadRankingRows(ctx.db, world.competition.id, { ...page1(world.divisions[0].id), q });
    expect((await find("测试项目2")).rows.map((r) => r.proposal_id)).toEqual([world.proposals[1].proposalId]);
    expect((await find("%")).total).toBe(0);
  });
});

/** Counts the statements sent between BEGIN IMMEDIATE and COMMIT (what runs while the write lock is held). */
class LockedStatements implements KyselyPlugin {
  inside = false;
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const text = JSON.stringify(args.node);
    if (text.includes("begin immediate")) this.inside = true;
    else if (text.includes('"commit"') || text.includes('"rollback"')) this.inside = false;
    else if (this.inside) this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe("publishing a notice at scale", () => {
  it("runs the same few statements under the write lock for 2 or 12 proposals (the ranking is computed before it)", async () => {
    const counts = [];
    for (const n of [2, 12]) {
      const world = await createReviewedCompetition(ctx.db, { proposals: n });
      const counter = new LockedStatements();
      const result = await publishNotice(ctx.db.withPlugin(counter), organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
      expect(result).toMatchObject({ ok: true, version: 1 });
      counts.push(counter.count);
    }
    expect(counts[1]).toBe(counts[0]);
    // + 7 for the notice.published outbox rows written in the same transaction (issue 12: recipients, event
    // switch, contacts, preferences, one batched insert) — a fixed number, the same for 2 or 12 proposals
    expect(counts[0]).toBeLessThanOrEqual(8 + 7);
  });

  it("does not write a notice prepared before a score changed; publishing prepares again and succeeds", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const now = at("2021-07-05T10:00");
    const prepared = await prepareNotice(ctx.db, world.competition.id, now);
    await decideAward(ctx.db, organizerOf(world), { proposalId: String(world.proposals[0].proposalId), approvedYuan: "30000", reason: "宣传费预算偏高，核减 20000 元" }, new Date());
    const stale = await ctx.db.connection().execute((trx) => commitNotice(trx, organizerOf(world), prepared, { title: "", note: "" }, now));
    expect(stale).toBeNull();
    expect(await ctx.db.selectFrom("notices").selectAll().execute()).toHaveLength(0);

    const result = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, now);
    expect(result).toMatchObject({ ok: true, version: 1 });
    const notice = await ctx.db.selectFrom("notices").select("snapshot_json").executeTakeFirstOrThrow();
    expect(JSON.parse(notice.snapshot_json).rows[0]).toMatchObject({ approvedFen: 3_000_000 });
  });
});
