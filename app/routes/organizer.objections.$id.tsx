// Investigating one objection: its content and evidence, and the upheld/dismissed decision with a finding.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { decideObjectionSchema } from "~/schemas/notice";
import { requireUser } from "~/services/auth.server";
import { decideObjection, loadObjection } from "~/services/objections.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("objection.admin.decide")} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const objection = await loadObjection(getDb(), Number(params.id));
  if (!objection) throw new Response("Not Found", { status: 404 });
  return { objection };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const input = formDataToObject(await readForm(request));
  const result = await decideObjection(getDb(), { id: user.id, role: user.role }, Number(params.id), input, new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, fieldErrors: {} as Record<string, string> };
}

export default function DecideObjection() {
  const { objection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { field, checked, errorFor, onSubmit, summary } = useValidatedForm(decideObjectionSchema, { serverErrors, values: result && !result.ok ? result.values : undefined });
  return (
    <section className="card">
      <h1>{t("objection.admin.decide")}</h1>
      <p>
        <Link to="/organizer/objections">{t("common.back")}</Link>
      </p>
      <dl>
        <dt>{t("notice.objection.project")}</dt>
        <dd data-testid="objection-project">{objection.proposalTitle}</dd>
        <dt>{t("objection.admin.objector")}</dt>
        <dd>
          {objection.name} · {objection.mobile} · {t(`notice.relation.${objection.relation as "other"}`)}
        </dd>
        <dt>{t("objection.admin.filedAt")}</dt>
        <dd>{formatShanghai(objection.filed_at)}（{objection.noticeTitle}）</dd>
        <dt>{t("notice.objection.reasons")}</dt>
        <dd className="notice-body" style={{ whiteSpace: "pre-wrap" }}>{objection.reasons}</dd>
        {objection.attachments.length ? (
          <>
            <dt>{t("objection.admin.attachment")}</dt>
            <dd>
              {objection.attachments.map((a) => (
                <a key={a.id} href={`/organizer/objections/attachments/${a.id}`}>
                  {a.original_name}
                </a>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{t("common.status")}</dt>
        <dd data-testid="objection-status">{t(`objection.status.${objection.status}`)}</dd>
        {objection.finding ? (
          <>
            <dt>{t("objection.admin.finding")}</dt>
            <dd style={{ whiteSpace: "pre-wrap" }}>{objection.finding}</dd>
            <dt>{t("objection.admin.decidedBy")}</dt>
            <dd>
              {objection.decidedByName} · {objection.decided_at ? formatShanghai(objection.decided_at) : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {result?.ok ? (
        <p className="flash" role="status">
          {t("objection.admin.decided")}
        </p>
      ) : null}
      {serverErrors?._form ? (
        <p className="alert" role="alert">
          {tMaybe(serverErrors._form)}
        </p>
      ) : null}
      {objection.status === "pending" ? (
        <Form method="post" className="stack" onSubmit={onSubmit} noValidate>
          {summary}
          <fieldset>
            <legend>{t("objection.admin.decision")}</legend>
            <label>
              <input type="radio" {...checked("decision", "upheld")} /> {t("objection.status.upheld")}
            </label>{" "}
            <label>
              <input type="radio" {...checked("decision", "dismissed")} /> {t("objection.status.dismissed")}
            </label>
            {errorFor("decision") ? (
              <span className="error" role="alert">
                {errorFor("decision")}
              </span>
            ) : null}
            <p className="muted">{t("objection.admin.upheldHint")}</p>
          </fieldset>
          <Field name="finding" label={t("objection.admin.finding")} error={errorFor("finding")}>
            <textarea {...field("finding")} rows={5} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("objection.admin.save")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
