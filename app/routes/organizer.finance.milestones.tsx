// Every signed agreement with its tranches: what is due, what waits for an evaluation, what is paid.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { statusBadge } from "~/components/financeStatus";
import { getDb } from "~/db.server";
import { SIGNED_AGREEMENT_STATUSES } from "~/domain/agreement-status";
import { isOverdue } from "~/domain/evaluation";
import { formatYuan } from "~/domain/money";
import { formatDay, shanghaiDate } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
import { type MilestoneListFilter, listAgreementMilestones } from "~/services/milestones.server";
import { ListSearch, Pagination } from "~/components/ListControls";
import { loadClampedPage, parseListQuery } from "~/utils/list-query.server";
import { competitionNow } from "~/services/rehearsal.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.milestones.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const { competitions, competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  if (!competition) throw new Response("not found", { status: 404 });
  const parsed = parseListQuery(request.url, { sorts: ["id"], filters: { status: ["", "waiting", ...SIGNED_AGREEMENT_STATUSES] } });
  const filter = { q: parsed.q, status: parsed.filters.status as MilestoneListFilter["status"] };
  const { list, result } = await loadClampedPage(parsed, (offset, limit) => listAgreementMilestones(getDb(), competition.id, { ...filter, offset, limit }));
  const today = shanghaiDate(await competitionNow(getDb(), competition.id, new Date()));
  return {
    competitions,
    competition,
    list: { page: list.page, pageSize: list.pageSize, total: result.total, ...filter },
    waitingReports: result.waitingReports,
    agreements: result.agreements.map((a) => ({
      id: a.id, title: a.title, organization: a.organization, status: a.status, amountFen: a.amount_fen,
      milestones: a.milestones.map((m) => ({ id: m.id, seq: m.seq, name: m.name, amountFen: m.amount_fen, dueOn: m.due_on, status: m.status, requiresReport: m.requires_report, overdue: isOverdue(m, today) })),
    })),
  };
}

export default function MilestonesList() {
  const { competitions, competition, agreements, list, waitingReports } = useLoaderData<typeof loader>();
  const params = { competition: competition.id, q: list.q, status: list.status };
  return (
    <>
      <p><Link to="/organizer/finance">← {t("finance.dashboard.title")}</Link></p>
      <h1>{t("finance.milestones.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <FinanceExportLinks competition={competition} kinds={["payments"]} />
      <p className="muted">{t("finance.milestones.intro")}</p>
      {waitingReports ? (
        <p className="flash" data-testid="waiting-evaluation">{t("finance.milestones.waiting", { n: waitingReports })}</p>
      ) : null}
      <ListSearch
        q={list.q}
        keep={{ competition: competition.id }}
        filters={[
          {
            name: "status", label: t("finance.status"), value: list.status,
            options: [
              { value: "", label: t("scale.list.all") },
              { value: "waiting", label: t("scale.milestones.waiting") },
              ...SIGNED_AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(`finance.agreementStatus.${s}`) })),
            ],
          },
        ]}
      />
      {agreements.length === 0 ? <p>{list.q || list.status ? t("scale.list.none") : t("finance.milestones.none")}</p> : null}
      <TableWrap>
        <table data-testid="agreements">
          <thead>
            <tr>
              <th>{t("finance.project")}</th>
              <th>{t("finance.organization")}</th>
              <th className="num">{t("finance.agreementAmount")}</th>
              <th>{t("finance.status")}</th>
              <th>{t("finance.milestones.tranches")}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr key={a.id} data-testid="milestone-agreement-row" data-agreement-id={a.id}>
                <td><Link to={`/organizer/finance/agreements/${a.id}`}>{a.title}</Link></td>
                <td>{a.organization}</td>
                <td className="num">{formatYuan(a.amountFen)} 元</td>
                <td>{t(`finance.agreementStatus.${a.status as "signed" | "terminated" | "completed"}`)}</td>
                <td>
                  <ul className="tags">
                    {a.milestones.map((m) => (
                      <li key={m.id}>
                        {m.name} {formatYuan(m.amountFen)} 元 · {t("finance.milestones.dueOn", { date: formatDay(m.dueOn) })} ·{" "}
                        <span className={statusBadge(m.status)}>{t(`finance.milestoneStatus.${m.status}`)}</span>
                        {m.overdue ? <span className="badge bad"> {t("finance.milestones.overdue")}</span> : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={params} />
    </>
  );
}
