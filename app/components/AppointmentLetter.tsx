// The one layout of a letter of appointment (聘书), for the expert's own copy and the organizer's: number,
// whom and for what, the review term, the duties, and the 落款 with seal lines and the date of issue.
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { PaperSignature } from "./PaperSignature";

export interface AppointmentLetterData {
  letter_no: string;
  issued_at: string;
  expert_name: string;
  competition_name: string;
  host: string;
  operator: string;
  review_starts_at: string;
  review_ends_at: string;
  division_name: string | null;
}

export function AppointmentLetter({ letter }: { letter: AppointmentLetterData }) {
  const scope = letter.division_name ? t("panel.letter.scopeDivision", { division: letter.division_name }) : t("panel.letter.scopeAll");
  return (
    <article className="card paper-document appointment-letter" data-testid="appointment-letter">
      <h1 className="paper-title">{t("panel.letter.title")}</h1>
      <p className="paper-number" data-testid="letter-no">
        {t("panel.letter.number", { no: letter.letter_no })}
      </p>
      <p className="paper-paragraph">{t("panel.letter.body", { name: letter.expert_name, competition: letter.competition_name, scope })}</p>
      <p className="paper-paragraph">
        {t("review.letter.term", { from: formatShanghai(letter.review_starts_at, false), to: formatShanghai(letter.review_ends_at, false) })}
      </p>
      <p className="paper-paragraph">{t("panel.letter.duty")}</p>
      <PaperSignature
        testId="letter-paper-signature"
        parties={[
          { role: t("exports.print.host"), name: letter.host },
          ...(letter.operator ? [{ role: t("exports.print.operator"), name: letter.operator }] : []),
        ]}
        date={letter.issued_at}
      />
    </article>
  );
}
