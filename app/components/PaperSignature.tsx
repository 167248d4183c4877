// What a paper file needs below a printed document: the 落款 (issuing bodies), the date, and lines to
// sign and seal. Shared by agreements, notices and the letter of appointment (聘书).
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";

export interface SigningParty {
  /** e.g. 甲方（资助方）, 主办单位 */
  role: string;
  name: string;
  /** who signed electronically, if anyone */
  signer?: string | null;
  /** when, if signed */
  signedAt?: string | null;
  /** print a 签字 line (a person signs) besides the 盖章 line */
  signLine?: boolean;
}

const BLANK_DATE = "　　　　年　　月　　日";

/** One block per party: name, （盖章）, 签字 line and date — filled where the system knows them. */
export function PaperSignature(props: { parties: SigningParty[]; date?: string | null; testId?: string }) {
  return (
    <section className="paper-signature" data-testid={props.testId ?? "paper-signature"} aria-label={t("exports.print.signatures")}>
      {props.parties.map((p) => (
        <div className="paper-party" key={`${p.role}${p.name}`}>
          <p>
            {p.role}：{p.name}
          </p>
          <p className="seal-line">{t("exports.print.seal")}</p>
          {p.signLine ? (
            <p>
              {t("exports.print.signature")}
              <span className="blank-line">{p.signer ? t("exports.print.signedElectronically", { name: p.signer }) : ""}</span>
            </p>
          ) : null}
          {props.date === undefined ? (
            <p>
              {t("exports.print.date")}
              {p.signedAt ? formatShanghai(p.signedAt, false) : BLANK_DATE}
            </p>
          ) : null}
        </div>
      ))}
      {props.date !== undefined ? <p className="paper-date">{props.date ? formatShanghai(props.date, false) : BLANK_DATE}</p> : null}
    </section>
  );
}
