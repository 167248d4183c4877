// Dates that cannot rewrite history (issue 11 point 3).
import { lockedDates, publicTimeline, stageAt } from "~/domain/stages";
import { fromShanghaiLocal } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { competitionToFormValues } from "~/schemas/competition";
import { generateAgreements, signAgreement } from "~/services/agreements.server";
import { loadCompetitionDetail, updateCompetition } from "~/services/competitions.server";
import { publishNotice } from "~/services/notices.server";
import { createDraftProposal, submitProposal } from "~/services/proposals.server";
import { saveOrganizationProfile } from "~/services/organizations.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, requestAs, TEST_PASSWORD } from "../support/factories";
import { createReviewedCompetition, createSignedAgreement } from "../support/factories-notice";
import { profileInput, uniqueUsername, validContent } from "../support/factories-registration";

const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;

async function editInput(competitionId: number) {
  return competitionToFormValues((await loadCompetitionDetail(ctx.db, competitionId))!);
}

describe("the stage function", () => {
  const dates = {
    registration_opens_at: "2021-04-11T16:00:00.000Z", registration_closes_at: "2021-05-31T15:59:59.999Z",
    initial_review_ends_at: "2021-06-10T15:59:59.999Z", review_starts_at: "2021-06-14T16:00:00.000Z",
    review_ends_at: "2021-07-02T15:59:59.999Z", signing_ends_at: "2021-07-31T15:59:59.999Z", implementation_ends_at: "2021-12-31T15:59:59.999Z",
  };
  it("locks on the settings form exactly the dates that can no longer move", () => {
    expect(lockedDates(dates, at("2021-04-01T10:00"), false)).toEqual([]);
    // registration open: its start is history, its end can still be extended
    expect(lockedDates(dates, at("2021-05-01T10:00"), false)).toEqual(["registration_opens_at"]);
    expect(lockedDates(dates, at("2021-07-03T10:00"), false)).toEqual([
      "registration_opens_at", "registration_closes_at", "initial_review_ends_at", "review_starts_at", "review_ends_at",
    ]);
    // once a notice is out, registration and review are over whatever their dates say
    expect(lockedDates({ ...dates, review_ends_at: "2021-08-02T15:59:59.999Z" }, at("2021-07-03T10:00"), true)).toContain("review_ends_at");
  });

  it("reports 确定实施方案 between the end of review and the notice, then 公示 and 签订协议", () => {
    const between = at("2021-07-03T10:00");
    expect(stageAt(dates, between, { published: false, open: false })).toBe("plan");
    expect(t(`stage.${stageAt(dates, between, { published: false, open: false })}` as "stage.plan")).toBe("确定实施方案");
    expect(stageAt(dates, at("2021-07-07T10:00"), { published: true, open: true })).toBe("notice");
    expect(stageAt(dates, at("2021-07-20T10:00"), { published: true, open: false })).toBe("signing");
    expect(publicTimeline(dates, { publishedAt: "2021-07-05T02:00:00.000Z", periodEndsAt: "2021-07-12T15:59:59.999Z" }).map((s) => s.stage)).toEqual([
      "registration", "initialReview", "review", "plan", "notice", "signing", "implementation",
    ]);
  });
});

describe("changing a published competition's dates", () => {
  it("after the notice and signing, refuses to move the registration deadline into the future, and a new applicant cannot submit", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const organizer = { id: world.organizer.id, role: "organizer" };
    const published = await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(published.ok).toBe(true);
    await createSignedAgreement(ctx.db, { competitionId: world.competition.id, organizerId: organizer.id });
    const later = at("2021-08-10T10:00");
    const v = await editInput(world.competition.id);
    const future = {
      registration_closes_at: "2021-09-30T23:59", initial_review_ends_at: "2021-10-10T23:59", review_starts_at: "2021-10-15T00:00",
      review_ends_at: "2021-10-30T23:59", signing_ends_at: "2021-11-30T23:59",
    };
    const moved = { ...v, dates: { ...v.dates, ...future }, dateChangeReason: "应街道要求延长申报" };
    const result = await updateCompetition(ctx.db, organizer, world.competition.id, moved, later);
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (!result.ok) expect(tMaybe(result.fieldErrors["dates.registration_closes_at"])).toContain("公示已发布");
    expect((await loadCompetitionDetail(ctx.db, world.competition.id))!.competition.registration_closes_at).toBe(world.competition.registration_closes_at);
    expect(await ctx.db.selectFrom("competition_date_changes").selectAll().execute()).toHaveLength(0);

    // a new applicant tries anyway: closed by date, and closed by the notice even if the dates were forced open
    const applicant = await createUser(ctx.db, "applicant", { username: uniqueUsername() });
    const actor = { id: applicant.id, role: "applicant" };
    expect((await saveOrganizationProfile(ctx.db, actor, profileInput("social_org"), later)).ok).toBe(true);
    const draft = await createDraftProposal(ctx.db, actor, world.competition.id, later);
    if (draft.ok) {
      const content = validContent({ divisions: world.divisions, categories: world.categories }, { requested: 5_000_000 });
      expect(await submitProposal(ctx.db, actor, draft.proposalId, content, later)).toMatchObject({ ok: false, status: 409 });
      await ctx.db.updateTable("competitions").set({ registration_closes_at: "2021-09-30T15:59:59.999Z" }).where("id", "=", world.competition.id).execute();
      const forced = await submitProposal(ctx.db, actor, draft.proposalId, content, later);
      expect(forced).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: t("rules.dates.noticePublished") } });
    }
    expect(await ctx.db.selectFrom("proposals").selectAll().where("organization_id", "in", ctx.db.selectFrom("organizations").select("id").where("user_id", "=", applicant.id)).where("first_submitted_at", "is not", null).execute()).toHaveLength(0);
  });

  it("refuses to end a stage that has already ended, or to move a started one's start, naming when", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const organizer = { id: world.organizer.id, role: "organizer" };
    const v = await editInput(world.competition.id);
    const during = at("2021-06-20T10:00"); // expert review running
    const input = { ...v, dateChangeReason: "调整", dates: { ...v.dates, registration_opens_at: "2021-04-20T00:00", initial_review_ends_at: "2021-06-12T23:59", review_ends_at: "2021-06-19T23:59" } };
    const result = await updateCompetition(ctx.db, organizer, world.competition.id, input, during);
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (result.ok) return;
    expect(tMaybe(result.fieldErrors["dates.registration_opens_at"])).toBe("该阶段已于 2021年4月12日 00:00 开始，开始时间不能再修改");
    expect(tMaybe(result.fieldErrors["dates.initial_review_ends_at"])).toContain("已于 2021年6月10日 23:59 结束");
    expect(tMaybe(result.fieldErrors["dates.review_ends_at"])).toContain("新的时间已经过去");
  });

  it("extends an open window with a reason: audited and listed on the public timeline", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const organizer = { id: world.organizer.id, role: "organizer" };
    const v = await editInput(world.competition.id);
    const during = at("2021-06-20T10:00");
    const extended = { ...v, dates: { ...v.dates, review_ends_at: "2021-07-09T23:59", signing_ends_at: "2021-08-15T23:59" } };
    const noReason = await updateCompetition(ctx.db, organizer, world.competition.id, extended, during);
    expect(noReason).toMatchObject({ ok: false, status: 409, fieldErrors: { dateChangeReason: "rules.dates.reasonRequired" } });
    const ok = await updateCompetition(ctx.db, organizer, world.competition.id, { ...extended, dateChangeReason: "现场答辩因暴雨顺延一周" }, during);
    expect(ok).toMatchObject({ ok: true });
    const changes = await ctx.db.selectFrom("competition_date_changes").selectAll().orderBy("id").execute();
    expect(changes.map((c) => [c.field, c.to_at, c.reason])).toEqual([
      ["review_ends_at", "2021-07-09T15:59:59.999Z", "现场答辩因暴雨顺延一周"],
      ["signing_ends_at", "2021-08-15T15:59:59.999Z", "现场答辩因暴雨顺延一周"],
    ]);
    const audit = await ctx.db.selectFrom("audit_log").select("after_json").where("action", "=", "competition.updated").execute();
    expect(audit[0].after_json).toContain("2021-07-09T15:59:59.999Z");

    const route = await import("~/routes/competitions.$slug.timeline");
    const page = await (await callRoute(route.loader, await requestAs(null, `/competitions/${world.competition.slug}/timeline`), { slug: world.competition.slug })).json();
    expect(page.timeline.changes.map((c: { field: string; reason: string }) => [c.field, c.reason])).toEqual([
      ["signing_ends_at", "现场答辩因暴雨顺延一周"],
      ["review_ends_at", "现场答辩因暴雨顺延一周"],
    ]);
    // the history of dates is append-only
    await expect(ctx.db.deleteFrom("competition_date_changes").execute()).rejects.toThrow();
  });
});

describe("an open window", () => {
  it("may be extended but not cut short; a window not yet open may move earlier", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const organizer = { id: world.organizer.id, role: "organizer" };
    const v = await editInput(world.competition.id);
    const during = at("2021-06-20T10:00");
    expect(Date.parse(v.dates.review_starts_at + "+08:00")).toBeLessThan(during.getTime());
    const reason = { dateChangeReason: "评审专家时间调整" };
    const cut = await updateCompetition(ctx.db, organizer, world.competition.id, { ...v, ...reason, dates: { ...v.dates, review_ends_at: "2021-06-25T23:59" } }, during);
    expect(cut).toMatchObject({ ok: false, status: 409 });
    expect(cut.ok ? "" : cut.fieldErrors["dates.review_ends_at"]).toMatch(/只能延后截止时间/);
    expect(await ctx.db.selectFrom("competition_date_changes").selectAll().execute()).toEqual([]);
    const earlierEnd = { ...v.dates, implementation_ends_at: "2021-11-30T23:59" };
    expect(Date.parse(earlierEnd.implementation_ends_at)).toBeLessThan(Date.parse(v.dates.implementation_ends_at));
    expect(await updateCompetition(ctx.db, organizer, world.competition.id, { ...v, ...reason, dates: earlierEnd }, during)).toMatchObject({ ok: true });
  });
});

describe("signing_ends_at", () => {
  it("refuses to sign an agreement after signing has closed", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const organizer = { id: world.organizer.id, role: "organizer" };
    expect((await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"))).ok).toBe(true);
    expect((await generateAgreements(ctx.db, organizer, world.competition.id, at("2021-07-13T09:00"))).ok).toBe(true);
    const agreement = await ctx.db.selectFrom("agreements").selectAll().executeTakeFirstOrThrow();
    const applicant = { id: world.proposals[0].applicantId, role: "applicant" };
    const input = { password: TEST_PASSWORD, textSha256: agreement.text_sha256, confirm: "yes" };
    const late = await signAgreement(ctx.db, applicant, agreement.id, input, at("2021-08-01T09:00"));
    expect(late).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "rules.dates.signingEnded" } });
    expect(tMaybe("rules.dates.signingEnded", { at: "2021年7月31日 23:59" })).toContain("2021年7月31日 23:59");
    expect(await signAgreement(ctx.db, applicant, agreement.id, input, at("2021-07-20T09:00"))).toMatchObject({ ok: true });
  });
});
