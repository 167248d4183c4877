// Every rule a per-competition setting (issue 11 point 2): the settings form stores each rule with
// the §7 defaults, refuses bad values with Chinese messages on the field, freezes each setting when
// the stage that uses it begins, and the services read the competition's rules.
import { parseRules } from "~/domain/competition-rules";
import { tMaybe } from "~/i18n";
import { newCompetitionFormValues } from "~/schemas/competition";
import { createCompetition as createCompetitionService, loadCompetitionDetail, updateCompetition } from "~/services/competitions.server";
import { competitionToFormValues } from "~/schemas/competition";
import { saveYearSchedule } from "~/services/calendar.server";
import { publishNotice } from "~/services/notices.server";
import { loadRanking } from "~/services/ranking.server";
import { fromShanghaiLocal } from "~/domain/time";
import { useFreshDatabase } from "../support/db";
import { createUser } from "../support/factories";
import { createPanel, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();
const NOW = new Date("2027-03-01T02:00:00.000Z");

let slugs = 0;
function newInput() {
  return {
    ...newCompetitionFormValues(2027),
    slug: `rules-2027-${++slugs}`,
    dates: {
      registration_opens_at: "2027-04-12T00:00",
      registration_closes_at: "2027-05-31T23:59",
      initial_review_ends_at: "2027-06-10T23:59",
      review_starts_at: "2027-06-15T00:00",
      review_ends_at: "2027-07-01T23:59",
      signing_ends_at: "2027-07-31T23:59",
      implementation_ends_at: "2027-12-31T23:59",
    },
  };
}

async function created() {
  const user = await createUser(ctx.db, "organizer");
  const actor = { id: user.id, role: user.role };
  const result = await createCompetitionService(ctx.db, actor, newInput(), NOW);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  const detail = (await loadCompetitionDetail(ctx.db, result.competitionId))!;
  return { actor, competitionId: result.competitionId, detail, v: competitionToFormValues(detail) };
}

describe("the settings form", () => {
  it("starts from the §7 defaults for every review, selection, notice and payment rule", async () => {
    const { detail } = await created();
    expect(detail.rules.review).toMatchObject({
      expertsPerProposal: 5, blind: true, aggregation: "trimmed_mean", trimMinScores: 5, qualificationLineCenti: 6000,
      rounds: [{ round: "desk", weightPercent: 40 }, { round: "live", weightPercent: 60 }],
    });
    expect(detail.rules.selection).toMatchObject({ allowPartialGrant: false, categoryQuotas: [] });
    expect(detail.rules.notice.workingDays).toBe(5);
    expect(detail.rules.objectionInvestigationWorkingDays).toBe(5);
    expect(detail.rules.tranches[0]).toMatchObject({ trigger: "signing", dueAfterDays: 15, dueUnit: "working" });
  });

  it("stores every rule the organizer sets, and shows it back on the form", async () => {
    const { actor, competitionId, v } = await created();
    const input = {
      ...v,
      reviewRounds: "desk", expertsPerProposal: "7", blind: "", aggregation: "median", trimMinScores: "6",
      qualificationLine: "65.5", outlierDistance: "12", allowPartialGrant: "on", minGrant: "8,000.00",
      noticeWorkingDays: "7", objectionInvestigationWorkingDays: "3", budgetCapBase: "grant",
      categories: v.categories.map((k, i) => (i === 1 ? { ...k, maxFunded: "2" } : k)),
      tranches: v.tranches.map((tr, i) => (i === 0 ? { ...tr, dueAfterDays: "10" } : tr)),
    };
    const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
    expect(result).toMatchObject({ ok: true });
    const detail = (await loadCompetitionDetail(ctx.db, competitionId))!;
    expect(detail.rules.review).toEqual({
      expertsPerProposal: 7, blind: false, aggregation: "median", trimMinScores: 6, rounds: [{ round: "desk", weightPercent: 100 }],
      qualificationLineCenti: 6550, outlierDistanceCenti: 1200,
      trimCount: 1, normalisation: "none", normalisationMinScores: 3, discordanceCenti: 3000, minExpertsPerProposal: 3, maxLoadPerExpert: 0,
    });
    expect(detail.rules.selection).toEqual({
      allowPartialGrant: true, minGrantFen: 800_000, categoryQuotas: [{ categoryCode: v.categories[1].code, maxFunded: 2 }],
      nearTieBandCenti: 0, lotterySeedSource: "witnessed", lotteryDivisions: [],
    });
    expect(detail.rules).toMatchObject({ notice: { workingDays: 7 }, objectionInvestigationWorkingDays: 3, budgetCapBase: "grant" });
    expect(detail.rules.tranches[0]).toMatchObject({ dueAfterDays: 10, dueUnit: "working" });
    const shown = competitionToFormValues(detail);
    expect(shown).toMatchObject({ reviewRounds: "desk", qualificationLine: "65.50", aggregation: "median", blind: false, minGrant: "8000.00" });
    expect(shown.categories[1].maxFunded).toBe("2");
  });

  it("refuses impossible values with a Chinese message next to each field, writing nothing", async () => {
    const { actor, competitionId, v } = await created();
    const before = (await loadCompetitionDetail(ctx.db, competitionId))!.competition.rules_json;
    const input = {
      ...v, qualificationLine: "101", deskWeightPercent: "100", noticeWorkingDays: "0", aggregation: "mode", allowPartialGrant: "on", minGrant: "0",
      categories: v.categories.map((k, i) => (i === 0 ? { ...k, maxFunded: "0" } : k)),
    };
    const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    const message = (f: string) => tMaybe(result.fieldErrors[f]);
    expect(message("qualificationLine")).toBe("请输入 0–100 之间的分数，最多两位小数");
    expect(message("noticeWorkingDays")).toBe("请输入 1–30 个工作日");
    expect(message("aggregation")).toBe("请选择一项");
    expect(message("categories.0.maxFunded")).toContain("1–1000");
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.rules_json).toBe(before);
  });

  it("stores the fair-review settings (trim k, normalisation, discordance, draw limits, near-tie lottery) and shows them back", async () => {
    const { actor, competitionId, v } = await created();
    const input = {
      ...v, trimCount: "2", normalisation: "zscore", normalisationMinScores: "4", discordance: "25.5", minExpertsPerProposal: "4",
      maxLoadPerExpert: "12", nearTieBand: "0.5", lotterySeedSource: "future_value", lotteryDivisions: `${v.divisions[1].code.toLowerCase()}`,
    };
    expect(await updateCompetition(ctx.db, actor, competitionId, input, NOW)).toMatchObject({ ok: true });
    const detail = (await loadCompetitionDetail(ctx.db, competitionId))!;
    expect(detail.rules.review).toMatchObject({ trimCount: 2, normalisation: "zscore", normalisationMinScores: 4, discordanceCenti: 2550, minExpertsPerProposal: 4, maxLoadPerExpert: 12 });
    expect(detail.rules.selection).toMatchObject({ nearTieBandCenti: 50, lotterySeedSource: "future_value", lotteryDivisions: [v.divisions[1].code] });
    expect(competitionToFormValues(detail)).toMatchObject({ trimCount: "2", normalisation: "zscore", discordance: "25.50", nearTieBand: "0.50", lotteryDivisions: v.divisions[1].code });
  });

  it("refuses fair-review settings that cannot work, in Chinese, writing nothing", async () => {
    const { actor, competitionId, v } = await created();
    const before = (await loadCompetitionDetail(ctx.db, competitionId))!.competition.rules_json;
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, trimCount: "0", normalisation: "rank", nearTieBand: "-1" }, NOW);
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    const message = (f: string) => tMaybe(result.fieldErrors[f]);
    expect(message("trimCount")).toBe("请输入 1–5");
    expect(message("normalisation")).toBe("请选择一项");
    expect(message("nearTieBand")).toBe("请输入 0–100 之间的分数，最多两位小数");
    const cross = await updateCompetition(ctx.db, actor, competitionId, { ...v, minExpertsPerProposal: "6", expertsPerProposal: "5", lotteryDivisions: "NOPE" }, NOW);
    expect(cross).toMatchObject({ ok: false, status: 400 });
    if (cross.ok) return;
    expect(tMaybe(cross.fieldErrors.minExpertsPerProposal)).toBe("最少专家人数不能多于每个项目的评审专家人数");
    expect(tMaybe(cross.fieldErrors.lotteryDivisions)).toBe("请填写本届大赛已有的赛区代码");
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.rules_json).toBe(before);
  });

  it("refuses a desk weight outside 1–99 when both rounds are used", async () => {
    const { actor, competitionId, v } = await created();
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, reviewRounds: "desk_live", deskWeightPercent: "100" }, NOW);
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { deskWeightPercent: "rules.settings.deskWeightInvalid" } });
  });
});

describe("settings freeze when their stage begins", () => {
  it("refuses review and selection changes once review has started, still taking a notice length", async () => {
    const { actor, competitionId, detail, v } = await created();
    await ctx.db
      .insertInto("assignment_runs")
      .values({ competition_id: competitionId, division_id: detail.divisions[0].id, round: "desk", seed: "s", experts_per_proposal: 5, created_by: actor.id, created_at: NOW.toISOString() })
      .execute();
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, aggregation: "mean", qualificationLine: "50", categories: v.categories.map((k, i) => (i === 0 ? { ...k, maxFunded: "1" } : k)) }, NOW);
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (!result.ok) {
      expect(tMaybe(result.fieldErrors.aggregation)).toBe("专家评审已开始，此项规则已冻结，不能再修改");
      expect(result.fieldErrors.qualificationLine).toBe("rules.frozen.review");
      expect(result.fieldErrors.categories).toBe("rules.frozen.review");
    }
    expect(await updateCompetition(ctx.db, actor, competitionId, { ...v, noticeWorkingDays: "7" }, NOW)).toMatchObject({ ok: true });
  });

  it("freezes the fair-review settings once review has started", async () => {
    const { actor, competitionId, detail, v } = await created();
    await ctx.db
      .insertInto("assignment_runs")
      .values({ competition_id: competitionId, division_id: detail.divisions[0].id, round: "desk", seed: "s", experts_per_proposal: 5, created_by: actor.id, created_at: NOW.toISOString() })
      .execute();
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, normalisation: "percentile", nearTieBand: "1", discordance: "10", trimCount: "2" }, NOW);
    expect(result).toMatchObject({
      ok: false, status: 409,
      fieldErrors: { normalisation: "rules.frozen.review", nearTieBand: "rules.frozen.review", discordance: "rules.frozen.review", trimCount: "rules.frozen.review" },
    });
  });

  it("freezes a published competition's review rules by its calendar, even before anyone is assigned", async () => {
    const { actor, competitionId, v } = await created();
    await ctx.db.updateTable("competitions").set({ status: "published" }).where("id", "=", competitionId).execute();
    const duringReview = fromShanghaiLocal("2027-06-20T10:00")!;
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, loadedAt: "", expertsPerProposal: "3" }, duringReview);
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { expertsPerProposal: "rules.frozen.review" } });
  });
});

describe("services read the competition's rules", () => {
  async function rankedWithQuota(quota: number | null, line = 6000) {
    const { actor, competitionId, detail } = await created();
    const rules = { ...detail.rules, review: { ...detail.rules.review, qualificationLineCenti: line } };
    rules.selection = { ...rules.selection, categoryQuotas: quota === null ? [] : [{ categoryCode: detail.categories[0].code, maxFunded: quota }] };
    await ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify(rules) }).where("id", "=", competitionId).execute();
    const experts = await createPanel(ctx.db, competitionId, actor.id);
    for (const [i, cat] of [0, 0, 0, 1].entries()) {
      await createScoredProposal(ctx.db, { competitionId, divisionId: detail.divisions[0].id, categoryId: detail.categories[cat].id, experts, title: `项目${i + 1}`, deskPoints: 90 - i * 5, livePoints: 90 - i * 5 });
    }
    return { actor, competitionId, ranking: await loadRanking(ctx.db, competitionId) };
  }

  it("selection honours the category quota the organizer set", async () => {
    const { ranking } = await rankedWithQuota(2);
    expect(ranking.divisions[0].rows.map((r) => [r.title, r.selection.outcome])).toEqual([
      ["项目1", "funded"], ["项目2", "funded"], ["项目3", "quotaFull"], ["项目4", "funded"],
    ]);
    const plain = await rankedWithQuota(null);
    expect(plain.ranking.divisions[0].rows.every((r) => r.selection.outcome === "funded")).toBe(true);
  });

  it("selection uses the competition's qualification line", async () => {
    const { ranking } = await rankedWithQuota(null, 8200);
    expect(ranking.divisions[0].rows.map((r) => r.selection.outcome)).toEqual(["funded", "funded", "belowLine", "belowLine"]);
  });

  it("the notice runs for the competition's notice length", async () => {
    const { actor, competitionId } = await rankedWithQuota(null);
    const rules = parseRules((await ctx.db.selectFrom("competitions").select("rules_json").where("id", "=", competitionId).executeTakeFirstOrThrow()).rules_json);
    await ctx.db.updateTable("competitions").set({ rules_json: JSON.stringify({ ...rules, notice: { workingDays: 7 } }) }).where("id", "=", competitionId).execute();
    // 2027 is not in the built-in holiday data: enter it first (no holiday in July)
    await saveYearSchedule(ctx.db, actor, { year: "2027", source: "2027年放假安排（测试数据）", holidays: [{ name: "国庆节", from: "2027-10-01", to: "2027-10-07" }], workdays: [] }, NOW);
    const r = await publishNotice(ctx.db, actor, { competitionId }, fromShanghaiLocal("2027-07-05T10:00")!);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const notice = await ctx.db.selectFrom("notices").selectAll().where("id", "=", r.noticeId).executeTakeFirstOrThrow();
    expect([notice.period_starts_on, notice.period_ends_on]).toEqual(["2027-07-06", "2027-07-14"]);
  });
});
