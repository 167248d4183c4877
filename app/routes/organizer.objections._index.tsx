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
import { ListSearch, Pagination } from "~/components/ListControls";
import { loadClampedPage, parseListQuery } from "~/utils/list-query.server";

const STATUSES = ["pending", "upheld", "dismissed"] as const;

export const meta: MetaFunction = () => [{ title: `${t("objection.admin.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  const parsed = parseListQuery(request.url, { sorts: ["pending"], filters: { status: ["", ...STATUSES] } });
  const filter = { q: parsed.q, status: parsed.filters.status as (typeof STATUSES)[number] | "" };
  if (!competition) return { competitions, competition, objections: [], list: { page: 1, pageSize: parsed.pageSize, total: 0, ...filter } };
  const { list, result } = await loadClampedPage(parsed, (offset, limit) => listObjections(db, competition.id, { ...filter, offset, limit }));
  return { competitions, competition, objections: result.rows, list: { page: list.page, pageSize: list.pageSize, total: result.total, ...filter } };
}

export default function OrganizerObjections() {
  const { competitions, competition, objections, list } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("objection.admin.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <ListSearch
        q={list.q}
        placeholder={t("scale.objections.searchPlaceholder")}
        keep={{ competition: competition?.id }}
        filters={[
          {
            name: "status", label: t("common.status"), value: list.status,
            options: [{ value: "", label: t("scale.list.all") }, ...STATUSES.map((s) => ({ value: s, label: t(`objection.status.${s}`) }))],
          },
        ]}
      />
      {objections.length === 0 ? <p>{list.q || list.status ? t("scale.list.none") : t("objection.admin.none")}</p> : null}
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
              <tr key={o.id} data-testid="objection-row" data-objection-id={o.id}>
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
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={{ competition: competition?.id, q: list.q, status: list.status }} />
    </section>
  );
}
