// An agreement as printed: status, its exact text, the text's SHA-256 and the signature records,
// plus the sign form when the viewer's party may sign now. Shared by the organizer and applicant pages.
import { Form } from "@remix-run/react";
import { formatYuan } from "../domain/money";
import { formatShanghai } from "../domain/time";
import { t, tMaybe } from "../i18n";
import { RefusedSummary } from "./ErrorSummary";
import { PaperSignature } from "./PaperSignature";
import { PrintButton } from "./PrintButton";
import { statusClass } from "./StatusBadge";

export interface AgreementDocumentProps {
  agreement: {
    id: number;
    status: "draft" | "org_signed" | "signed" | "terminated" | "completed";
    text: string;
    text_sha256: string;
    amount_fen: number;
    proposalTitle: string;
    orgName: string;
    org_signed_at: string | null;
    organizer_signed_at: string | null;
    orgSignerName: string | null;
    organizerSignerName: string | null;
    /** 甲方 of the printed signature block */
    competitionHost?: string;
  };
  canSign: boolean;
  waitingFor?: string | null;
  errors?: Record<string, string>;
  errorParams?: Record<string, string | number>;
  signedNow?: boolean;
  busy?: boolean;
  /** the confirmation was ticked in a refused post (e.g. a mistyped password): it stays ticked */
  confirmedBefore?: boolean;
}

const SIGN_IDS: Record<string, string> = { password: "password", confirm: "sign-confirm", textSha256: "sign-confirm" };

export function AgreementDocument({ agreement: a, canSign, waitingFor, errors, errorParams, signedNow, busy, confirmedBefore }: AgreementDocumentProps) {
  return (
    <article className="card">
      <p className="no-print">
        <span className={statusClass("agreement", a.status)} data-testid="agreement-status">
          {t(`agreement.status.${a.status}`)}
        </span>{" "}
        {a.proposalTitle} · {a.orgName} · {formatYuan(a.amount_fen)} {t("common.yuan")}
      </p>
      <pre className="agreement-text" data-testid="agreement-text">{a.text}</pre>
      <PaperSignature
        testId="agreement-paper-signature"
        parties={[
          { role: t("exports.print.partyFunder"), name: a.competitionHost ?? "", signer: a.organizerSignerName, signedAt: a.organizer_signed_at, signLine: true },
          { role: t("exports.print.partyOrg"), name: a.orgName, signer: a.orgSignerName, signedAt: a.org_signed_at, signLine: true },
        ]}
      />
      <p className="fingerprint">
        {t("agreement.textHash")}：<span data-testid="agreement-sha256">{a.text_sha256}</span>
      </p>
      <h2>{t("agreement.signatures")}</h2>
      <ul data-testid="agreement-signatures">
        {a.org_signed_at ? (
          <li>{t("agreement.signedBy", { party: t("agreement.partyOrg"), name: a.orgSignerName ?? "", at: formatShanghai(a.org_signed_at) })}</li>
        ) : null}
        {a.organizer_signed_at ? (
          <li>
            {t("agreement.signedBy", { party: t("agreement.partyOrganizer"), name: a.organizerSignerName ?? "", at: formatShanghai(a.organizer_signed_at) })}
          </li>
        ) : null}
        {!a.org_signed_at && !a.organizer_signed_at ? <li>{t("common.none")}</li> : null}
      </ul>
      <div className="actions no-print">
        <PrintButton label={t("agreement.print")} />
      </div>
      {signedNow ? (
        <p className="flash no-print" role="status">
          {t("agreement.signed")}
        </p>
      ) : null}
      {errors?._form ? (
        <p className="alert no-print" role="alert" data-testid="agreement-error">
          {tMaybe(errors._form, errorParams)}
        </p>
      ) : null}
      {waitingFor ? <p className="muted no-print">{waitingFor}</p> : null}
      {canSign ? (
        <Form method="post" className="stack no-print" data-testid="sign-form">
          <RefusedSummary errors={errors} idOf={(name) => SIGN_IDS[name] ?? name} translate={(key) => tMaybe(key, errorParams)} />
          <h2>{t("agreement.sign")}</h2>
          <p className="muted">{t("agreement.signIntro")}</p>
          <input type="hidden" name="textSha256" value={a.text_sha256} />
          <div className="field">
            <label htmlFor="password">{t("agreement.password")}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" aria-invalid={errors?.password ? true : undefined} aria-describedby={errors?.password ? "password-error" : undefined} />
            {errors?.password ? (
              <span className="error" id="password-error" role="alert">
                {tMaybe(errors.password)}
              </span>
            ) : null}
          </div>
          <label htmlFor="sign-confirm">
            <input id="sign-confirm" type="checkbox" name="confirm" value="yes" defaultChecked={confirmedBefore} aria-invalid={errors?.confirm ? true : undefined} /> {t("agreement.confirm")}
          </label>
          {errors?.confirm ? (
            <span className="error" role="alert">
              {tMaybe(errors.confirm)}
            </span>
          ) : null}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("agreement.sign")}
            </button>
          </div>
        </Form>
      ) : null}
    </article>
  );
}
