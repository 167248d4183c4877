// The organizer's competitions (大赛设置): every competition with its status and current stage.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RehearsalMark } from "~/components/CompetitionPicker";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { listCompetitionsForOrganizer } from "~/services/competitions.server";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("registration.competition.listTitle")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  return { competitions: await listCompetitionsForOrganizer(getDb(), new Date()) };
}

export default function OrganizerCompetitions() {
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("registration.competition.listTitle")}</h1>
      <p className="muted">{t("competitionSetup.listIntro")}</p>
      <p>
        <Link className="button" to="/organizer/competitions/new">
          {t("registration.competition.new")}
        </Link>{" "}
        <Link className="button secondary" to="/organizer/rehearsal">
          {t("multi.rehearsal.title")}
        </Link>
      </p>
      {competitions.length === 0 ? (
        <p className="muted">{t("registration.competition.none")}</p>
      ) : (
        <TableWrap>
          <table data-testid="competitions">
            <thead>
              <tr>
                <th>{t("registration.competition.name")}</th>
                <th>{t("registration.competition.year")}</th>
                <th>{t("registration.competition.status")}</th>
                <th>{t("competitionSetup.col.stage")}</th>
                <th>{t("competitionSetup.col.registration")}</th>
                <th className="num">{t("competitionSetup.col.totalFund")}</th>
                <th className="num">{t("registration.competition.proposals")}</th>
              </tr>
            </thead>
            <tbody>
              {competitions.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/organizer/competitions/${c.id}`}>{c.name}</Link> <RehearsalMark competition={{ is_rehearsal: c.isRehearsal }} />
                  </td>
                  <td>{c.year}</td>
                  <td>
                    <span className={statusClass("competition", c.status)}>{t(`registration.competition.status.${c.status}`)}</span>
                  </td>
                  <td>{t(`stage.${c.stage}`)}</td>
                  <td>
                    {formatShanghai(c.registrationOpensAt)} {t("common.to")} {formatShanghai(c.registrationClosesAt)}
                  </td>
                  <td className="num">{c.totalFundFen === null ? t("competitionSetup.notSet") : formatYuan(c.totalFundFen)}</td>
                  <td className="num">{c.submitted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
