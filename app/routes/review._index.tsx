// The reviewer's home page (工作台): the 初审 queue, filtered by competition, division, category and status.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ProposalStatus } from "../../db/schema";
import { RoleHome } from "~/components/RoleHome";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pageForInitialReview } from "~/services/initial-review.server";
import { parseListQuery } from "~/utils/list-query.server";
import { Pagination } from "~/components/ListControls";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { RehearsalBanner, pickerLabel } from "~/components/CompetitionPicker";
import { loadCompetitionDetail } from "~/services/competitions.server";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("review.queue.title")} · ${t("app.name")}` }];

const STATUSES = ["submitted", "returned", "passed", "rejected", "all"] as const;
type QueueStatus = (typeof STATUSES)[number];

const positive = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "reviewer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const wantedStatus = url.searchParams.get("status") ?? "submitted";
  const status: QueueStatus = (STATUSES as readonly string[]).includes(wantedStatus) ? (wantedStatus as QueueStatus) : "submitted";
  const divisionId = positive(url.searchParams.get("division"));
  const categoryId = positive(url.searchParams.get("category"));
  const list = parseListQuery(url, { sorts: ["submitted"] });
  const filter = { status, divisionId, categoryId, q: list.q };
  const paging = { page: list.page, pageSize: list.pageSize, total: 0 };
  if (!competition) return { displayName: user.display_name, competitions, competition: null, divisions: [], categories: [], proposals: [], filter, paging };
  const [detail, page] = await Promise.all([
    loadCompetitionDetail(db, competition.id),
    pageForInitialReview(db, { competitionId: competition.id, divisionId, categoryId, status: status as ProposalStatus | "all", q: list.q, offset: list.offset, pageSize: list.pageSize }),
  ]);
  const pick = (rows: { id: number; name: string }[] = []) => rows.map((r) => ({ id: r.id, name: r.name }));
  const [divisions, categories] = [pick(detail?.divisions), pick(detail?.categories)];
  return { displayName: user.display_name, competitions, competition, divisions, categories, proposals: page.rows, filter, paging: { ...paging, total: page.total } };
}

export default function ReviewerHome() {
  const { displayName, competitions, competition, divisions, categories, proposals, filter, paging } = useLoaderData<typeof loader>();
  const params = { competition: competition?.slug, division: filter.divisionId, category: filter.categoryId, status: filter.status, q: filter.q };
  return (
    <RoleHome role="reviewer" displayName={displayName}>
      <h2>{t("review.queue.title")}</h2>
      <p className="muted">{t("review.queue.intro")}</p>
      <RehearsalBanner competition={competition} />
      <Form method="get" className="grid" data-testid="review-filter">
        <div className="field">
          <label htmlFor="competition">{t("review.queue.competition")}</label>
          <select id="competition" name="competition" defaultValue={competition?.slug ?? ""}>
            {competitions.map((c) => (
              <option key={c.id} value={c.slug}>
                {pickerLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="division">{t("review.queue.division")}</label>
          <select id="division" name="division" defaultValue={filter.divisionId ?? ""}>
            <option value="">{t("review.queue.all")}</option>
            {divisions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category">{t("review.queue.category")}</label>
          <select id="category" name="category" defaultValue={filter.categoryId ?? ""}>
            <option value="">{t("review.queue.all")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("review.queue.status")}</label>
          <select id="status" name="status" defaultValue={filter.status}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "all" ? t("review.queue.all") : tMaybe(`registration.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t("scale.list.search")}</label>
          <input id="q" type="search" name="q" defaultValue={filter.q} placeholder={t("scale.list.searchPlaceholder")} maxLength={100} />
        </div>
        <div className="actions">
          <button type="submit">{t("review.queue.filter")}</button>
        </div>
      </Form>
      {proposals.length === 0 ? (
        <p data-testid="review-queue-empty">{t("review.queue.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("review.queue.count", { count: paging.total })}</p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th>{t("review.col.title")}</th>
                  <th>{t("review.col.organization")}</th>
                  <th>{t("review.queue.division")}</th>
                  <th>{t("review.queue.category")}</th>
                  <th>{t("review.col.requested")}</th>
                  <th>{t("review.col.submittedAt")}</th>
                  <th>{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.id} data-testid="review-queue-row" data-proposal-id={p.id}>
                    <td>
                      <Link to={`/review/proposals/${p.id}`}>{p.title}</Link>
                      <div className="muted">{t("review.versionValue", { version: p.version })}</div>
                    </td>
                    <td>{p.organization_name}</td>
                    <td>{p.division_name}</td>
                    <td>{p.category_name}</td>
                    <td>{formatYuan(p.requested_fen)}</td>
                    <td>{p.last_submitted_at ? formatShanghai(p.last_submitted_at) : ""}</td>
                    <td>
                      <span className={statusClass("proposal", p.status)}>{tMaybe(`registration.status.${p.status}`)}</span>
                      {p.status === "returned" && p.correction_deadline_at ? (
                        <div className="muted">{t("review.proposal.deadlineLine", { at: formatShanghai(p.correction_deadline_at) })}</div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={paging.page} pageSize={paging.pageSize} total={paging.total} params={params} />
        </>
      )}
    </RoleHome>
  );
}
