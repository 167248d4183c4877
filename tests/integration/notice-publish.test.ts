// Publishing the shortlist as a public notice: frozen snapshot, fingerprint, working-day period, versions.
import { sql } from "kysely";
import { fromShanghaiLocal } from "~/domain/time";
import { parseSnapshot } from "~/domain/notice";
import { loadNoticePage, publishNotice, sha256Hex } from "~/services/notices.server";
import { setOverride } from "~/services/calendar.server";
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition } from "../support/factories-notice";


const ctx = useFreshDatabase();
const at = (local: string) => fromShanghaiLocal(local)!;
const organizerOf = (w: { organizer: { id: number } }) => ({ id: w.organizer.id, role: "organizer" });

describe("publishing a notice", () => {
  it("freezes the funded rows, the panel and a SHA-256 of the exact snapshot, with a 5-working-day period", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    const result = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(result).toMatchObject({ ok: true, version: 1 });
    if (!result.ok) return;
    const notice = await ctx.db.selectFrom("notices").selectAll().where("id", "=", result.noticeId).executeTakeFirstOrThrow();
    expect(notice.sha256).toBe(sha256Hex(notice.snapshot_json));
    expect([notice.period_starts_on, notice.period_ends_on, notice.period_ends_at]).toEqual(["2021-07-06", "2021-07-12", "2021-07-12T15:59:59.999Z"]);
    const snapshot = parseSnapshot(notice.snapshot_json);
    expect(snapshot.rows.map((r) => r.title)).toEqual(["测试项目1", "测试项目2", "测试项目3"]);
    expect(snapshot.rows[0]).toMatchObject({ seq: 1, division: "韦曲赛区", approvedFen: 5_000_000 });
    expect(snapshot.rows[0].applicant).toMatch(/社工服务中心/);
    expect(snapshot.panel).toEqual(world.experts.map((e) => e.name));
    expect(snapshot.totalFen).toBe(15_000_000);
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "notice.published").execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses to publish before the expert review has ended", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const result = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-01T10:00"));
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "notice.error.reviewNotEnded" } });
    expect(await ctx.db.selectFrom("notices").selectAll().execute()).toHaveLength(0);
  });

  it("refuses anyone but an organizer", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const result = await publishNotice(ctx.db, { id: world.organizer.id, role: "applicant" }, { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it("uses the organizer's calendar corrections for the period", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    await setOverride(ctx.db, organizerOf(world), { dateOn: "2021-07-08", kind: "holiday", note: "区级活动调整" }, at("2021-07-01T10:00"));
    const result = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    if (!result.ok) throw new Error(JSON.stringify(result));
    const notice = await ctx.db.selectFrom("notices").selectAll().where("id", "=", result.noticeId).executeTakeFirstOrThrow();
    expect(notice.period_ends_on).toBe("2021-07-13");
  });

  it("publishes a correction as a new version that supersedes the old one, which stays readable", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    const first = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const unchanged = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-06T10:00"));
    expect(unchanged).toMatchObject({ ok: false, fieldErrors: { _form: "notice.error.unchanged" } });

    await ctx.db.updateTable("proposals").set({ status: "disqualified" }).where("id", "=", world.proposals[1].proposalId).execute();
    const second = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id, note: "经调查，异议成立。" }, at("2021-07-08T10:00"));
    expect(second).toMatchObject({ ok: true, version: 2 });
    if (!second.ok) return;

    const page = await loadNoticePage(ctx.db, second.noticeId, at("2021-07-08T11:00"));
    expect(page?.notice.supersedes_id).toBe(first.noticeId);
    expect(page?.snapshot.rows.map((r) => r.title)).toEqual(["测试项目1", "测试项目3"]);
    expect(page?.changes?.removed.map((r) => r.title)).toEqual(["测试项目2"]);
    expect(page?.versions.map((v) => v.version)).toEqual([2, 1]);

    const old = await loadNoticePage(ctx.db, first.noticeId, at("2021-07-08T11:00"));
    expect(old?.window).toBe("superseded");
    expect(old?.snapshot.rows).toHaveLength(3);
  });

  it("refuses a new version that would no longer fund a project with a signed agreement", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
    const [a, b, c] = world.proposals;
    // Budget 100,000: A 30,000 funded, B 80,000 skipped (70,000 left), C 70,000 funded and signed.
    await ctx.db.updateTable("divisions").set({ budget_fen: 10_000_000 }).where("id", "=", world.divisions[0].id).execute();
    await ctx.db.updateTable("proposals").set({ requested_fen: 3_000_000 }).where("id", "=", a.proposalId).execute();
    await ctx.db.updateTable("proposals").set({ requested_fen: 8_000_000 }).where("id", "=", b.proposalId).execute();
    await ctx.db.updateTable("proposals").set({ requested_fen: 7_000_000 }).where("id", "=", c.proposalId).execute();
    const first = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    expect(first).toMatchObject({ ok: true, version: 1 });
    await ctx.db.updateTable("proposals").set({ status: "contracted" }).where("id", "=", c.proposalId).execute();

    // A is disqualified: B now fits first and C would fall out.
    await ctx.db.updateTable("proposals").set({ status: "disqualified" }).where("id", "=", a.proposalId).execute();
    const second = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-20T10:00"));
    expect(second).toMatchObject({ ok: false, status: 409, fieldErrors: { _form: "notice.error.signedProjectDropped" }, params: { title: "测试项目3" } });
    expect(await ctx.db.selectFrom("notices").select("version").where("competition_id", "=", world.competition.id).execute()).toHaveLength(1);
  });

  it("keeps published notices append-only: a direct UPDATE is aborted", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 1 });
    const result = await publishNotice(ctx.db, organizerOf(world), { competitionId: world.competition.id }, at("2021-07-05T10:00"));
    if (!result.ok) throw new Error(JSON.stringify(result));
    await expect(sql`update notices set title = 'x' where id = ${result.noticeId}`.execute(ctx.db)).rejects.toThrow(/append-only/);
  });
});
