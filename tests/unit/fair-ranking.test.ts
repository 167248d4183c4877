// The ranking with the fair-review settings: trimmed mean with k, per-expert normalisation shown beside
// the raw scores, discordant proposals and proposals with too few experts flagged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, type CompetitionRules } from "~/domain/competition-rules";
import { aggregateRound } from "~/domain/scoring";
import { computeRanking, type RankingInputs } from "~/services/ranking.server";

const entries = (points: number[]) => points.map((p, i) => ({ expertId: i + 1, totalCenti: Math.round(p * 100) }));

describe("trimmed mean dropping k highest and k lowest", () => {
  const opts = { method: "trimmed_mean" as const, trimMinScores: 5, outlierDistanceCenti: 1500 };

  it("drops two of each end with k = 2 and six scores", () => {
    const r = aggregateRound(entries([70, 95, 80, 60, 85, 90]), { ...opts, trimCount: 2 })!;
    expect(r.method).toBe("trimmed_mean");
    expect(r.dropped.map((d) => d.totalCenti).sort()).toEqual([6000, 7000, 9000, 9500]);
    expect(r.kept.map((k) => k.totalCenti)).toEqual([8000, 8500]);
    expect(r.roundedCenti).toBe(8250);
  });

  it("falls back to the plain mean, marked, when n < 2k + 2 even above trimMinScores", () => {
    const r = aggregateRound(entries([70, 95, 80, 60, 85]), { ...opts, trimCount: 2 })!;
    expect(r.method).toBe("trimmed_mean_fallback_mean");
    expect(r.dropped).toEqual([]);
    expect(r.roundedCenti).toBe(7800);
  });

  it("drops exactly 2k entries when every score is equal", () => {
    const r = aggregateRound(entries([80, 80, 80, 80, 80, 80]), { ...opts, trimCount: 2 })!;
    expect(r.dropped).toHaveLength(4);
    expect(r.kept).toHaveLength(2);
  });

  it("keeps the default 去最高最低 from five scores up", () => {
    expect(aggregateRound(entries([70, 95, 80, 60]), opts)!.method).toBe("trimmed_mean_fallback_mean");
    expect(aggregateRound(entries([70, 95, 80, 60, 85]), opts)!.dropped.map((d) => d.totalCenti)).toEqual([6000, 9500]);
  });
});

function inputs(review: Partial<CompetitionRules["review"]>, scores: number[][], assignedExtra: number[] = []): RankingInputs {
  const rules: CompetitionRules = {
    ...DEFAULT_RULES,
    review: { ...DEFAULT_RULES.review, rounds: [{ round: "desk", weightPercent: 100 }], aggregation: "mean", ...review },
  };
  const proposals = scores.map((_, i) => ({
    id: i + 1, division_id: 1, category_id: 1, title: `项目${i + 1}`, organization_name: `机构${i + 1}`, requested_fen: 1_000_000, first_submitted_at: "2026-05-01T00:00:00.000Z",
  }));
  const assignmentRows = scores.flatMap((row, i) =>
    row.map((points, e) => ({
      proposal_id: i + 1, expert_id: e + 1, round: "desk" as const, status: "submitted" as const, total_centi: Math.round(points * 100), criteria_json: JSON.stringify({ need: 1000 }),
    })),
  );
  for (const pid of assignedExtra) assignmentRows.push({ proposal_id: pid, expert_id: 99, round: "desk", status: "submitted", total_centi: 8000, criteria_json: "{}" });
  return {
    rules,
    divisions: [{ id: 1, code: "A", name: "甲赛区", budget_fen: 100_000_000 }],
    proposals,
    assignmentRows,
    awards: [],
    experts: [1, 2, 3].map((id) => ({ id, display_name: `专家${id}` })),
  };
}

describe("the ranking with normalisation", () => {
  // expert 1 is lenient (+10), expert 3 harsh (−10); all three agree on the order
  const scores = [
    [90, 80, 70],
    [85, 75, 65],
    [80, 70, 60],
  ];

  it("shows every score raw and normalised and ranks by the normalised aggregate", () => {
    const ranking = computeRanking(inputs({ normalisation: "zscore", normalisationMinScores: 3 }, scores));
    const rows = ranking.divisions[0].rows;
    expect(rows.map((r) => r.title)).toEqual(["项目1", "项目2", "项目3"]);
    const first = rows[0].rounds[0];
    expect(first.normalised!.map((n) => n.totalCenti)).toEqual([9000, 8000, 7000]);
    // every expert has mean = own middle score and sd 5 points; the panel's 9 scores have mean 75 and sample sd √(750/8) ≈ 9.682: 75 + 9.682 × 1 → 84.68
    expect(first.normalised!.map((n) => n.normalisedCenti)).toEqual([8468, 8468, 8468]);
    expect(first.rawAggregate!.roundedCenti).toBe(8000);
    expect(rows[0].finalCenti).toBe(8468);
    expect(rows[0].rawComposite!.roundedCenti).toBe(8000);
  });

  it("keeps experts with too few scored proposals raw, flagged", () => {
    const ranking = computeRanking(inputs({ normalisation: "zscore", normalisationMinScores: 4 }, scores));
    const n = ranking.divisions[0].rows[0].rounds[0].normalised!;
    expect(n.every((x) => x.rawBecause === "too-few-scores" && x.normalisedCenti === x.totalCenti)).toBe(true);
  });

  it("is the plain computation when normalisation is off (no raw copy kept)", () => {
    const ranking = computeRanking(inputs({}, scores));
    const row = ranking.divisions[0].rows[0];
    expect(row.rounds[0].normalised).toBeUndefined();
    expect(row.rawComposite).toBeUndefined();
    expect(row.finalCenti).toBe(8000);
  });
});

describe("flags on the ranking", () => {
  it("flags a proposal whose spread exceeds the discordance threshold, not one at it", () => {
    const ranking = computeRanking(inputs({ discordanceCenti: 2000 }, [[90, 80, 70], [95, 80, 74.5]]));
    const [a, b] = [...ranking.divisions[0].rows].sort((x, y) => x.proposalId - y.proposalId);
    expect(a.rounds[0].spreadCenti).toBe(2000);
    expect(a.discordant).toBe(false);
    expect(b.rounds[0].spreadCenti).toBe(2050);
    expect(b.discordant).toBe(true);
  });

  it("never flags discordance when the threshold is 0", () => {
    const ranking = computeRanking(inputs({ discordanceCenti: 0 }, [[100, 0, 50]]));
    expect(ranking.divisions[0].rows[0].discordant).toBe(false);
  });

  it("flags a proposal with fewer experts than the minimum", () => {
    const ranking = computeRanking(inputs({ minExpertsPerProposal: 3 }, [[80, 80], [80, 80, 80]]));
    const byId = new Map(ranking.divisions[0].rows.map((r) => [r.proposalId, r]));
    expect(byId.get(1)!.belowMinExperts).toBe(true);
    expect(byId.get(2)!.belowMinExperts).toBe(false);
  });
});

describe("determinism", () => {
  it("gives the same ranking, normalised values and flags whatever order the scores are read in", () => {
    const grid = fc.array(fc.array(fc.integer({ min: 0, max: 200 }).map((h) => h / 2), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(grid, fc.constantFrom("none" as const, "zscore" as const, "percentile" as const), fc.integer(), (scores, normalisation, salt) => {
        const a = inputs({ normalisation, normalisationMinScores: 2, discordanceCenti: 2000 }, scores);
        const shuffledRows = [...a.assignmentRows].sort((x, y) => ((x.proposal_id * 31 + x.expert_id * 17 + salt) % 7) - ((y.proposal_id * 31 + y.expert_id * 17 + salt) % 7));
        const b = { ...a, assignmentRows: shuffledRows };
        const view = (r: ReturnType<typeof computeRanking>) =>
          r.divisions[0].rows.map((row) => ({
            id: row.proposalId, rank: row.rank, final: row.finalCenti, discordant: row.discordant,
            normalised: [...(row.rounds[0].normalised ?? [])].sort((x, y) => x.expertId - y.expertId),
          }));
        expect(view(computeRanking(b))).toEqual(view(computeRanking(a)));
      }),
      { numRuns: 60 },
    );
  });
});
