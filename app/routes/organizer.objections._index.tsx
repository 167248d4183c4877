// The organizer's objection list: pending first, each linked to its investigation page.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { listObjections } from "~/services/objections.server";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("objection.admin.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  return { competitions, competition, objections: competition ? await listObjections(db, competition.id) : [] };
}

export default function OrganizerObjections() {
  const { competitions, competition, objections } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("objection.admin.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      {objections.length === 0 ? <p>{t("objection.admin.none")}</p> : null}
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th>{t("objection.admin.filedAt")}</th>
              <th>{t("notice.col.title")}</th>
              <th>{t("objection.admin.objector")}</th>
              <th>{t("common.status")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {objections.map((o) => (
              <tr key={o.id} data-testid="objection-row">
                <td>{formatShanghai(o.filed_at)}</td>
                <td>
                  {o.proposalTitle}
                  <div className="muted">{o.noticeTitle}</div>
                </td>
                <td>
                  {o.name}（{t(`notice.relation.${o.relation as "other"}`)}）
                </td>
                <td>
                  <span className={statusClass("objection", o.status)}>{t(`objection.status.${o.status}`)}</span>
                  {o.status === "pending" ? <div className="muted" data-testid="investigate-by">{t("rules.objection.investigateBy", { date: o.investigateBy ?? "—" })}</div> : null}
                </td>
                <td>
                  <Link to={`/organizer/objections/${o.id}`}>{o.status === "pending" ? t("objection.admin.decide") : t("common.view")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
