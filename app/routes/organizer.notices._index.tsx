// The organizer's notice desk: the current (unpublished) selection, publishing a notice or a
// corrected version, the published versions, and the exports.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatScore } from "~/domain/notice";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { publishNoticeSchema } from "~/schemas/notice";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker, staffHref } from "~/components/CompetitionPicker";
import { listNoticeVersions, publishNotice } from "~/services/notices.server";
import { loadSelectionPage } from "~/services/ranking-snapshot.server";
import { parseListQuery } from "~/utils/list-query.server";
import { ListSearch, Pagination } from "~/components/ListControls";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { ConfirmCheck } from "~/components/ConfirmCheck";
import { CONFIRM_REQUIRED, confirmed } from "~/utils/confirm";
import { OnceField } from "~/components/OnceField";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { newFormKey } from "~/services/once.server";

export const meta: MetaFunction = () => [{ title: `${t("notice.admin.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  const list = parseListQuery(request.url, { sorts: ["rank"], filters: { funded: ["all", "funded", "unfunded"] } });
  if (!competition) return { competitions, competition, competitionId: null, versions: [], selection: null, list, total: 0, formKey: null };
  let selection = null;
  let total = 0;
  try {
    // one page of the stored ranking (the full list is in the shortlist export)
    const page = await loadSelectionPage(db, competition.id, { q: list.q, offset: list.offset, pageSize: list.pageSize, funded: list.filters.funded as "all" }, new Date());
    selection = page.rows;
    total = page.total;
  } catch {
    selection = null; // ranking not available yet
  }
  // 发布公示 clicked twice (or the page resent) publishes one version
  return { competitions, competition, competitionId: competition.id, versions: await listNoticeVersions(db, competition.id), selection, list, total, formKey: newFormKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  // 发布公示 cannot be undone (a mistake is corrected by a new version): it needs the ticked confirmation
  const input = formDataToObject(formData);
  if (!confirmed(formData)) return data({ ok: false as const, fieldErrors: { confirm: CONFIRM_REQUIRED } as Record<string, string>, params: {}, values: echoValues(input) }, { status: 400 });
  const result = await publishNotice(getDb(), { id: user.id, role: user.role }, input, new Date(), formData.get(FORM_KEY_FIELD));
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, params: result.params ?? {}, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, version: result.version, periodEndsAt: result.periodEndsAt, noticeId: result.noticeId, fieldErrors: {} as Record<string, string>, params: {} };
}

export default function OrganizerNotices() {
  const { competitions, competition, competitionId, versions, selection, list, total, formKey } = useLoaderData<typeof loader>();
  const params = { competition: competition?.slug, q: list.q, funded: list.filters.funded === "all" ? null : list.filters.funded };
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(publishNoticeSchema, { serverErrors, values: result && !result.ok ? result.values : undefined });
  if (!competitionId) return <p>{t("home.noCompetition")}</p>;
  return (
    <section>
      <h1>{t("notice.admin.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />

      <section className="card">
        <h2>{t("notice.admin.currentSelection")}</h2>
        {selection === null ? (
          <p className="muted">{t("notice.admin.selectionUnavailable")}</p>
        ) : (
          <>
          <ListSearch
            q={list.q}
            keep={{ competition: competition?.slug }}
            filters={[{ name: "funded", label: t("notice.col.funded"), value: list.filters.funded, options: [
              { value: "all", label: t("scale.list.all") }, { value: "funded", label: t("export.yes") }, { value: "unfunded", label: t("export.no") },
            ] }]}
          />
          <TableWrap>
            <table data-testid="selection">
              <thead>
                <tr>
                  <th>{t("notice.col.division")}</th>
                  <th>{t("notice.col.rank")}</th>
                  <th>{t("notice.col.title")}</th>
                  <th>{t("notice.col.applicant")}</th>
                  <th>{t("notice.col.category")}</th>
                  <th className="num">{t("notice.col.score")}</th>
                  <th className="num">{t("notice.col.amount")}</th>
                  <th>{t("notice.col.funded")}</th>
                </tr>
              </thead>
              <tbody>
                {selection.map((r) => (
                  <tr key={r.proposalId} data-testid="selection-row" data-proposal-id={r.proposalId}>
                    <td>{r.division}</td>
                    <td>{r.rank ?? "—"}</td>
                    <td>{r.title}</td>
                    <td>{r.organizationName}</td>
                    <td>{r.category}</td>
                    <td className="num">{formatScore(r.finalScoreCenti)}</td>
                    <td className="num">{formatYuan(r.approvedFen)}</td>
                    <td>{r.funded ? t("export.yes") : t("export.no")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={list.page} pageSize={list.pageSize} total={total} params={params} />
          </>
        )}
        <p className="actions">
          {t("notice.admin.exportShortlist")}：
          <a href={staffHref("/organizer/shortlist/export/csv", competition!)} download>
            {t("export.csv")}
          </a>
          <a href={staffHref("/organizer/shortlist/export/xlsx", competition!)} download>
            {t("export.xlsx")}
          </a>
        </p>
      </section>

      <section className="card">
        <h2>{versions.length ? t("notice.admin.publishCorrection") : t("notice.admin.publish")}</h2>
        <p className="muted">{t("notice.admin.publishHint")}</p>
        {result?.ok ? (
          <p className="flash" role="status" data-testid="notice-published">
            {t("notice.admin.published", { version: result.version, at: formatShanghai(result.periodEndsAt) })}{" "}
            <Link to={`/notices/${result.noticeId}`}>{t("common.view")}</Link>
          </p>
        ) : null}
        {serverErrors?._form ? (
          <p className="alert" role="alert">
            {tMaybe(serverErrors._form, result && !result.ok ? result.params : undefined)}
          </p>
        ) : null}
        <Form method="post" className="stack" onSubmit={onSubmit} noValidate>
          {summary}
          <input type="hidden" {...register("competitionId")} value={competitionId} />
          <OnceField value={formKey} />
          <Field name="title" label={t("notice.admin.titleLabel")} error={errorFor("title")}>
            <input {...field("title")} />
          </Field>
          <Field name="note" label={t("notice.admin.noteLabel")} error={errorFor("note")}>
            <textarea {...field("note")} rows={3} />
          </Field>
          <ConfirmCheck id="confirm" what={t("shell.confirm.publishNotice")} error={serverErrors?.confirm} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {versions.length ? t("notice.admin.publishCorrection") : t("notice.admin.publish")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card">
        <h2>{t("notice.admin.versions")}</h2>
        {versions.length === 0 ? <p>{t("notice.none")}</p> : null}
        <ul data-testid="notice-versions-admin">
          {versions.map((v) => (
            <li key={v.id}>
              <Link to={`/notices/${v.id}`}>{v.title}</Link>{" "}
              <span className="muted">
                {t("notice.version", { version: v.version })} · {formatShanghai(v.published_at)} · {t("notice.admin.publishedBy")} {v.publishedBy} ·{" "}
                {t("notice.periodEndsAt")} {formatShanghai(v.period_ends_at)}
              </span>{" "}
              <a href={`/organizer/notices/${v.id}/export/csv`} download>
                {t("export.csv")}
              </a>{" "}
              <a href={`/organizer/notices/${v.id}/export/xlsx`} download>
                {t("export.xlsx")}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
