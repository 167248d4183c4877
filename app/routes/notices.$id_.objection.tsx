// The public objection form for one notice (real-name, rate-limited, honeypot, optional evidence file).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { OBJECTOR_RELATIONS, objectionSchema } from "~/schemas/notice";
import { loadNoticePage } from "~/services/notices.server";
import { OBJECTION_FILE_MAX_BYTES, fileObjection } from "~/services/objections.server";
import styles from "~/styles/notice.css";
import { echoValues, formDataToObject } from "~/utils/forms";
import { isBodyRejection, readForm, uploadLimits } from "~/utils/request-body.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { OnceField } from "~/components/OnceField";
import { newFormKey } from "~/services/once.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${t("notice.objection.title")} · ${t("app.name")}` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const page = Number.isInteger(id) && id > 0 ? await loadNoticePage(getDb(), id, new Date()) : null;
  if (!page) throw new Response("Not Found", { status: 404 });
  return {
    notice: { id: page.notice.id, title: page.notice.title, endsAt: page.notice.period_ends_at },
    window: page.window,
    latestId: page.latestId,
    projects: page.snapshot.rows.map((r) => ({ id: r.proposalId, label: `${r.seq}. ${r.title}（${r.applicant}）` })),
    formKey: newFormKey(), // a double click files one objection
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const noticeId = Number(params.id);
  if (!Number.isInteger(noticeId) || noticeId <= 0) throw new Response("Not Found", { status: 404 });
  let form: FormData;
  try {
    form = await readForm(request, uploadLimits(1, OBJECTION_FILE_MAX_BYTES));
  } catch (error) {
    if (!isBodyRejection(error, 413)) throw error;
    return data({ ok: false as const, fieldErrors: { attachment: "notice.objection.fileTooLarge" } as Record<string, string>, params: {}, values: {} }, { status: 413 });
  }
  const upload = form.get("attachment");
  const file = upload instanceof File && upload.size > 0 ? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) } : null;
  const fields = formDataToObject(form);
  delete fields.attachment;
  const result = await fileObjection(getDb(), noticeId, fields, file, new Date(), clientAddress(context));
  // A refused objection comes back filled in (the file has to be chosen again: browsers never pre-fill one).
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, params: result.params ?? {}, values: echoValues(fields) }, { status: result.status });
  return { ok: true as const, objectionId: result.objectionId, fieldErrors: {} as Record<string, string>, params: {} };
}

export default function ObjectionPage() {
  const { notice, window, latestId, projects, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(objectionSchema, {
    serverErrors,
    defaultValues: { proposalId: search.get("proposal") ?? "", relation: "" },
    values: result && !result.ok ? result.values : undefined,
  });
  const formError = serverErrors?._form ? tMaybe(serverErrors._form, result && !result.ok ? result.params : undefined) : null;

  if (result?.ok) {
    return (
      <section className="card">
        <h1>{t("notice.objection.title")}</h1>
        <p className="flash" role="status" data-testid="objection-received">
          {t("notice.objection.received", { id: result.objectionId })}
        </p>
        <p>
          <Link to="/notices/objection-status">{t("notify.lookup.title")}</Link>
        </p>
        <Link to={`/notices/${notice.id}`}>{t("common.back")}</Link>
      </section>
    );
  }

  return (
    <section className="card">
      <h1>{t("notice.objection.title")}</h1>
      <p>
        <Link to={`/notices/${notice.id}`}>{notice.title}</Link>
      </p>
      {window !== "open" && !formError ? (
        <p className="alert" role="alert" data-testid="objection-closed">
          {window === "superseded" ? (
            <>
              {t("notice.objection.superseded")} <Link to={`/notices/${latestId}/objection`}>{t("notice.viewLatest")}</Link>
            </>
          ) : (
            t("notice.objection.closed", { at: formatShanghai(notice.endsAt) })
          )}
        </p>
      ) : null}
      {formError ? (
        <p className="alert" role="alert" data-testid="objection-error">
          {formError}
        </p>
      ) : null}
      {window === "open" ? (
        <>
          <p className="muted">{t("notice.objection.intro")}</p>
          <p className="muted">
            {t("notice.periodEndsAt")}：{formatShanghai(notice.endsAt)}
          </p>
          <Form method="post" encType="multipart/form-data" className="stack" onSubmit={onSubmit} noValidate>
            <OnceField value={formKey} />
            {summary}
            <Field name="proposalId" label={t("notice.objection.project")} error={errorFor("proposalId")}>
              <select {...field("proposalId")}>
                <option value="">—</option>
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="name" label={t("notice.objection.name")} error={errorFor("name")}>
              <input {...field("name")} autoComplete="name" />
            </Field>
            <Field name="mobile" label={t("notice.objection.mobile")} error={errorFor("mobile")}>
              <input {...field("mobile")} inputMode="numeric" autoComplete="tel" />
            </Field>
            <Field name="relation" label={t("notice.objection.relation")} error={errorFor("relation")}>
              <select {...field("relation")}>
                <option value="">—</option>
                {OBJECTOR_RELATIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`notice.relation.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="reasons" label={t("notice.objection.reasons")} hint={t("notice.objection.reasonsHint")} error={errorFor("reasons")}>
              <textarea {...field("reasons")} rows={6} />
            </Field>
            <Field name="attachment" label={t("notice.objection.attachment")} error={errorFor("attachment")}>
              <input {...fieldA11y("attachment", errorFor("attachment"))} type="file" accept="application/pdf,image/jpeg,image/png" />
            </Field>
            <div className="hp-field" aria-hidden="true">
              <label htmlFor="website">{t("notice.objection.website")}</label>
              <input id="website" {...register("website")} tabIndex={-1} autoComplete="off" />
            </div>
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t("notice.objection.submit")}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </section>
  );
}
