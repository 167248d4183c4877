// The organizer's workspace: the stage and next deadline of the competition shown, and what is waiting,
// counted for that competition only, each count linking to the page where the work is done.
import type { DB } from "../../db/connection";
import * as home from "~/routes/organizer._index";
import * as proposalsPage from "~/routes/organizer.proposals";
import { useFreshDatabase } from "../support/db";
import { renderPage } from "../support/render";
import { callRoute, createCompetition, requestAs } from "../support/factories";
import { insertNotice } from "../support/factories-notice";
import { assign, createProposalRow, createReviewWorld } from "../support/factories-review";
import { countStatements } from "../support/statements";

const ctx = useFreshDatabase();

const today = new Date().toISOString().slice(0, 10);
const daysFrom = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function agreement(db: DB, competitionId: number, proposalId: number, noticeId: number, organizerId: number, status: "draft" | "org_signed" | "signed" | "terminated") {
  const at = new Date().toISOString();
  const row = await db
    .insertInto("agreements")
    .values({
      proposal_id: proposalId, competition_id: competitionId, notice_id: noticeId, amount_fen: 3_000_000, text: "协议", text_sha256: "0".repeat(64), status,
      org_signed_by: status === "draft" ? null : organizerId, org_signed_at: status === "draft" ? null : at,
      organizer_signed_by: status === "signed" || status === "terminated" ? organizerId : null, organizer_signed_at: status === "signed" || status === "terminated" ? at : null, created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function milestone(db: DB, agreementId: number, seq: number, status: "pending" | "submitted" | "rectifying" | "paid", dueOn: string) {
  await db
    .insertInto("milestones")
    .values({ agreement_id: agreementId, seq, name: `第${seq}期`, percent: 25, amount_fen: 750_000, due_on: dueOn, deliverables: "报告", requires_report: 1, status })
    .execute();
}

async function objection(db: DB, noticeId: number, proposalId: number, status: "pending" | "upheld" | "dismissed") {
  await db
    .insertInto("objections")
    .values({ notice_id: noticeId, proposal_id: proposalId, name: "居民", mobile: "13900000000", relation: "居民", reasons: "有疑问", status, finding: null, decided_by: null, decided_at: null, filed_at: new Date().toISOString() })
    .execute();
}

/** Competition A with a known amount of waiting work, and competition B whose work must not be counted in A. */
async function world() {
  const db = ctx.db;
  const a = await createReviewWorld(db, { experts: 3 });
  const b = await createCompetition(db, { slug: "other-competition" });
  const inA = { competitionId: a.competition.id, divisionId: a.divisions[0].id, categoryId: a.categories[0].id };
  const inB = { competitionId: b.competition.id, divisionId: b.divisions[0].id, categoryId: b.categories[0].id };
  const submitted = [];
  for (let i = 0; i < 3; i++) submitted.push((await createProposalRow(db, { ...inA, status: "submitted" })).proposalId);
  await createProposalRow(db, { ...inA, status: "returned" });
  const passed = (await createProposalRow(db, { ...inA, status: "passed" })).proposalId;
  const otherB = [];
  for (let i = 0; i < 2; i++) otherB.push((await createProposalRow(db, { ...inB, status: "submitted" })).proposalId);

  // score sheets: one submitted, one draft, two never opened, one withdrawn (inactive) → 3 unsubmitted
  const [e1, e2, e3] = a.experts;
  const s1 = await assign(db, { competitionId: a.competition.id, proposalId: passed, expertId: e1.id });
  const s2 = await assign(db, { competitionId: a.competition.id, proposalId: passed, expertId: e2.id });
  await assign(db, { competitionId: a.competition.id, proposalId: passed, expertId: e3.id });
  await assign(db, { competitionId: a.competition.id, proposalId: submitted[0], expertId: e1.id });
  const withdrawn = await assign(db, { competitionId: a.competition.id, proposalId: submitted[1], expertId: e1.id });
  await db.updateTable("assignments").set({ active: 0 }).where("id", "=", withdrawn).execute();
  const at = new Date().toISOString();
  await db.insertInto("scores").values({ assignment_id: s1, criteria_json: "{}", total_centi: 8000, comment: "好", status: "submitted", submitted_at: at, updated_at: at }).execute();
  await db.insertInto("scores").values({ assignment_id: s2, criteria_json: "{}", total_centi: 7000, comment: "", status: "draft", submitted_at: null, updated_at: at }).execute();
  await assign(db, { competitionId: b.competition.id, proposalId: otherB[0], expertId: e1.id });

  // objections: two pending, one dismissed in A; one pending in B
  const noticeA = await insertNotice(db, { competitionId: a.competition.id, publishedBy: a.organizer.id });
  const noticeB = await insertNotice(db, { competitionId: b.competition.id, publishedBy: a.organizer.id });
  await objection(db, noticeA, passed, "pending");
  await objection(db, noticeA, passed, "pending");
  await objection(db, noticeA, passed, "dismissed");
  await objection(db, noticeB, otherB[0], "pending");

  // agreements: draft + org_signed unsigned; a signed one with one report waiting and one tranche overdue
  await agreement(db, a.competition.id, submitted[0], noticeA, a.organizer.id, "draft");
  await agreement(db, a.competition.id, submitted[1], noticeA, a.organizer.id, "org_signed");
  const signed = await agreement(db, a.competition.id, passed, noticeA, a.organizer.id, "signed");
  await milestone(db, signed, 1, "paid", daysFrom(-30));
  await milestone(db, signed, 2, "submitted", daysFrom(-5));
  await milestone(db, signed, 3, "pending", daysFrom(-1));
  await milestone(db, signed, 4, "pending", daysFrom(20));
  const ended = await agreement(db, a.competition.id, submitted[2], noticeA, a.organizer.id, "terminated");
  await milestone(db, ended, 1, "pending", daysFrom(-3)); // an ended agreement's tranche is not overdue work
  const inBAgreement = await agreement(db, b.competition.id, otherB[0], noticeB, a.organizer.id, "draft");
  await milestone(db, inBAgreement, 1, "submitted", today);
  return { a, b };
}

describe("organizer workspace", () => {
  it("counts the shown competition's waiting work and nothing of another competition", async () => {
    const { a } = await world();
    const response = await callRoute(home.loader, await requestAs(a.organizer.id, `/organizer?competition=${a.competition.slug}`));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.competition.slug).toBe(a.competition.slug);
    expect(body.home.todos).toEqual({ initialReview: 3, sheets: 3, objections: 2, agreements: 2, reports: 1, overdue: 1 });
    expect(body.home.stage).toBe("review");
    expect(body.home.next.field).toBe("review_ends_at");
    const competition = await ctx.db.selectFrom("competitions").select("review_ends_at").where("id", "=", a.competition.id).executeTakeFirstOrThrow();
    expect(body.home.next.at).toBe(competition.review_ends_at);
  });

  it("shows the other competition's own counts when it is picked", async () => {
    const { a, b } = await world();
    const response = await callRoute(home.loader, await requestAs(a.organizer.id, `/organizer?competition=${b.competition.slug}`));
    const body = await response.json();
    expect(body.home.todos).toEqual({ initialReview: 2, sheets: 1, objections: 1, agreements: 1, reports: 1, overdue: 0 });
  });

  it("renders each count as a link to the page where that work is done, for the same competition", async () => {
    const { a } = await world();
    const html = await renderPage(home, await requestAs(a.organizer.id, `/organizer?competition=${a.competition.slug}`));
    const q = `?competition=${a.competition.slug}`;
    expect(html).toContain(`href="/organizer/proposals${q}"`);
    expect(html).toContain(`href="/organizer/assignments${q}"`);
    expect(html).toContain(`href="/organizer/objections${q}"`);
    expect(html).toContain(`href="/organizer/agreements${q}"`);
    expect(html).toContain(`href="/organizer/finance/milestones${q}"`);
    expect(html).toMatch(/data-testid="todo-initialReview">3<\/span> 待初审的申报/);
    expect(html).toMatch(/data-testid="todo-overdue">1<\/span>/);
    expect(html).toContain("专家审核");
  });

  it("the 待初审 link lists exactly the submitted proposals of that competition", async () => {
    const { a } = await world();
    const html = await renderPage(proposalsPage, await requestAs(a.organizer.id, `/organizer/proposals?competition=${a.competition.slug}`));
    expect([...html.matchAll(/data-testid="organizer-proposal-row"/g)]).toHaveLength(3);
    const all = await renderPage(proposalsPage, await requestAs(a.organizer.id, `/organizer/proposals?competition=${a.competition.slug}&status=all`));
    expect([...all.matchAll(/data-testid="organizer-proposal-row"/g)]).toHaveLength(5);
  });

  it("costs the same number of queries however much work is waiting", async () => {
    const { a } = await world();
    const url = `/organizer?competition=${a.competition.slug}`;
    await callRoute(home.loader, await requestAs(a.organizer.id, url)); // remembers the pick (one write, once)
    const first = await requestAs(a.organizer.id, url);
    const before = await countStatements(ctx.db, () => callRoute(home.loader, first));
    for (let i = 0; i < 20; i++) await createProposalRow(ctx.db, { competitionId: a.competition.id, divisionId: a.divisions[0].id, categoryId: a.categories[0].id, status: "submitted" });
    const second = await requestAs(a.organizer.id, url);
    const after = await countStatements(ctx.db, () => callRoute(home.loader, second));
    expect(after).toBe(before);
    const body = await (await callRoute(home.loader, await requestAs(a.organizer.id, url))).json();
    expect(body.home.todos.initialReview).toBe(23);
  });

  it("says a draft competition is not yet published and has no stage", async () => {
    const { a } = await world();
    await ctx.db.updateTable("competitions").set({ status: "draft" }).where("id", "=", a.competition.id).execute();
    const body = await (await callRoute(home.loader, await requestAs(a.organizer.id, `/organizer?competition=${a.competition.slug}`))).json();
    expect(body.home.stage).toBeNull();
    expect(body.home.status).toBe("draft");
  });
});
