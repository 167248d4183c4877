// The organizer's view of the competition's proposals by status (read only: 初审 itself is the
// reviewers' work). The workspace's "待初审" count links here.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ProposalStatus } from "../../db/schema";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { statusClass } from "~/components/StatusBadge";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { pageForInitialReview } from "~/services/initial-review.server";
import { ListSearch, Pagination } from "~/components/ListControls";
import { loadClampedPage, parseListQuery } from "~/utils/list-query.server";

export const meta: MetaFunction = () => [{ title: `${t("shell.proposals.title")} · ${t("app.name")}` }];

const STATUSES = ["submitted", "returned", "passed", "rejected", "contracted", "all"] as const satisfies readonly (ProposalStatus | "all")[];
type Status = (typeof STATUSES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const parsed = parseListQuery(url, { sorts: ["submitted"], filters: { status: STATUSES } });
  const status = parsed.filters.status as Status;
  if (!competition) return { competitions, competition, status, proposals: [], list: { page: 1, pageSize: parsed.pageSize, total: 0, q: parsed.q } };
  const { list, result } = await loadClampedPage(parsed, (offset, pageSize) =>
    pageForInitialReview(db, { competitionId: competition.id, status, q: parsed.q, offset, pageSize }),
  );
  return { competitions, competition, status, proposals: result.rows, list: { page: list.page, pageSize: list.pageSize, total: result.total, q: list.q } };
}

export default function OrganizerProposals() {
  const { competitions, competition, status, proposals, list } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("shell.proposals.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <p className="muted">{t("shell.proposals.intro")}</p>
      <ListSearch
        q={list.q}
        keep={{ competition: competition?.slug }}
        filters={[
          {
            name: "status", label: t("common.status"), value: status,
            options: STATUSES.map((s) => ({ value: s, label: s === "all" ? t("review.queue.all") : t(`registration.status.${s}`) })),
          },
        ]}
      />
      <p className="muted" data-testid="proposal-total">{t("shell.proposals.total", { count: list.total })}</p>
      {proposals.length === 0 ? (
        <p>{list.q ? t("scale.list.none") : t("shell.proposals.none")}</p>
      ) : (
        <TableWrap>
          <table>
            <thead>
              <tr>
                <th>{t("review.col.title")}</th>
                <th>{t("review.col.organization")}</th>
                <th>{t("review.queue.division")}</th>
                <th className="num">{t("review.col.requested")}</th>
                <th>{t("review.col.submittedAt")}</th>
                <th>{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => (
                <tr key={p.id} data-testid="organizer-proposal-row" data-proposal-id={p.id}>
                  <td>{p.title}</td>
                  <td>{p.organization_name}</td>
                  <td>{p.division_name}</td>
                  <td className="num">{formatYuan(p.requested_fen)}</td>
                  <td>{p.last_submitted_at ? formatShanghai(p.last_submitted_at) : ""}</td>
                  <td>
                    <span className={statusClass("proposal", p.status)}>{t(`registration.status.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={{ competition: competition?.slug, status, q: list.q }} />
    </section>
  );
}
