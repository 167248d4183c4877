// The organizer's agreements: generate them once the notice period is over, and see who has signed.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { t, tMaybe } from "~/i18n";
import { generateAgreements, pageAgreements } from "~/services/agreements.server";
import { AGREEMENT_STATUSES, type AgreementStatus } from "~/domain/agreement-status";
import { ListSearch, Pagination } from "~/components/ListControls";
import { loadClampedPage, parseListQuery } from "~/utils/list-query.server";
import { requireUser } from "~/services/auth.server";
import { readForm } from "~/utils/request-body.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("agreement.admin.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const { competitions, competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  const parsed = parseListQuery(request.url, { sorts: ["id"], filters: { status: ["", ...AGREEMENT_STATUSES] } });
  const filter = { q: parsed.q, status: parsed.filters.status as AgreementStatus | "" };
  if (!competition) return { competitions, competition, competitionId: null, agreements: [], list: { page: 1, pageSize: parsed.pageSize, total: 0, ...filter } };
  const { list, result } = await loadClampedPage(parsed, (offset, limit) => pageAgreements(getDb(), competition.id, { ...filter, offset, limit }));
  return { competitions, competition, competitionId: competition.id, agreements: result.rows, list: { page: list.page, pageSize: list.pageSize, total: result.total, ...filter } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const form = await readForm(request);
  const result = await generateAgreements(getDb(), { id: user.id, role: user.role }, Number(form.get("competitionId")), new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, params: result.params ?? {} }, { status: result.status });
  return { ok: true as const, created: result.created.length, blocked: result.blocked };
}

export default function OrganizerAgreements() {
  const { competitions, competition, competitionId, agreements, list } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!competitionId) return <p>{t("home.noCompetition")}</p>;
  return (
    <section>
      <h1>{t("agreement.admin.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <FinanceExportLinks competition={competition} kinds={["agreements"]} />
      <Form method="post" className="card">
        <p className="muted">{t("agreement.admin.generateHint")}</p>
        <input type="hidden" name="competitionId" value={competitionId} />
        {result?.ok ? (
          <div className="flash" role="status" data-testid="agreements-generated">
            <p>{t("agreement.admin.generated", { count: result.created })}</p>
            {result.blocked.map((b) => (
              <p key={b.proposalId}>{t("agreement.admin.blocked", { title: b.title, reason: t(`agreement.blocked.${b.reason}`) })}</p>
            ))}
          </div>
        ) : null}
        {result && !result.ok ? (
          <p className="alert" role="alert">
            {tMaybe(result.fieldErrors._form ?? "error.generic", result.params)}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("agreement.admin.generate")}
        </button>
      </Form>
      <ListSearch
        q={list.q}
        keep={{ competition: competitionId }}
        filters={[
          {
            name: "status", label: t("common.status"), value: list.status,
            options: [{ value: "", label: t("scale.list.all") }, ...AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(`agreement.status.${s}`) }))],
          },
        ]}
      />
      {agreements.length === 0 ? <p>{list.q || list.status ? t("scale.list.none") : t("agreement.admin.none")}</p> : null}
      {agreements.length ? (
        <TableWrap>
          <table>
            <thead>
              <tr>
                <th>{t("agreement.list.project")}</th>
                <th>{t("agreement.list.organization")}</th>
                <th className="num">{t("agreement.list.amount")}</th>
                <th>{t("common.status")}</th>
                <th>{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id} data-testid="agreement-row" data-agreement-id={a.id}>
                  <td>{a.proposalTitle}</td>
                  <td>{a.orgName}</td>
                  <td className="num">{formatYuan(a.amount_fen)}</td>
                  <td><span className={statusClass("agreement", a.status)}>{t(`agreement.status.${a.status}`)}</span></td>
                  <td>
                    <Link to={`/organizer/agreements/${a.id}`}>{a.status === "org_signed" ? t("agreement.sign") : t("common.view")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={{ competition: competitionId, q: list.q, status: list.status }} />
    </section>
  );
}
