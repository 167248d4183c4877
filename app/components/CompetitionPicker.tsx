// The one competition picker of the staff pages (decision 011): a GET form with the single query
// parameter `competition` (the competition's slug). The server remembers the choice per user.
// A rehearsal competition (演练) is marked in the list and, once picked, by a banner on the page.
import { Form } from "@remix-run/react";
import { t } from "../i18n";

/** `?competition=<slug>`: the link to a staff page for one competition (the picker's one parameter). */
export function staffHref(path: string, competition: { slug: string }) {
  return `${path}?competition=${encodeURIComponent(competition.slug)}`;
}

export type PickerCompetition = { id: number; name: string; slug: string; year?: number; status?: string; is_rehearsal?: number };

/** The 演练 banner: shown on every page that shows a rehearsal competition. */
export function RehearsalBanner({ competition }: { competition: { is_rehearsal?: number | boolean } | null | undefined }) {
  if (!competition || !Number(competition.is_rehearsal)) return null;
  return (
    <p className="rehearsal-banner" role="note" data-testid="rehearsal-banner">
      <strong>{t("multi.rehearsal.badge")}</strong> {t("multi.rehearsal.bannerText")}
    </p>
  );
}

/** A small 演练 mark next to a competition's name in lists. */
export function RehearsalMark({ competition }: { competition: { is_rehearsal?: number | boolean } }) {
  return Number(competition.is_rehearsal) ? <span className="badge rehearsal">{t("multi.rehearsal.badge")}</span> : null;
}

export function pickerLabel(c: PickerCompetition) {
  const marks = [Number(c.is_rehearsal) ? t("multi.rehearsal.badge") : null, c.status === "draft" ? t("multi.picker.draft") : null].filter(Boolean);
  return marks.length ? `${c.name}（${marks.join("·")}）` : c.name;
}

export function CompetitionPicker({ competitions, current }: { competitions: PickerCompetition[]; current: number | PickerCompetition | null }) {
  const selected = typeof current === "number" ? competitions.find((c) => c.id === current) : current;
  return (
    <>
      <RehearsalBanner competition={selected} />
      {competitions.length < 2 ? null : (
        <Form method="get" className="no-print competition-picker" data-testid="competition-picker">
          <label htmlFor="competition">{t("panel.competition")}</label>{" "}
          <select id="competition" name="competition" defaultValue={selected?.slug}>
            {competitions.map((c) => (
              <option key={c.id} value={c.slug}>
                {pickerLabel(c)}
              </option>
            ))}
          </select>{" "}
          <button type="submit" className="secondary">
            {t("panel.competitionSwitch")}
          </button>
        </Form>
      )}
    </>
  );
}
