// Competition setup (大赛设置): the organizer creates, edits and publishes a competition; every rule on
// the settings is enforced by the server with a Chinese message on the field, and nothing is written
// when a change is refused.
import { Migrator } from "kysely";
import { openDatabase } from "../../db/connection";
import { migrations } from "../../db/migrations";
import { CHANGAN_2021 } from "../../seeds/changan-2021";
import { DEFAULT_RULES } from "../../app/domain/competition-rules";
import { t, tMaybe } from "../../app/i18n";
import { newCompetitionFormValues } from "../../app/schemas/competition";
import {
  createCompetition as createCompetitionService,
  loadCompetitionDetail,
  publishCompetition,
  updateCompetition,
} from "../../app/services/competitions.server";
import { competitionToFormValues } from "../../app/schemas/competition";
import * as editRoute from "../../app/routes/organizer.competitions.$id";
import * as newRoute from "../../app/routes/organizer.competitions.new";
import * as listRoute from "../../app/routes/organizer.competitions._index";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createSignedAgreement, insertNotice } from "../support/factories-notice";
import { flattenFormFields } from "../support/factories-registration";
import { createProposalRow } from "../support/factories-review";

const ctx = useFreshDatabase();
const NOW = new Date("2022-03-01T02:00:00.000Z");

/** The prefilled new-competition form with its stage dates filled in (Beijing time). */
function newInput(overrides: Record<string, unknown> = {}) {
  const values = newCompetitionFormValues(2022);
  return {
    ...values,
    slug: "changan-2022",
    dates: {
      registration_opens_at: "2022-04-11T00:00",
      registration_closes_at: "2022-05-31T23:59",
      initial_review_ends_at: "2022-06-10T23:59",
      review_starts_at: "2022-06-15T00:00",
      review_ends_at: "2022-07-01T23:59",
      signing_ends_at: "2022-07-31T23:59",
      implementation_ends_at: "2022-12-31T23:59",
    },
    ...overrides,
  };
}

async function organizer() {
  const user = await createUser(ctx.db, "organizer");
  return { id: user.id, role: user.role };
}

async function created() {
  const actor = await organizer();
  const result = await createCompetitionService(ctx.db, actor, newInput(), NOW);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return { actor, competitionId: result.competitionId };
}

/** The edit form as the page would show it for a stored competition. */
async function editInput(competitionId: number) {
  return competitionToFormValues((await loadCompetitionDetail(ctx.db, competitionId))!);
}

async function auditRows(action: string) {
  return ctx.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();
}

async function stored(competitionId: number) {
  const detail = (await loadCompetitionDetail(ctx.db, competitionId))!;
  return { ...detail, audit: await ctx.db.selectFrom("audit_log").select("id").execute() };
}

describe("creating a competition", () => {
  it("stores the §7 defaults: 50/30/20 tranches, personnel ≤ 30 %, management ≤ 5 %, the six-criterion rubric, as a draft", async () => {
    const { competitionId } = await created();
    const detail = (await loadCompetitionDetail(ctx.db, competitionId))!;
    expect(detail.competition.status).toBe("draft");
    expect(detail.competition.total_fund_fen).toBe(410_000_000);
    expect(detail.rules.tranches.map((tr) => tr.percent)).toEqual([50, 30, 20]);
    expect(detail.rules.budgetCaps).toEqual(expect.arrayContaining([
      { category: "personnel", maxPercent: 30 },
      { category: "management", maxPercent: 5 },
    ]));
    expect(detail.rules.rubric).toEqual(DEFAULT_RULES.rubric);
    expect(detail.rules.rubric.reduce((s, r) => s + r.maxPoints, 0)).toBe(100);
    expect(detail.rules.applicantTypes.social_org.maxGrantFen).toBe(10_000_000);
    expect(detail.rules.applicantTypes.resident_team.maxGrantFen).toBe(2_000_000);
    expect(detail.rules.minTeamMembers).toBe(3);
    expect(detail.rules.maxProposalsPerApplicant).toBe(1);
    expect(detail.rules.review).toEqual(DEFAULT_RULES.review);
    expect(detail.divisions.map((d) => [d.code, d.budget_fen])).toEqual([["WQ", 205_000_000], ["GD", 205_000_000]]);
    expect(detail.categories).toHaveLength(10);
    // stage dates are Beijing time, stored as UTC
    expect(detail.competition.registration_opens_at).toBe("2022-04-10T16:00:00.000Z");
    // a closing time typed as 23:59 includes that whole minute
    expect(detail.competition.registration_closes_at).toBe("2022-05-31T15:59:59.999Z");
  });

  it("writes an audit row with the settings as created", async () => {
    const { actor, competitionId } = await created();
    const [row] = await auditRows("competition.created");
    expect(row.actor_id).toBe(actor.id);
    expect(row.entity_id).toBe(String(competitionId));
    expect(row.before_json).toBeNull();
    expect(JSON.parse(row.after_json!).rules.tranches).toHaveLength(3);
  });

  it("refuses an applicant, an expert and a sponsor", async () => {
    for (const role of ["applicant", "expert", "sponsor", "reviewer"] as const) {
      const user = await createUser(ctx.db, role);
      const result = await createCompetitionService(ctx.db, { id: user.id, role }, newInput(), NOW);
      expect(result).toMatchObject({ ok: false, status: 403 });
    }
    expect(await ctx.db.selectFrom("competitions").select("id").execute()).toHaveLength(0);
  });

  it("refuses an identifier another competition already uses", async () => {
    const { actor } = await created();
    const again = await createCompetitionService(ctx.db, actor, newInput({ name: "另一届大赛" }), NOW);
    expect(again).toMatchObject({ ok: false, status: 409 });
    if (!again.ok) expect(tMaybe(again.fieldErrors.slug)).toBe("此标识已被其他大赛使用");
    expect(await ctx.db.selectFrom("competitions").select("id").execute()).toHaveLength(1);
  });
});

describe("settings every competition must satisfy", () => {
  const cases: [string, (v: ReturnType<typeof newInput>) => unknown, string, string][] = [
    [
      "division budgets above the total fund",
      (v) => ({ ...v, totalFund: "4000000.00" }),
      "divisions",
      "各赛区资金合计超过资助资金总额",
    ],
    [
      "stage dates out of order",
      (v) => ({ ...v, dates: { ...v.dates, registration_closes_at: "2022-04-01T00:00" } }),
      "dates.registration_closes_at",
      "各阶段时间须依次递增",
    ],
    [
      "tranches adding up to 90 %",
      (v) => ({ ...v, tranches: v.tranches.map((tr, i) => (i === 2 ? { ...tr, percent: "10" } : tr)) }),
      "tranches",
      "拨付比例合计须为 100%",
    ],
    [
      "rubric points adding up to 95",
      (v) => ({ ...v, rubric: v.rubric.map((r, i) => (i === 5 ? { ...r, maxPoints: "5" } : r)) }),
      "rubric",
      "评分标准各项分值合计须为 100 分",
    ],
    [
      "no applicant type allowed",
      (v) => ({
        ...v,
        applicantTypes: Object.fromEntries(Object.entries(v.applicantTypes).map(([k, a]) => [k, { ...a, enabled: false }])),
      }),
      "applicantTypes",
      "至少允许一类申报主体",
    ],
    [
      "a personnel cap above 100 %",
      (v) => ({ ...v, budgetCaps: v.budgetCaps.map((c) => (c.category === "personnel" ? { ...c, maxPercent: "130" } : c)) }),
      "budgetCaps.0.maxPercent",
      "请输入 0–100 的整数",
    ],
    [
      "two divisions with one code",
      (v) => ({ ...v, divisions: v.divisions.map((d) => ({ ...d, code: "WQ" })) }),
      "divisions",
      "代码不能重复",
    ],
    [
      "a tranche without a trigger",
      (v) => ({ ...v, tranches: v.tranches.map((tr, i) => (i === 1 ? { ...tr, trigger: "" } : tr)) }),
      "tranches.1.trigger",
      "请选择拨付条件",
    ],
  ];

  it.each(cases)("refuses %s with a Chinese message on the field, writing nothing", async (_name, change, field, message) => {
    const actor = await organizer();
    const result = await createCompetitionService(ctx.db, actor, change(newInput()), NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(tMaybe(result.fieldErrors[field])).toBe(message);
    expect(await ctx.db.selectFrom("competitions").select("id").execute()).toHaveLength(0);
    expect(await ctx.db.selectFrom("audit_log").select("id").execute()).toHaveLength(0);
  });

  it("ignores blank spare rows and keeps the positions of the rows around a cleared one", async () => {
    const actor = await organizer();
    const v = newInput();
    const input = {
      ...v,
      categories: [...v.categories.slice(0, 2), { id: "", code: "", name: "" }, { id: "", code: "x y", name: "坏代码" }],
    };
    const result = await createCompetitionService(ctx.db, actor, input, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fieldErrors)).toEqual(["categories.3.code"]);
  });
});

describe("editing a competition", () => {
  it("saves changes to every part and records before and after in the audit trail", async () => {
    const { actor, competitionId } = await created();
    const v = await editInput(competitionId);
    const input = {
      ...v,
      name: "长安区社区公益创投大赛（2022 修订）",
      divisions: [...v.divisions, { id: "", code: "XZ", name: "兴隆赛区", budget: "100000.00" }].map((d, i) => (i === 0 ? { ...d, budget: "1950000.00" } : d)),
      categories: v.categories.filter((k) => k.code !== "other"),
      budgetCaps: v.budgetCaps.map((c) => (c.category === "publicity" ? { ...c, maxPercent: "15" } : c)),
      rubric: v.rubric.map((r, i) => (i === 0 ? { ...r, maxPoints: "25" } : i === 1 ? { ...r, maxPoints: "20" } : r)),
      tranches: [
        { ...v.tranches[0], percent: "40" },
        { ...v.tranches[1], percent: "40" },
        { ...v.tranches[2], percent: "20" },
      ],
      maxProposalsPerApplicant: "2",
    };
    const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
    expect(result).toEqual({ ok: true, competitionId });
    const after = (await loadCompetitionDetail(ctx.db, competitionId))!;
    expect(after.competition.name).toBe("长安区社区公益创投大赛（2022 修订）");
    expect(after.divisions.map((d) => [d.code, d.budget_fen])).toEqual([["WQ", 195_000_000], ["GD", 205_000_000], ["XZ", 10_000_000]]);
    expect(after.categories.map((k) => k.code)).not.toContain("other");
    expect(after.rules.budgetCaps).toContainEqual({ category: "publicity", maxPercent: 15 });
    expect(after.rules.rubric.slice(0, 2).map((r) => r.maxPoints)).toEqual([25, 20]);
    expect(after.rules.tranches.map((tr) => tr.percent)).toEqual([40, 40, 20]);
    expect(after.rules.maxProposalsPerApplicant).toBe(2);
    const [row] = await auditRows("competition.updated");
    expect(JSON.parse(row.before_json!).name).toBe("长安区社区公益创投大赛（2022）");
    expect(JSON.parse(row.after_json!).name).toBe("长安区社区公益创投大赛（2022 修订）");
    expect(JSON.parse(row.after_json!).divisions).toHaveLength(3);
  });

  it("lets two divisions swap codes", async () => {
    const { actor, competitionId } = await created();
    const v = await editInput(competitionId);
    const input = { ...v, divisions: v.divisions.map((d) => ({ ...d, code: d.code === "WQ" ? "GD" : "WQ" })) };
    expect((await updateCompetition(ctx.db, actor, competitionId, input, NOW)).ok).toBe(true);
    const after = (await loadCompetitionDetail(ctx.db, competitionId))!;
    expect(after.divisions.map((d) => [d.name, d.code])).toEqual([["韦曲赛区", "GD"], ["郭杜赛区", "WQ"]]);
  });

  it("refuses non-organizers and leaves the competition as it was", async () => {
    const { competitionId } = await created();
    const before = await stored(competitionId);
    const applicant = await createUser(ctx.db, "applicant");
    const v = await editInput(competitionId);
    const result = await updateCompetition(ctx.db, { id: applicant.id, role: "applicant" }, competitionId, { ...v, name: "改名" }, NOW);
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await stored(competitionId)).toEqual(before);
  });

  it("refuses a form loaded before someone else's save, keeping the other save", async () => {
    const { actor, competitionId } = await created();
    const stale = await editInput(competitionId);
    const later = new Date(NOW.getTime() + 60_000);
    expect((await updateCompetition(ctx.db, actor, competitionId, { ...stale, name: "第一位的修改" }, later)).ok).toBe(true);
    const result = await updateCompetition(ctx.db, actor, competitionId, { ...stale, name: "第二位的修改" }, new Date(later.getTime() + 60_000));
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (!result.ok) expect(tMaybe(result.fieldErrors._form)).toContain("其他人已保存");
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.name).toBe("第一位的修改");
  });

  it("answers 404 for a competition that does not exist", async () => {
    const actor = await organizer();
    expect(await updateCompetition(ctx.db, actor, 999, newInput(), NOW)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses a row id that belongs to another competition, or one posted twice", async () => {
    const { actor, competitionId } = await created();
    const other = await createCompetition(ctx.db);
    const v = await editInput(competitionId);
    const input = { ...v, divisions: [{ ...v.divisions[0], id: String(other.divisions[0].id) }, v.divisions[1]] };
    const before = await stored(competitionId);
    expect(await updateCompetition(ctx.db, actor, competitionId, input, NOW)).toMatchObject({ ok: false, status: 400 });
    const twice = { ...v, divisions: [v.divisions[0], { ...v.divisions[1], id: v.divisions[0].id }] };
    expect(await updateCompetition(ctx.db, actor, competitionId, twice, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(await stored(competitionId)).toEqual(before);
  });

  describe("once proposals exist", () => {
    async function withSubmittedProposal() {
      const world = await created();
      const detail = (await loadCompetitionDetail(ctx.db, world.competitionId))!;
      await createProposalRow(ctx.db, { competitionId: world.competitionId, divisionId: detail.divisions[1].id, categoryId: detail.categories[9].id });
      return { ...world, v: await editInput(world.competitionId), before: await stored(world.competitionId) };
    }

    it("refuses to delete a division a proposal uses, naming it", async () => {
      const { actor, competitionId, v, before } = await withSubmittedProposal();
      const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, divisions: [v.divisions[0]] }, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) expect(tMaybe(result.fieldErrors.divisions)).toBe("已有申报书使用“郭杜赛区”，不能删除");
      expect(await stored(competitionId)).toEqual(before);
    });

    it("refuses to delete a category a proposal uses (clearing its row)", async () => {
      const { actor, competitionId, v, before } = await withSubmittedProposal();
      const categories = v.categories.map((k, i) => (i === 9 ? { ...k, code: "", name: "" } : k));
      const result = await updateCompetition(ctx.db, actor, competitionId, { ...v, categories }, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) expect(tMaybe(result.fieldErrors.categories)).toBe("已有申报书使用“其他”，不能删除");
      expect(await stored(competitionId)).toEqual(before);
    });

    it("still deletes a division nobody uses", async () => {
      const { actor, competitionId, v } = await withSubmittedProposal();
      const input = { ...v, divisions: [...v.divisions, { id: "", code: "XZ", name: "兴隆赛区", budget: "0.00" }] };
      expect((await updateCompetition(ctx.db, actor, competitionId, input, NOW)).ok).toBe(true);
      const again = await editInput(competitionId);
      expect((await updateCompetition(ctx.db, actor, competitionId, { ...again, divisions: again.divisions.slice(0, 2) }, NOW)).ok).toBe(true);
      expect((await loadCompetitionDetail(ctx.db, competitionId))!.divisions.map((d) => d.code)).toEqual(["WQ", "GD"]);
    });

    it("refuses to change budget caps, the rubric or eligibility after a submission, saying so on each field", async () => {
      const { actor, competitionId, v, before } = await withSubmittedProposal();
      const input = {
        ...v,
        budgetCaps: v.budgetCaps.map((c) => (c.category === "personnel" ? { ...c, maxPercent: "40" } : c)),
        rubric: v.rubric.map((r, i) => (i === 0 ? { ...r, name: "需求分析" } : r)),
        applicantTypes: { ...v.applicantTypes, resident_team: { ...v.applicantTypes.resident_team, maxGrant: "25000.00" } },
        minSelfRaisedPercent: "20",
      };
      const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (result.ok) return;
      for (const field of ["budgetCaps", "rubric", "applicantTypes", "minSelfRaisedPercent"]) {
        expect(tMaybe(result.fieldErrors[field]), field).toBe("已有申报书提交，此项不能再修改");
      }
      expect(await stored(competitionId)).toEqual(before);
    });

    it("still accepts a new name and later dates after a submission", async () => {
      const { actor, competitionId, v } = await withSubmittedProposal();
      const input = { ...v, name: "长安区社区公益创投大赛（2022 延期）", dates: { ...v.dates, implementation_ends_at: "2023-01-31T23:59" } };
      expect((await updateCompetition(ctx.db, actor, competitionId, input, NOW)).ok).toBe(true);
    });

    it("refuses to change the rubric once expert review has started", async () => {
      const { actor, competitionId, v } = await withSubmittedProposal();
      const divisionId = (await loadCompetitionDetail(ctx.db, competitionId))!.divisions[0].id;
      await ctx.db
        .insertInto("assignment_runs")
        .values({ competition_id: competitionId, division_id: divisionId, round: "desk", seed: "s", experts_per_proposal: 5, created_by: actor.id, created_at: NOW.toISOString() })
        .execute();
      const before = await stored(competitionId);
      const input = { ...v, rubric: v.rubric.map((r, i) => (i === 0 ? { ...r, maxPoints: "25" } : i === 1 ? { ...r, maxPoints: "20" } : r)) };
      const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) expect(tMaybe(result.fieldErrors.rubric)).toBe("已开始评分，评分标准不能再修改");
      expect(await stored(competitionId)).toEqual(before);
    });

    it("refuses to change division budgets once a notice has been published, still accepting a new name", async () => {
      const { actor, competitionId, v } = await withSubmittedProposal();
      await insertNotice(ctx.db, { competitionId, publishedBy: actor.id });
      const before = await stored(competitionId);
      const input = { ...v, divisions: v.divisions.map((d, i) => (i === 0 ? { ...d, budget: "2000000.00" } : d)) };
      const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) expect(tMaybe(result.fieldErrors.divisions)).toBe("公示已发布，赛区资金不能再修改");
      expect(await stored(competitionId)).toEqual(before);
      expect((await updateCompetition(ctx.db, actor, competitionId, { ...v, divisions: v.divisions.map((d) => ({ ...d, name: `${d.name}（公示）` })) }, NOW)).ok).toBe(true);
    });

    it("refuses to change the tranche plan once an agreement exists", async () => {
      const { actor, competitionId, v } = await withSubmittedProposal();
      await createSignedAgreement(ctx.db, { competitionId, organizerId: actor.id });
      const before = await stored(competitionId);
      const input = { ...v, tranches: v.tranches.map((tr, i) => (i === 0 ? { ...tr, percent: "60" } : i === 1 ? { ...tr, percent: "20" } : tr)) };
      const result = await updateCompetition(ctx.db, actor, competitionId, input, NOW);
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) expect(tMaybe(result.fieldErrors.tranches)).toBe("已签订协议，拨付计划不能再修改");
      expect(await stored(competitionId)).toEqual(before);
    });
  });
});

describe("publishing", () => {
  it("turns a draft into a published competition once, with an audit row", async () => {
    const { actor, competitionId } = await created();
    expect(await publishCompetition(ctx.db, actor, competitionId, NOW)).toEqual({ ok: true, competitionId });
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.status).toBe("published");
    expect(await auditRows("competition.published")).toHaveLength(1);
    const again = await publishCompetition(ctx.db, actor, competitionId, NOW);
    expect(again).toMatchObject({ ok: false, status: 409 });
    if (!again.ok) expect(tMaybe(again.fieldErrors._form)).toBe("大赛已发布");
    expect(await auditRows("competition.published")).toHaveLength(1);
  });

  it("freezes the identifier and year of a published competition, still accepting other edits", async () => {
    const { actor, competitionId } = await created();
    await publishCompetition(ctx.db, actor, competitionId, NOW);
    const v = await editInput(competitionId);
    const before = await stored(competitionId);
    const refused = await updateCompetition(ctx.db, actor, competitionId, { ...v, slug: "changan-2022b", year: "2023" }, NOW);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    if (!refused.ok) {
      expect(tMaybe(refused.fieldErrors.slug)).toBe("大赛发布后，标识和年度不能再修改");
      expect(tMaybe(refused.fieldErrors.year)).toBe("大赛发布后，标识和年度不能再修改");
    }
    expect(await stored(competitionId)).toEqual(before);
    expect((await updateCompetition(ctx.db, actor, competitionId, { ...v, summary: "新的简介" }, NOW)).ok).toBe(true);
  });

  it("refuses a reviewer", async () => {
    const { competitionId } = await created();
    const reviewer = await createUser(ctx.db, "reviewer");
    expect(await publishCompetition(ctx.db, { id: reviewer.id, role: "reviewer" }, competitionId, NOW)).toMatchObject({ ok: false, status: 403 });
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.status).toBe("draft");
  });
});

describe("setup pages", () => {
  it("lists competitions with status and stage", async () => {
    const { actor } = await created();
    await createCompetition(ctx.db, { openRegistration: true });
    const response = await callRoute(listRoute.loader, await requestAs(actor.id, "/organizer/competitions"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { competitions: { status: string; stage: string }[] };
    expect(body.competitions.map((c) => c.status).sort()).toEqual(["draft", "published"]);
    expect(body.competitions.map((c) => c.stage)).toContain("registration");
  });

  it("creates a competition from a posted form and redirects to its page", async () => {
    const actor = await organizer();
    const fields = flattenFormFields(newInput());
    const response = await callRoute(newRoute.action, await requestAs(actor.id, "/organizer/competitions/new", { method: "POST", body: formBody(fields) }));
    expect(response.status).toBe(302);
    const competition = await ctx.db.selectFrom("competitions").select(["id", "status"]).executeTakeFirstOrThrow();
    expect(response.headers.get("Location")).toBe(`/organizer/competitions/${competition.id}?created=1`);
    expect(competition.status).toBe("draft");
  });

  it("answers 400 with the message on the field when the posted rubric does not add up to 100", async () => {
    const { actor, competitionId } = await created();
    const v = await editInput(competitionId);
    const fields = flattenFormFields({ ...v, rubric: v.rubric.map((r, i) => (i === 0 ? { ...r, maxPoints: "30" } : r)) });
    const response = await callRoute(
      editRoute.action,
      await requestAs(actor.id, `/organizer/competitions/${competitionId}`, { method: "POST", body: formBody({ ...fields, intent: "save" }) }),
      { id: String(competitionId) },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; fieldErrors: Record<string, string> };
    expect(tMaybe(body.fieldErrors.rubric)).toBe(t("registration.competition.rubricMustSum100"));
    expect(tMaybe(body.fieldErrors.rubric)).toBe("评分标准各项分值合计须为 100 分");
    expect(await auditRows("competition.updated")).toHaveLength(0);
  });

  it("saves a posted edit form, spare blank rows included, and publishes from the same page", async () => {
    const { actor, competitionId } = await created();
    const v = await editInput(competitionId);
    const spare = { divisions: [...v.divisions, { id: "", code: "", name: "", budget: "" }], tranches: [...v.tranches, { name: "", percent: "", trigger: "", dueAfterDays: "", deliverables: "" }] };
    const fields = flattenFormFields({ ...v, ...spare, host: "长安区民政局（主办）" });
    const url = `/organizer/competitions/${competitionId}`;
    const saved = await callRoute(editRoute.action, await requestAs(actor.id, url, { method: "POST", body: formBody({ ...fields, intent: "save" }) }), { id: String(competitionId) });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.host).toBe("长安区民政局（主办）");
    const published = await callRoute(editRoute.action, await requestAs(actor.id, url, { method: "POST", body: formBody({ intent: "publish", confirm: "yes" }) }), { id: String(competitionId) });
    expect(published.status).toBe(200);
    expect((await loadCompetitionDetail(ctx.db, competitionId))!.competition.status).toBe("published");
  });

  it("turns an applicant away from the edit page", async () => {
    const { competitionId } = await created();
    const applicant = await createUser(ctx.db, "applicant");
    const response = await callRoute(editRoute.loader, await requestAs(applicant.id, `/organizer/competitions/${competitionId}`), { id: String(competitionId) });
    expect([403, 404]).toContain(response.status);
  });
});

describe("the total-fund migration", () => {
  it("gives competitions that existed before it the sum of their division budgets", async () => {
    const db = openDatabase(":memory:");
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo("2026_11_22_05_ledger")).error).toBeUndefined();
      // a competition as it was stored before the column existed
      const { divisions, categories: _categories, rules, totalFundFen: _total, ...columns } = CHANGAN_2021;
      const at = NOW.toISOString();
      const { id } = await db
        .insertInto("competitions")
        .values({ ...columns, rules_json: JSON.stringify(rules), created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("divisions").values(divisions.map((d, i) => ({ ...d, competition_id: id, sort_order: i + 1 }))).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const row = await db.selectFrom("competitions").select("total_fund_fen").executeTakeFirstOrThrow();
      expect(row.total_fund_fen).toBe(410_000_000);
    } finally {
      await db.destroy();
    }
  });
});
