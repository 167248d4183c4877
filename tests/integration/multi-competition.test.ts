// Many competitions side by side (decision 011): one staff picker remembered per user, public pages
// per competition, counts scoped to the competition shown, rehearsals kept out of public view.
import { loader as archiveLoader } from "~/routes/competitions._index";
import { loader as competitionHomeLoader } from "~/routes/competitions.$slug._index";
import { loader as competitionNoticesLoader } from "~/routes/competitions.$slug.notices._index";
import { loader as competitionNoticeLoader } from "~/routes/competitions.$slug.notices.$id";
import { loader as competitionTransparencyLoader } from "~/routes/competitions.$slug.transparency";
import { loader as homeLoader } from "~/routes/_index";
import { loader as noticesLoader } from "~/routes/notices._index";
import { loader as calendarLoader } from "~/routes/organizer.calendar";
import { loader as financeLoader } from "~/routes/organizer.finance._index";
import { loader as notificationsLoader } from "~/routes/organizer.notifications._index";
import { loader as objectionsLoader } from "~/routes/organizer.objections._index";
import { loader as rehearsalDeskLoader } from "~/routes/organizer.rehearsal";
import { action as contributionsAction, loader as contributionsLoader } from "~/routes/organizer.finance.contributions";
import { loader as transparencyLoader } from "~/routes/transparency";
import { loader as sponsorLoader } from "~/routes/sponsor._index";
import { releaseSigningTranche } from "~/services/milestones.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { advanceRehearsalClock, createRehearsal } from "~/services/rehearsal.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createContractedProposal, createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { insertNotice } from "../support/factories-notice";

const t = useFreshDatabase();
const json = async (r: Response) => (r.status === 200 ? r.json() : Promise.reject(new Error(`status ${r.status}`)));

/** 2021 with money paid and a notice, then a newer 2027 competition published beside it. */
async function twoCompetitions() {
  const first = await createFinanceWorld(t.db);
  const sponsorUser = await createUser(t.db, "sponsor");
  await fundPool(t.db, first, 30_000_000, { sponsorUserId: sponsorUser.id, name: "陕西长安建设集团" });
  const signed = await createSignedAgreementWithMilestones(t.db, first, 8_000_000, { title: "银龄互助课堂" });
  await releaseSigningTranche(t.db, first.organizer, { milestoneId: signed.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
  const second = await createCompetition(t.db, { slug: "changan-2027", openRegistration: true });
  await t.db.updateTable("competitions").set({ year: 2027, name: "长安区社区公益创投大赛（2027）" }).where("id", "=", second.competition.id).execute();
  return { first, second: second.competition, sponsorUser };
}

describe("the staff competition picker", () => {
  it("shows the competition named by ?competition=<slug> and remembers it for that user only", async () => {
    const { first, second } = await twoCompetitions();
    const other = await createUser(t.db, "organizer");
    const url = (q: string) => new URL(`http://x/organizer/ranking${q}`);
    expect((await pickStaffCompetition(t.db, first.organizer, url(""))).competition?.id).toBe(second.id);
    expect((await pickStaffCompetition(t.db, first.organizer, url(`?competition=${first.competition.slug}`))).competition?.id).toBe(first.competition.id);
    expect((await pickStaffCompetition(t.db, first.organizer, url(""))).competition?.id).toBe(first.competition.id);
    expect((await pickStaffCompetition(t.db, other, url(""))).competition?.id).toBe(second.id);
  });

  it("still understands the old ?competitionId=<id> bookmarks and ignores an unknown name", async () => {
    const { first, second } = await twoCompetitions();
    const url = (q: string) => new URL(`http://x/organizer/notices${q}`);
    expect((await pickStaffCompetition(t.db, first.organizer, url(`?competitionId=${first.competition.id}`))).competition?.id).toBe(first.competition.id);
    expect((await pickStaffCompetition(t.db, first.organizer, url(`?competition=${second.id}`))).competition?.id).toBe(second.id);
    expect((await pickStaffCompetition(t.db, first.organizer, url("?competition=nope"))).competition?.id).toBe(second.id);
  });
});

describe("staff pages scoped to the competition shown", () => {
  it("counts only the shown competition's ledger entries on the finance dashboard", async () => {
    const { first, second } = await twoCompetitions();
    const mine = await json(await callRoute(financeLoader, await requestAs(first.organizer.id, `/organizer/finance?competition=${first.competition.slug}`)));
    expect(mine.competitionName).toBe(first.competition.name);
    expect(mine.integrity.entries).toBeGreaterThan(0);
    const newer = await json(await callRoute(financeLoader, await requestAs(first.organizer.id, `/organizer/finance?competition=${second.slug}`)));
    expect(newer.integrity.entries).toBe(0);
    expect(newer.totals.paidFen).toBe(0);
  });

  it("records a pledge against the competition the form showed, not the newest", async () => {
    const { first, second } = await twoCompetitions();
    await fundPool(t.db, first, 1_000_00, { name: "西安某银行" });
    const sponsor = await t.db.selectFrom("sponsors").select("id").where("name", "=", "西安某银行").executeTakeFirstOrThrow();
    const response = await callRoute(
      contributionsAction,
      await requestAs(first.organizer.id, `/organizer/finance/contributions?competition=${first.competition.slug}`, {
        method: "POST",
        body: formBody({ intent: "pledge", competitionId: String(first.competition.id), sponsorId: String(sponsor.id), amount: "2000", pledgedOn: "2027-01-05" }),
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain(`competition=${first.competition.slug}`);
    const pledges = await t.db.selectFrom("contributions").select("competition_id").where("pledged_fen", "=", 200_000).execute();
    expect(pledges).toEqual([{ competition_id: first.competition.id }]);
    const newer = await json(await callRoute(contributionsLoader, await requestAs(first.organizer.id, `/organizer/finance/contributions?competition=${second.slug}`)));
    expect(newer.contributions).toEqual([]);
  });

  it("refuses a pledge that names no competition, writing nothing", async () => {
    const { first } = await twoCompetitions();
    const before = await t.db.selectFrom("contributions").select("id").execute();
    const response = await callRoute(
      contributionsAction,
      await requestAs(first.organizer.id, "/organizer/finance/contributions", { method: "POST", body: formBody({ intent: "pledge", competitionId: "999", sponsorId: "1", amount: "10", pledgedOn: "2027-01-05" }) }),
    );
    expect(response.status).toBe(400);
    expect(await t.db.selectFrom("contributions").select("id").execute()).toEqual(before);
  });
});

describe("objections, notification switches and the calendar follow the one picker", () => {
  async function objectionIn(world: Parameters<typeof createContractedProposal>[1], name: string) {
    const { proposalId } = await createContractedProposal(t.db, world);
    await t.db
      .insertInto("objections")
      .values({ notice_id: world.noticeId, proposal_id: proposalId, name, mobile: "13800138000", relation: "other", reasons: "异议理由异议理由", status: "pending", filed_at: "2021-07-06T02:00:00.000Z" })
      .execute();
  }

  it("lists only the shown competition's objections, and the switches of the competition picked", async () => {
    const { first, second } = await twoCompetitions();
    const secondWorld = {
      ...(await t.db.selectFrom("competitions").selectAll().where("id", "=", second.id).executeTakeFirstOrThrow().then((competition) => ({ competition }))),
      divisions: await t.db.selectFrom("divisions").selectAll().where("competition_id", "=", second.id).execute(),
      categories: await t.db.selectFrom("categories").selectAll().where("competition_id", "=", second.id).execute(),
      organizer: first.organizer,
      noticeId: await insertNotice(t.db, { competitionId: second.id, publishedBy: first.organizer.id, rows: [] }),
    };
    await objectionIn(first, "张甲");
    await objectionIn(secondWorld, "李乙");
    const list = async (q: string) => json(await callRoute(objectionsLoader, await requestAs(first.organizer.id, `/organizer/objections${q}`)));
    const older = await list(`?competition=${first.competition.slug}`);
    expect(older.objections.map((o: { name: string }) => o.name)).toEqual(["张甲"]);
    expect(older.competition.slug).toBe(first.competition.slug);
    // remembered: the next page without a parameter shows the same competition
    const notify = await json(await callRoute(notificationsLoader, await requestAs(first.organizer.id, "/organizer/notifications")));
    expect(notify.competitionId).toBe(first.competition.id);
    const newer = await list(`?competition=${second.slug}`);
    expect(newer.objections.map((o: { name: string }) => o.name)).toEqual(["李乙"]);
  });

  it("tells the organizer which years the shown competition needs and which are not entered yet", async () => {
    const { first, second } = await twoCompetitions();
    const later = await json(await callRoute(calendarLoader, await requestAs(first.organizer.id, `/organizer/calendar?competition=${second.slug}`)));
    expect(later.competition.slug).toBe(second.slug);
    expect(later.needed.missing.length).toBeGreaterThan(0);
    expect(later.form.year).toBe(String(later.needed.missing[0]));
    const old = await json(await callRoute(calendarLoader, await requestAs(first.organizer.id, `/organizer/calendar?competition=${first.competition.slug}`)));
    expect(old.needed).toMatchObject({ years: [2021, 2022], missing: [] });
  });
});

describe("the stage between expert review and the notice", () => {
  it("is named 确定实施方案 on the archive and on the rehearsal desk until a notice is published", async () => {
    const { competition, organizer } = await (async () => {
      const created = await createCompetition(t.db, { slug: "plan-stage" });
      return { competition: created.competition, organizer: await createUser(t.db, "organizer") };
    })();
    const day = 86_400_000;
    const at = (d: number) => new Date(Date.now() + d * day).toISOString();
    await t.db
      .updateTable("competitions")
      .set({ registration_opens_at: at(-40), registration_closes_at: at(-30), initial_review_ends_at: at(-20), review_starts_at: at(-19), review_ends_at: at(-1), signing_ends_at: at(30), implementation_ends_at: at(300) })
      .where("id", "=", competition.id)
      .execute();
    const archive = await json(await callRoute(archiveLoader, await requestAs(null, "/competitions")));
    expect(archive.competitions.find((c: { slug: string }) => c.slug === "plan-stage").stage).toBe("plan");
    await insertNotice(t.db, { competitionId: competition.id, publishedBy: organizer.id, publishedAt: at(0), periodEndsAt: at(7), rows: [] });
    const during = await json(await callRoute(archiveLoader, await requestAs(null, "/competitions")));
    expect(during.competitions.find((c: { slug: string }) => c.slug === "plan-stage").stage).toBe("notice");

    const created = await createRehearsal(t.db, organizer, { name: "方案" }, new Date());
    if (!created.ok) throw new Error(JSON.stringify(created));
    const advanced = await advanceRehearsalClock(t.db, organizer, created.competitionId, { to: "review" }, new Date());
    expect(advanced.ok).toBe(true);
    const desk = await json(await callRoute(rehearsalDeskLoader, await requestAs(organizer.id, "/organizer/rehearsal")));
    expect(desk.rehearsals[0].stage).toBe("plan");
  });
});

describe("public pages of every competition", () => {
  it("keeps the first competition's notice, payments and transparency at its own URLs after a newer one is published", async () => {
    const { first, second } = await twoCompetitions();
    const home = await json(await callRoute(homeLoader, await requestAs(null, "/")));
    expect(home.competition.slug).toBe(second.slug);
    expect(home.others.map((c: { slug: string }) => c.slug)).toEqual([first.competition.slug]);

    const archive = await json(await callRoute(archiveLoader, await requestAs(null, "/competitions")));
    const entry = archive.competitions.find((c: { slug: string }) => c.slug === first.competition.slug);
    expect(entry).toMatchObject({ latestNoticeId: first.noticeId, funded: 1 });
    expect(entry.paidFen).toBeGreaterThan(0);

    const money = await json(await callRoute(competitionTransparencyLoader, await requestAs(null, `/competitions/${first.competition.slug}/transparency`), { slug: first.competition.slug }));
    expect(money.page.projects.map((p: { title: string }) => p.title)).toEqual(["银龄互助课堂"]);
    expect(money.page.totals.receivedFen).toBe(30_000_000);
    expect(money.page.totals.paidFen).toBe(entry.paidFen);

    const notices = await json(await callRoute(competitionNoticesLoader, await requestAs(null, `/competitions/${first.competition.slug}/notices`), { slug: first.competition.slug }));
    expect(notices.notices.map((n: { id: number }) => n.id)).toEqual([first.noticeId]);
    const redirect = await callRoute(competitionNoticeLoader, await requestAs(null, "/"), { slug: first.competition.slug, id: String(first.noticeId) });
    expect(redirect.headers.get("Location")).toBe(`/notices/${first.noticeId}`);
    // a notice id under another competition's slug is not found
    const wrong = await callRoute(competitionNoticeLoader, await requestAs(null, "/"), { slug: second.slug, id: String(first.noticeId) });
    expect(wrong.status).toBe(404);

    const current = await json(await callRoute(transparencyLoader, await requestAs(null, "/transparency")));
    expect(current.page.competitionSlug).toBe(second.slug);
    expect(current.others.map((c: { slug: string }) => c.slug)).toEqual([first.competition.slug]);
  });

  it("answers 404 for a draft competition's pages", async () => {
    const { competition } = await createCompetition(t.db, { slug: "draft-2028" });
    await t.db.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
    expect((await callRoute(competitionHomeLoader, await requestAs(null, "/competitions/draft-2028"), { slug: "draft-2028" })).status).toBe(404);
  });
});

describe("a rehearsal (演练) stays out of public view", () => {
  it("never appears on the home page, archive, notice list or transparency, and has no public money", async () => {
    const { first, second, sponsorUser } = await twoCompetitions();
    const created = await createRehearsal(t.db, first.organizer, { name: "培训" }, new Date());
    if (!created.ok) throw new Error(JSON.stringify(created));
    await insertNotice(t.db, { competitionId: created.competitionId, publishedBy: first.organizer.id, rows: [] });
    // a real sponsor's pledge recorded into the rehearsal by mistake
    const sponsor = await t.db.selectFrom("sponsors").select("id").where("user_id", "=", sponsorUser.id).executeTakeFirstOrThrow();
    await t.db.insertInto("contributions").values({ sponsor_id: sponsor.id, competition_id: created.competitionId, pledged_fen: 100, pledged_on: "2027-01-01", status: "pledged" }).execute();

    const home = await json(await callRoute(homeLoader, await requestAs(null, "/")));
    expect(home.competition.slug).toBe(second.slug);
    expect(home.others.map((c: { slug: string }) => c.slug)).not.toContain(created.slug);
    const archive = await json(await callRoute(archiveLoader, await requestAs(null, "/competitions")));
    expect(archive.competitions.map((c: { slug: string }) => c.slug)).not.toContain(created.slug);
    const notices = await json(await callRoute(noticesLoader, await requestAs(null, "/notices")));
    expect(notices.others.map((c: { slug: string }) => c.slug)).not.toContain(created.slug);
    expect((await callRoute(competitionTransparencyLoader, await requestAs(null, "/"), { slug: created.slug })).status).toBe(404);
    const sponsorView = await json(await callRoute(sponsorLoader, await requestAs(sponsorUser.id, "/sponsor")));
    expect(JSON.stringify(sponsorView)).not.toContain("演练");

    // its own participants still reach its home, marked as a rehearsal
    const page = await json(await callRoute(competitionHomeLoader, await requestAs(null, `/competitions/${created.slug}`), { slug: created.slug }));
    expect(page.competition).toMatchObject({ isRehearsal: 1, name: "【演练】培训" });
  });

  it("starts with a simulated sponsor's money in its own pool only", async () => {
    const { first } = await twoCompetitions();
    const before = await json(await callRoute(transparencyLoader, await requestAs(null, "/transparency")));
    const created = await createRehearsal(t.db, first.organizer, {}, new Date());
    if (!created.ok) throw new Error(JSON.stringify(created));
    const dashboard = await json(await callRoute(financeLoader, await requestAs(first.organizer.id, `/organizer/finance?competition=${created.slug}`)));
    expect(dashboard.totals.poolFen).toBeGreaterThan(0);
    expect(dashboard.competition.is_rehearsal).toBe(1);
    const after = await json(await callRoute(transparencyLoader, await requestAs(null, "/transparency")));
    expect(after.page.totals).toEqual(before.page.totals);
  });

  it("may be created by an organizer only", async () => {
    const applicant = await createUser(t.db, "applicant");
    const refused = await createRehearsal(t.db, applicant, {}, new Date());
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.selectFrom("competitions").select("id").execute()).toEqual([]);
  });
});
