// Panel reliability (评审一致性) for the competition shown: ICC and alpha, overall, per criterion and per
// division, each with its basis and a one-line reading; the method expands below, like the ranking's numbers.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { type ReliabilityFigure, loadPanelReliability } from "~/services/reliability.server";

export const meta: MetaFunction = () => [{ title: `${t("fair.reliability.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { competitions, competition, reliability: await loadPanelReliability(db, user, competition.id) };
}

const two = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "—");

function Interval({ value }: { value: ReliabilityFigure["iccSingle"] }) {
  if (!value) return <>—</>;
  return (
    <>
      {two(value.estimate)} <span className="muted">[{two(value.lower)}, {two(value.upper)}]</span>
    </>
  );
}

function scopeLabel(f: ReliabilityFigure) {
  if (f.scope === "overall") return t("fair.reliability.overall");
  return t(f.scope === "criterion" ? "fair.reliability.criterion" : "fair.reliability.division", { name: f.label });
}

function FigureRow({ figure }: { figure: ReliabilityFigure }) {
  return (
    <tr data-testid={`reliability-${figure.scope}-${figure.key}`}>
      <th scope="row">{scopeLabel(figure)}</th>
      <td data-label={t("fair.reliability.iccSingle")}>
        <Interval value={figure.iccSingle} />
      </td>
      <td data-label={t("fair.reliability.iccAverage")}>
        <Interval value={figure.iccAverage} />
      </td>
      <td data-label={t("fair.reliability.alpha")}>{figure.alpha === null ? "—" : two(figure.alpha)}</td>
      <td data-label={t("fair.reliability.reading")}>{t(`fair.reading.${figure.reading}`)}</td>
      <td data-label={t("fair.reliability.basis")} className="muted">
        {t("fair.reliability.basisText", {
          ratings: figure.ratings,
          proposals: figure.proposals,
          experts: figure.experts,
          blockProposals: figure.block.proposals,
          blockExperts: figure.block.experts,
        })}
        {figure.iccSingle ? null : `；${t("fair.reliability.noBlock")}`}
      </td>
    </tr>
  );
}

export default function PanelReliability() {
  const { competitions, competition, reliability } = useLoaderData<typeof loader>();
  const figures = [reliability.overall, ...reliability.byDivision, ...reliability.byCriterion];
  return (
    <section>
      <h1>{t("fair.reliability.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <p className="muted">{t("fair.reliability.intro")}</p>
      <p className="no-print" data-testid="reliability-export">
        {t("fair.reliability.export")}
        <a href={`/organizer/reliability/export/xlsx?competition=${competition.id}`}>Excel</a> · <a href={`/organizer/reliability/export/csv?competition=${competition.id}`}>CSV</a>
      </p>
      {reliability.overall.ratings === 0 ? (
        <p>{t("fair.reliability.none")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("fair.reliability.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("fair.reliability.scope")}</th>
                <th scope="col">{t("fair.reliability.iccSingle")}</th>
                <th scope="col">{t("fair.reliability.iccAverage")}</th>
                <th scope="col">{t("fair.reliability.alpha")}</th>
                <th scope="col">{t("fair.reliability.reading")}</th>
                <th scope="col">{t("fair.reliability.basis")}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <FigureRow key={`${f.scope}-${f.key}`} figure={f} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="card">
        <summary>{t("fair.reliability.howTitle")}</summary>
        <p>{t("fair.reliability.how")}</p>
      </details>
    </section>
  );
}
