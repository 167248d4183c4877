// Money after signing: commitment from the pool, tranches (milestones) and payments.
// CONTRACT (issue 6 implements, issue 5 calls): signAgreement calls onAgreementSigned inside its
// own write transaction once both parties have signed; throwing aborts the signing.
import type { DB } from "../../db/connection";

export async function onAgreementSigned(_trx: DB, _agreementId: number, _actorId: number, _now: Date): Promise<void> {
  // Issue 6: commit the amount from the pool (refuse if it cannot cover it) and create the milestones.
}
