// The panel's overall reliability in one line on the ranking page, with its reading and a link to the
// full table (per criterion and division) on /organizer/reliability.
import { Link } from "@remix-run/react";
import { t } from "../i18n";
import type { ReliabilityFigure } from "../services/reliability.server";

const two = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(2));
const interval = (i: ReliabilityFigure["iccSingle"]) => (i ? `${two(i.estimate)}（${two(i.lower)}–${two(i.upper)}）` : "—");

export function ReliabilitySummary({ figure, competitionId }: { figure: ReliabilityFigure; competitionId: number }) {
  return (
    <p data-testid="ranking-reliability" data-reading={figure.reading}>
      {t("fair.ranking.reliabilityLine", { single: interval(figure.iccSingle), average: interval(figure.iccAverage), alpha: two(figure.alpha), ratings: figure.ratings })}{" "}
      <strong>{t(`fair.reading.${figure.reading}`)}</strong>{" "}
      <Link to={`/organizer/reliability?competition=${competitionId}`}>{t("nav.organizerReliability")}</Link>
    </p>
  );
}
