// Services stay linear in the data and pages send the same number of statements whatever the data:
// counted (statements, row reads), never timed.
import * as assignmentsPage from "~/routes/organizer.assignments";
import * as rankingPage from "~/routes/organizer.ranking";
import { DEFAULT_RULES } from "~/domain/competition-rules";
import { proposalsWithAssignments } from "~/services/assignments.server";
import { computeRanking, type RankingInputs } from "~/services/ranking.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";
import { createReviewedCompetition, createScoredProposal } from "../support/factories-notice";
import { countStatements } from "../support/statements";

const ctx = useFreshDatabase();

/** Rows whose proposal_id counts every read, so a per-proposal scan of the whole list shows up. */
function countingRows(n: number, perProposal: number) {
  let reads = 0;
  const rows = [];
  for (let p = 1; p <= n; p++) {
    for (let k = 0; k < perProposal; k++) {
      const round: "desk" | "live" = k % 2 === 0 ? "desk" : "live";
      const row = { expert_id: 1000 + k, round, status: "submitted" as "submitted" | "draft" | null, score_status: "submitted" as string | null, active: 1, total_centi: 8000, criteria_json: "{}" as string | null };
      Object.defineProperty(row, "proposal_id", { enumerable: true, get: () => (reads++, p) });
      rows.push(row as typeof row & { proposal_id: number });
    }
  }
  return { rows, reads: () => reads };
}

function rankingInputs(n: number) {
  const { rows, reads } = countingRows(n, 10);
  const inputs: RankingInputs = {
    rules: DEFAULT_RULES,
    divisions: [{ id: 1, code: "A", name: "韦曲赛区", budget_fen: 100_000_000 }],
    proposals: Array.from({ length: n }, (_, i) => ({
      id: i + 1, division_id: 1, category_id: 1, title: `项目${i + 1}`, organization_name: `组织${i + 1}`, requested_fen: 5_000_000, first_submitted_at: "2021-05-01T00:00:00.000Z",
    })),
    assignmentRows: rows,
    awards: [],
    experts: [],
  };
  return { inputs, reads };
}

describe("linear services", () => {
  it("computes the ranking reading each assignment row a bounded number of times, not once per proposal", () => {
    for (const n of [100, 400]) {
      const { inputs, reads } = rankingInputs(n);
      const ranking = computeRanking(inputs);
      expect(ranking.divisions[0].rows).toHaveLength(n);
      // grouping reads each row's proposal once; filtering the whole list per proposal would read it n times
      expect(reads()).toBeLessThanOrEqual(2 * inputs.assignmentRows.length);
    }
  });

  it("summarizes the assignment board reading each assignment row a bounded number of times", () => {
    for (const n of [100, 400]) {
      const { rows, reads } = countingRows(n, 10);
      const proposals = Array.from({ length: n }, (_, i) => ({ id: i + 1 }));
      const board = proposalsWithAssignments(["desk", "live"], proposals, rows);
      expect(board[n - 1].rounds.map((r) => r.assigned)).toEqual([5, 5]);
      expect(reads()).toBeLessThanOrEqual(2 * rows.length);
    }
  });
});

describe("statements per request", () => {
  async function statementsFor(proposals: number) {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals });
    const url = (path: string) => requestAs(world.organizer.id, `${path}?competition=${world.competition.id}`);
    const ranking = await countStatements(db, async () => {
      const res = await callRoute(rankingPage.loader, await url("/organizer/ranking"));
      expect(res.status).toBe(200);
    });
    const board = await countStatements(db, async () => {
      const res = await callRoute(assignmentsPage.loader, await url("/organizer/assignments"));
      expect(res.status).toBe(200);
    });
    return { ranking, board };
  }

  it("sends as many statements for 12 proposals as for 2 on the ranking and assignment pages", async () => {
    const small = await statementsFor(2);
    const large = await statementsFor(12);
    expect(large).toEqual(small);
  });

  it("does not grow with the number of experts scoring", async () => {
    const { db } = ctx;
    const world = await createReviewedCompetition(db, { proposals: 2 });
    const count = () => countStatements(db, async () => {
      await callRoute(rankingPage.loader, await requestAs(world.organizer.id, `/organizer/ranking?competition=${world.competition.id}`));
    });
    const addScored = () => createScoredProposal(db, { competitionId: world.competition.id, divisionId: world.divisions[0].id, categoryId: world.categories[0].id, experts: world.experts, deskPoints: 70, livePoints: 70 });
    await count(); // the first visit also remembers the competition picked
    await addScored();
    const before = await count(); // recomputes the stored ranking
    await addScored();
    await addScored();
    expect(await count()).toBe(before);
  });
});
