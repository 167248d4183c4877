// The 初审 outcome an applicant must act on, at the top of the proposal page: the 补正 reasons with the
// deadline and a button to the form to fix and resubmit, or the reasons a proposal did not pass.
import { formatShanghai } from "../../domain/time";
import { t } from "../../i18n";
import { statusClass } from "../StatusBadge";
import type { ProposalPageData } from "./types";

export function CorrectionNotice({ loaded, now }: { loaded: ProposalPageData; now: number }) {
  const { proposal, lastReview } = loaded;
  if (!lastReview || (proposal.status !== "returned" && proposal.status !== "rejected")) return null;
  if (proposal.status === "rejected") {
    return (
      <section className="card correction-notice refused" role="note" aria-labelledby="correction-title" data-testid="rejection-notice">
        <h2 id="correction-title">
          <span className={statusClass("proposal", "rejected")}>{t("shell.correction.rejected")}</span>
        </h2>
        {lastReview.reasons ? (
          <>
            <h3>{t("shell.correction.reasons")}</h3>
            <p style={{ whiteSpace: "pre-wrap" }}>{lastReview.reasons}</p>
          </>
        ) : null}
      </section>
    );
  }
  const deadline = proposal.correctionDeadlineAt;
  const overdue = !!deadline && Date.parse(deadline) < now;
  return (
    <section className="card correction-notice" role="note" aria-labelledby="correction-title" data-testid="correction-notice">
      <h2 id="correction-title">
        <span className={statusClass("proposal", "returned")}>{t("shell.correction.title")}</span>
      </h2>
      {deadline ? (
        <p>
          <strong>{overdue ? t("shell.correction.overdue", { deadline: formatShanghai(deadline) }) : t("shell.correction.deadline", { deadline: formatShanghai(deadline) })}</strong>
        </p>
      ) : null}
      {lastReview.reasons ? (
        <>
          <h3>{t("shell.correction.reasons")}</h3>
          <p style={{ whiteSpace: "pre-wrap" }} data-testid="correction-reasons">
            {lastReview.reasons}
          </p>
        </>
      ) : null}
      {overdue ? null : (
        <p>
          <a className="button" href="#proposal-form" data-testid="correction-fix">
            {t("shell.correction.fix")}
          </a>
        </p>
      )}
    </section>
  );
}
