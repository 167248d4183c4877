// Money after signing: commitment from the pool, tranches (milestones) and payments.
// CONTRACT (issue 6 implements, issue 5 calls): signAgreement calls onAgreementSigned inside its
// own write transaction once both parties have signed; throwing aborts the signing.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import { parseRules } from "../domain/competition-rules";
import { LedgerError, commitmentEntry } from "../domain/ledger";
import { splitByPercents } from "../domain/money";
import { CalendarYearNotCovered } from "../domain/calendar";
import { trancheDueOn } from "../domain/competition-settings";
import { shanghaiDate } from "../domain/time";
import { loadCalendar } from "./calendar.server";
import { recordAudit } from "./audit.server";
import { FinanceError, postEntry } from "./ledger.server";

/**
 * Commits the agreement's amount out of the pool's uncommitted balance and creates its milestones
 * from the competition's tranches. Throws FinanceError("finance.error.poolInsufficient") when the
 * pool cannot cover it, which aborts the caller's signing transaction. Calling it again for the
 * same agreement changes nothing.
 */
export async function onAgreementSigned(trx: DB, agreementId: number, actorId: number, now: Date): Promise<void> {
  await writeTransaction(trx, async (tx) => {
    const agreement = await tx.selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirst();
    if (!agreement) throw new FinanceError("error.notFound", 404);
    const bothSigned = agreement.org_signed_at !== null && agreement.organizer_signed_at !== null;
    if (agreement.status !== "signed" && !bothSigned) throw new FinanceError("finance.error.agreementNotSigned");
    const already = await tx.selectFrom("milestones").select("id").where("agreement_id", "=", agreementId).limit(1).executeTakeFirst();
    if (already) return;

    const competition = await tx.selectFrom("competitions").select("rules_json").where("id", "=", agreement.competition_id).executeTakeFirstOrThrow();
    const proposal = await tx.selectFrom("proposals").select(["title"]).where("id", "=", agreement.proposal_id).executeTakeFirstOrThrow();
    const rules = parseRules(competition.rules_json);
    try {
      await postEntry(
        tx,
        commitmentEntry({
          competitionId: agreement.competition_id,
          agreementId,
          amountFen: agreement.amount_fen,
          memo: `协议承诺：${proposal.title}`,
        }),
        actorId,
        now,
      );
    } catch (error) {
      if (error instanceof LedgerError && error.key === "finance.error.poolInsufficient") {
        throw new FinanceError("finance.error.poolInsufficient", 409, error.detail);
      }
      throw error;
    }

    const signedOn = shanghaiDate(now);
    const calendar = await loadCalendar(tx);
    const dueOn = (t: (typeof rules.tranches)[number]) => {
      try {
        return trancheDueOn(signedOn, t, calendar);
      } catch (error) {
        // a working-day deadline in a year without official holidays: refuse, naming the year
        if (error instanceof CalendarYearNotCovered) throw new FinanceError("rules.calendar.yearNotCovered", 409, { year: error.year });
        throw error;
      }
    };
    const amounts = splitByPercents(agreement.amount_fen, rules.tranches.map((t) => t.percent));
    const milestones = rules.tranches.map((t, i) => ({
      agreement_id: agreementId,
      seq: i + 1,
      name: t.name,
      percent: t.percent,
      amount_fen: amounts[i],
      due_on: dueOn(t),
      deliverables: t.deliverables,
      requires_report: t.trigger === "signing" ? 0 : 1,
      status: "pending" as const,
    }));
    await tx.insertInto("milestones").values(milestones).execute();
    await recordAudit(tx, {
      actorId,
      action: "agreement.fundsCommitted",
      entityType: "agreement",
      entityId: agreementId,
      before: null,
      after: { committedFen: agreement.amount_fen, milestones: milestones.map((m) => ({ seq: m.seq, amountFen: m.amount_fen, dueOn: m.due_on })) },
      now,
    });
  });
}
