// The discordance gate: a proposal whose experts' scores spread beyond the competition's threshold
// needs a panel note (entered by the organizer, audited) before a notice can be published.
import { fromShanghaiLocal } from "~/domain/time";
import { tMaybe } from "~/i18n";
import { addDiscordanceNote } from "~/services/discordance.server";
import { publishNotice } from "~/services/notices.server";
import { loadRanking } from "~/services/ranking.server";
import { loadMyCalibration, loadScoreSheet } from "~/services/scores.server";
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition } from "../support/factories-notice";

const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;

/** Spreads one proposal's desk scores: one expert 40 points above another (threshold 30 by default). */
async function spreadScores(proposalId: number) {
  const rows = await ctx.db
    .selectFrom("scores")
    .innerJoin("assignments", "assignments.id", "scores.assignment_id")
    .select(["scores.id"])
    .where("assignments.proposal_id", "=", proposalId)
    .where("assignments.round", "=", "desk")
    .orderBy("scores.id")
    .execute();
  await ctx.db.updateTable("scores").set({ total_centi: 9900 }).where("id", "=", rows[0].id).execute();
  await ctx.db.updateTable("scores").set({ total_centi: 5900 }).where("id", "=", rows[1].id).execute();
}

async function discordantWorld() {
  const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
  await spreadScores(world.proposals[1].proposalId);
  return { world, organizer: { id: world.organizer.id, role: "organizer" } };
}

describe("the discordance gate", () => {
  it("flags only the proposal whose spread exceeds the threshold", async () => {
    const { world } = await discordantWorld();
    const rows = (await loadRanking(ctx.db, world.competition.id)).divisions[0].rows;
    expect(rows.filter((r) => r.discordant).map((r) => r.title)).toEqual(["测试项目2"]);
    expect(rows.find((r) => r.title === "测试项目2")!.rounds.find((r) => r.round === "desk")!.spreadCenti).toBe(4000);
  });

  it("refuses to publish a notice until the flagged proposal has a panel note, saying which in Chinese", async () => {
    const { world, organizer } = await discordantWorld();
    const refused = await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(refused).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "fair.notice.discordantUnnoted" } });
    if (refused.ok) return;
    expect(tMaybe(refused.fieldErrors._form, refused.params)).toBe(
      "有 1 个项目专家评分离散度超出提示值，须先在排名页由评审组填写说明，才能发布公示：「测试项目2」",
    );
    expect(await ctx.db.selectFrom("notices").selectAll().execute()).toHaveLength(0);

    const noted = await addDiscordanceNote(ctx.db, organizer, { proposalId: world.proposals[1].proposalId, note: "评审组复议：两位专家对预算理解不同，维持原评分。" }, at("2021-07-05T09:00"));
    expect(noted).toEqual({ ok: true });
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "discordance.note").execute();
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].entity_id)).toBe(world.proposals[1].proposalId);

    const published = await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(published).toMatchObject({ ok: true, version: 1 });
  });

  it("refuses an empty or oversized note, a note by a non-organizer and a note on an unknown proposal, writing nothing", async () => {
    const { world, organizer } = await discordantWorld();
    const proposalId = world.proposals[1].proposalId;
    expect(await addDiscordanceNote(ctx.db, organizer, { proposalId, note: "  " }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 400, fieldErrors: { note: "fair.note.length" } });
    expect(await addDiscordanceNote(ctx.db, organizer, { proposalId, note: "长".repeat(1001) }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 400 });
    expect(await addDiscordanceNote(ctx.db, organizer, { proposalId: "abc", note: "评审组说明内容" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 400 });
    expect(await addDiscordanceNote(ctx.db, { id: world.experts[0].id, role: "expert" }, { proposalId, note: "评审组说明内容" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 403 });
    expect(await addDiscordanceNote(ctx.db, organizer, { proposalId: 999_999, note: "评审组说明内容" }, at("2021-07-05T09:00"))).toMatchObject({ ok: false, status: 404 });
    expect(await ctx.db.selectFrom("discordance_notes").selectAll().execute()).toHaveLength(0);
  });

  it("publishes without any note when the threshold is 0 (off)", async () => {
    const { world, organizer } = await discordantWorld();
    const c = await ctx.db.selectFrom("competitions").select("rules_json").where("id", "=", world.competition.id).executeTakeFirstOrThrow();
    const rules = JSON.parse(c.rules_json);
    rules.review = { ...rules.review, discordanceCenti: 0 };
    await ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify(rules) }).where("id", "=", world.competition.id).execute();
    expect(await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"))).toMatchObject({ ok: true });
  });
});

describe("an expert's own scores against the panel", () => {
  it("shows, only after the review has ended, the expert's mean and spread beside the whole panel's", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    await spreadScores(world.proposals[1].proposalId); // desk: one expert 99 and another 59 on the second proposal
    const expert = world.experts[0];
    const review = await ctx.db.selectFrom("competitions").select("review_ends_at").where("id", "=", world.competition.id).executeTakeFirstOrThrow();
    expect(await loadMyCalibration(ctx.db, expert.id, new Date(Date.parse(review.review_ends_at) - 1000))).toEqual([]);
    const after = await loadMyCalibration(ctx.db, expert.id, at("2021-07-05T10:00"));
    const desk = after.find((c) => c.round === "desk")!;
    // own desk totals 90, 99, 80: mean 89.67, sample SD √((0.11 + 87.11 + 93.44) / 2) ≈ 9.50
    expect(desk.own.n).toBe(3);
    expect(desk.own.mean).toBeCloseTo(8966.67, 1);
    expect(desk.own.sd).toBeCloseTo(950.44, 1);
    expect(desk.panel.n).toBe(15);
    expect(after.map((c) => c.round).sort()).toEqual(["desk", "live"]);
  });
});

describe("what an expert sees before submitting", () => {
  it("the score sheet carries only the expert's own score, never another expert's or the panel's aggregate", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const proposalId = world.proposals[0].proposalId;
    const [mine, other] = await ctx.db
      .selectFrom("assignments")
      .select(["id", "expert_id"])
      .where("proposal_id", "=", proposalId)
      .where("round", "=", "desk")
      .orderBy("id")
      .limit(2)
      .execute();
    await ctx.db.updateTable("scores").set({ total_centi: 7777 }).where("assignment_id", "=", other.id).execute();
    await ctx.db.updateTable("scores").set({ status: "draft", submitted_at: null }).where("assignment_id", "=", mine.id).execute();
    const sheet = await loadScoreSheet(ctx.db, { id: mine.expert_id, role: "expert" }, mine.id, at("2021-06-25T10:00"));
    expect(sheet.ok).toBe(true);
    const text = JSON.stringify(sheet);
    expect(text).not.toContain("7777");
    expect(text).not.toContain("77.77");
  });
});
