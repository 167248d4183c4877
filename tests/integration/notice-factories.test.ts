// The notice-area factories build consistent rows (other areas rely on createSignedAgreement).
import { useFreshDatabase } from "../support/db";
import { createReviewedCompetition, createSignedAgreement } from "../support/factories-notice";

const ctx = useFreshDatabase();

describe("notice factories", () => {
  it("creates a signed, contracted agreement whose stored hash matches its text", async () => {
    const { agreementId, proposalId } = await createSignedAgreement(ctx.db, { amountFen: 8_000_000 });
    const agreement = await ctx.db.selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirstOrThrow();
    const { createHash } = await import("node:crypto");
    expect(agreement.status).toBe("signed");
    expect(agreement.amount_fen).toBe(8_000_000);
    expect(agreement.text_sha256).toBe(createHash("sha256").update(agreement.text).digest("hex"));
    const proposal = await ctx.db.selectFrom("proposals").select("status").where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(proposal.status).toBe("contracted");
  });

  it("creates a reviewed competition with a panel and passed, fully scored proposals", async () => {
    const world = await createReviewedCompetition(ctx.db, { proposals: 2 });
    const scores = await ctx.db
      .selectFrom("scores")
      .innerJoin("assignments", "assignments.id", "scores.assignment_id")
      .select(["assignments.proposal_id", "scores.total_centi", "scores.status"])
      .execute();
    expect(scores).toHaveLength(2 * 2 * world.experts.length);
    expect(scores.every((s) => s.status === "submitted")).toBe(true);
    const statuses = await ctx.db.selectFrom("proposals").select("status").execute();
    expect(statuses.map((s) => s.status)).toEqual(["passed", "passed"]);
  });
});
