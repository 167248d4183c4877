// The organizer's view of the competition's proposals by status (read only: 初审 itself is the
// reviewers' work). The workspace's "待初审" count links here.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ProposalStatus } from "../../db/schema";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { statusClass } from "~/components/StatusBadge";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { listForInitialReview } from "~/services/initial-review.server";

export const meta: MetaFunction = () => [{ title: `${t("shell.proposals.title")} · ${t("app.name")}` }];

const STATUSES = ["submitted", "returned", "passed", "rejected", "contracted", "all"] as const satisfies readonly (ProposalStatus | "all")[];
type Status = (typeof STATUSES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const wanted = url.searchParams.get("status") ?? "submitted";
  const status: Status = (STATUSES as readonly string[]).includes(wanted) ? (wanted as Status) : "submitted";
  const proposals = competition ? await listForInitialReview(db, { competitionId: competition.id, status }) : [];
  return { competitions, competition, status, proposals };
}

export default function OrganizerProposals() {
  const { competitions, competition, status, proposals } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("shell.proposals.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <p className="muted">{t("shell.proposals.intro")}</p>
      <Form method="get" className="no-print">
        {competition ? <input type="hidden" name="competition" value={competition.slug} /> : null}
        <label htmlFor="status">{t("common.status")}</label>{" "}
        <select id="status" name="status" defaultValue={status}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "all" ? t("review.queue.all") : t(`registration.status.${s}`)}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="secondary">
          {t("review.queue.filter")}
        </button>
      </Form>
      <p className="muted" data-testid="proposal-total">{t("shell.proposals.total", { count: proposals.length })}</p>
      {proposals.length === 0 ? (
        <p>{t("shell.proposals.none")}</p>
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
                <tr key={p.id} data-testid="organizer-proposal-row">
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
    </section>
  );
}
