import { loadPanelNames, loadRanking, loadSelection } from "~/services/ranking.server";
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";

const ctx = useFreshDatabase();

describe("loadSelection (the contract the notice consumes)", () => {
  it("ranks the passed proposals of a division and funds down the list until the budget no longer fits", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 3 });
    await db.updateTable("divisions").set({ budget_fen: 10_000_000 }).where("id", "=", world.divisions[0].id).execute();
    const [a, b, c] = world.proposals;
    await db.updateTable("proposals").set({ requested_fen: 5_000_000 }).where("id", "=", a.proposalId).execute();
    await db.updateTable("proposals").set({ requested_fen: 4_000_000 }).where("id", "=", b.proposalId).execute();
    await db.updateTable("proposals").set({ requested_fen: 3_000_000 }).where("id", "=", c.proposalId).execute();

    const rows = await loadSelection(db, world.competition.id);
    expect(rows.map((r) => [r.proposalId, r.rank, r.finalScoreCenti, r.funded])).toEqual([
      [a.proposalId, 1, 9000, true],
      [b.proposalId, 2, 8500, true],
      [c.proposalId, 3, 8000, false],
    ]);
  });

  it("leaves out a disqualified proposal, so its money goes to the next one", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 3 });
    await db.updateTable("divisions").set({ budget_fen: 10_000_000 }).where("id", "=", world.divisions[0].id).execute();
    await db.updateTable("proposals").set({ status: "disqualified" }).where("id", "=", world.proposals[0].proposalId).execute();
    const rows = await loadSelection(db, world.competition.id);
    expect(rows.map((r) => r.proposalId)).toEqual([world.proposals[1].proposalId, world.proposals[2].proposalId]);
    expect(rows.every((r) => r.funded)).toBe(true);
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
  });

  it("keeps a contracted proposal ranked and funded, so a corrected notice still lists it", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 2 });
    await db.updateTable("divisions").set({ budget_fen: 10_000_000 }).where("id", "=", world.divisions[0].id).execute();
    await db.updateTable("proposals").set({ status: "contracted" }).where("id", "=", world.proposals[0].proposalId).execute();
    const rows = await loadSelection(db, world.competition.id);
    expect(rows.map((r) => [r.proposalId, r.rank, r.funded])).toEqual([
      [world.proposals[0].proposalId, 1, true],
      [world.proposals[1].proposalId, 2, true],
    ]);
  });

  it("funds the organizer's lower approved amount and never a proposal under the line", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 1 });
    const low = await createScoredProposal(db, {
      competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id,
      experts: world.experts, deskPoints: 59.99, livePoints: 59.99,
    });
    await db.insertInto("award_decisions").values({
      proposal_id: world.proposals[0].proposalId, approved_fen: 3_000_000, reason: "预算中宣传费偏高", decided_by: world.organizer.id, decided_at: "2021-07-01T02:00:00.000Z",
    }).execute();
    const rows = await loadSelection(db, world.competition.id);
    const first = rows.find((r) => r.proposalId === world.proposals[0].proposalId)!;
    expect(first).toMatchObject({ approvedFen: 3_000_000, requestedFen: 5_000_000, funded: true });
    expect(rows.find((r) => r.proposalId === low.proposalId)).toMatchObject({ finalScoreCenti: 5999, funded: false });
  });

  it("leaves a proposal unranked until every assigned expert has submitted in every round", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 2 });
    const score = await db.selectFrom("scores").innerJoin("assignments", "assignments.id", "scores.assignment_id")
      .select("scores.id").where("assignments.proposal_id", "=", world.proposals[1].proposalId).where("assignments.round", "=", "live").executeTakeFirstOrThrow();
    await db.updateTable("scores").set({ status: "draft" }).where("id", "=", score.id).execute();
    const rows = await loadSelection(db, world.competition.id);
    expect(rows.find((r) => r.proposalId === world.proposals[1].proposalId)).toMatchObject({ rank: null, finalScoreCenti: null, funded: false });
    const ranking = await loadRanking(db, world.competition.id);
    const row = ranking.divisions[0].rows.find((r) => r.proposalId === world.proposals[1].proposalId)!;
    expect(row.rounds.find((r) => r.round === "live")).toMatchObject({ assigned: 5, submitted: 4, complete: false });
  });

  it("names the appointed panel once each", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 0 });
    expect(await loadPanelNames(db, world.competition.id)).toEqual(world.experts.map((e) => e.name));
  });
});
