// Ranking and budget-constrained selection of a competition, as the notice stage consumes it.
// CONTRACT (issue 4 implements, issue 5 consumes): keep these exported names and shapes.
import type { DB } from "../../db/connection";

export interface SelectionRow {
  proposalId: number;
  divisionId: number;
  categoryId: number;
  title: string;
  organizationName: string;
  requestedFen: number;
  /** the amount to fund: the organizer's approved amount, else the requested amount */
  approvedFen: number;
  /** final composite score in hundredths of a point; null when not fully scored */
  finalScoreCenti: number | null;
  /** rank within the division, 1 = best; null when unranked */
  rank: number | null;
  funded: boolean;
}

/** Every proposal in status "passed" with its rank and whether selection funds it. */
export async function loadSelection(_db: DB, _competitionId: number): Promise<SelectionRow[]> {
  throw new Error("loadSelection: not implemented yet (issue 4)");
}

/** Names of the experts appointed to the competition, for the public notice. */
export async function loadPanelNames(_db: DB, _competitionId: number): Promise<string[]> {
  throw new Error("loadPanelNames: not implemented yet (issue 4)");
}
