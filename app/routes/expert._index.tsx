// The expert's home page (工作台): assigned proposals per competition with their score state, and appointment letters.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RoleHome } from "~/components/RoleHome";
import { getDb } from "~/db.server";
import { formatCenti } from "~/domain/scoring";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadConflictPage } from "~/services/experts.server";
import { listMyAssignments, loadMyCalibration } from "~/services/scores.server";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("review.expert.homeTitle")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "expert");
  const db = getDb();
  const [assignments, { appointments }, calibration] = await Promise.all([listMyAssignments(db, user.id), loadConflictPage(db, user.id), loadMyCalibration(db, user.id, new Date())]);
  const competitions: { id: number; name: string; from: string; to: string; rows: typeof assignments }[] = [];
  for (const a of assignments) {
    let group = competitions.find((c) => c.id === a.competition_id);
    if (!group) {
      group = { id: a.competition_id, name: a.competition_name, from: a.review_starts_at, to: a.review_ends_at, rows: [] };
      competitions.push(group);
    }
    group.rows.push(a);
  }
  return { displayName: user.display_name, competitions, letters: appointments, calibration };
}


export default function ExpertHome() {
  const { displayName, competitions, letters, calibration } = useLoaderData<typeof loader>();
  const points = (centi: number) => (centi / 100).toFixed(2);
  return (
    <RoleHome role="expert" displayName={displayName}>
      <h2>{t("review.expert.homeTitle")}</h2>
      {competitions.length === 0 ? <p data-testid="expert-no-assignments">{t("review.expert.none")}</p> : null}
      {competitions.map((c) => (
        <div key={c.id} className="card" data-testid="expert-competition">
          <h3>{c.name}</h3>
          <p className="muted">{t("review.expert.window", { from: formatShanghai(c.from), to: formatShanghai(c.to) })}</p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th>{t("review.col.title")}</th>
                  <th>{t("review.expert.col.round")}</th>
                  <th>{t("review.queue.division")}</th>
                  <th>{t("review.queue.category")}</th>
                  <th>{t("review.expert.col.state")}</th>
                  <th>{t("review.expert.col.score")}</th>
                  <th>{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((a) => {
                  const state = (a.score_status ?? "none") as "none" | "draft" | "submitted";
                  return (
                    <tr key={a.id} data-testid="assignment-row" data-assignment-id={a.id}>
                      <td>
                        {a.title}
                        <div className="muted">{a.organization_name ?? t("review.expert.blindName")}</div>
                      </td>
                      <td>{t(`review.expert.round.${a.round as "desk" | "live"}`)}</td>
                      <td>{a.division_name}</td>
                      <td>{a.category_name}</td>
                      <td>
                        <span className={statusClass("score", state)} data-testid="assignment-state">
                          {t(`review.expert.state.${state}`)}
                        </span>
                      </td>
                      <td>{a.total_centi !== null && a.total_centi !== undefined && state !== "none" ? formatCenti(a.total_centi) : ""}</td>
                      <td>
                        <Link to={`/expert/assignments/${a.id}`}>{state === "submitted" ? t("common.view") : t("review.expert.open")}</Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        </div>
      ))}
      {calibration.length ? (
        <section className="card" data-testid="expert-calibration">
          <h2>{t("fair.calibration.title")}</h2>
          <p className="muted">{t("fair.calibration.intro")}</p>
          <ul>
            {calibration.map((c) => (
              <li key={`${c.competitionId}-${c.round}`}>
                {t("fair.calibration.line", {
                  name: c.name, round: t(`review.expert.round.${c.round as "desk"}`),
                  n: c.own.n, mean: points(c.own.mean), sd: points(c.own.sd), panelN: c.panel.n, panelMean: points(c.panel.mean), panelSd: points(c.panel.sd),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("review.expert.letters")}</h2>
      {letters.length === 0 ? (
        <p>{t("review.expert.noLetters")}</p>
      ) : (
        <ul>
          {letters.map((l) => (
            <li key={l.id}>
              <Link to={`/expert/letters/${l.id}`}>
                {l.competition_name} · {l.letter_no}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </RoleHome>
  );
}
