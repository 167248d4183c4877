// TEMPORARY stand-in for app/services/ranking.server.ts while issue 4 implements it: every "passed"
// proposal is funded, ranked by id. Used through vi.mock only until the real selection lands.
import type { DB } from "../../db/connection";

export async function loadSelection(db: DB, competitionId: number) {
  const rows = await db
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .leftJoin("award_decisions", "award_decisions.proposal_id", "proposals.id")
    .select([
      "proposals.id", "proposals.division_id", "proposals.category_id", "proposals.title", "organizations.name",
      "proposals.requested_fen", "award_decisions.approved_fen",
    ])
    .where("proposals.competition_id", "=", competitionId)
    .where("proposals.status", "=", "passed")
    .orderBy("proposals.id")
    .execute();
  return rows.map((r, i) => ({
    proposalId: r.id, divisionId: r.division_id!, categoryId: r.category_id!, title: r.title, organizationName: r.name,
    requestedFen: r.requested_fen, approvedFen: r.approved_fen ?? r.requested_fen, finalScoreCenti: 9000 - i * 500, rank: i + 1, funded: true,
  }));
}

export async function loadPanelNames(db: DB, competitionId: number) {
  const rows = await db
    .selectFrom("expert_appointments")
    .innerJoin("users", "users.id", "expert_appointments.expert_id")
    .select("users.display_name")
    .where("competition_id", "=", competitionId)
    .orderBy("expert_appointments.id")
    .execute();
  return rows.map((r) => r.display_name);
}
