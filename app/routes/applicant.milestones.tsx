// The organization's tranches: when each is due, what it must deliver, and the report form (with
// attachments) for the tranche that is open now; a failed report can be rectified once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { statusBadge } from "~/components/financeStatus";
import { getDb } from "~/db.server";
import { formatScore, isOverdue } from "~/domain/evaluation";
import { formatYuan } from "~/domain/money";
import { formatDay, formatShanghai, shanghaiDate } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { reportSchema } from "~/schemas/finance";
import { requireUser } from "~/services/auth.server";
import { REPORT_FILE_LIMITS, type UploadedFile, listMyMilestones, submitMilestoneReport } from "~/services/milestones.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { OnceField } from "~/components/OnceField";
import { newFormKey } from "~/services/once.server";
import { isBodyRejection, readForm, uploadLimits } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.myMilestones.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  return { agreements: await listMyMilestones(getDb(), user.id), today: shanghaiDate(new Date()), formKey: newFormKey() };
}

type ActionResult = { milestoneId: string; fieldErrors: Record<string, string>; values?: Record<string, unknown>; hadFiles?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "applicant");
  let formData: FormData;
  try {
    formData = await readForm(request, uploadLimits(REPORT_FILE_LIMITS.maxFiles, REPORT_FILE_LIMITS.maxBytes));
  } catch (error) {
    if (!isBodyRejection(error, 413)) throw error;
    return data<ActionResult>({ milestoneId: "", fieldErrors: { _form: await error.text() } }, { status: 413 });
  }
  const files: UploadedFile[] = [];
  for (const value of formData.getAll("files")) {
    if (value instanceof Blob && value.size > 0) {
      files.push({ name: (value as File).name ?? "file", type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
  }
  formData.delete("files");
  const input = formDataToObject(formData);
  const result = await submitMilestoneReport(getDb(), user, input, files, new Date());
  if (!result.ok) {
    const refused = { milestoneId: String(formData.get("milestoneId") ?? ""), fieldErrors: result.fieldErrors, values: echoValues(input), hadFiles: files.length > 0 };
    return data<ActionResult>(refused, { status: result.status });
  }
  return redirect("/applicant/milestones?done=1");
}

export default function MyMilestones() {
  const { agreements, today, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [search] = useSearchParams();
  return (
    <>
      <h1>{t("finance.myMilestones.title")}</h1>
      <p className="muted">{t("finance.myMilestones.intro")}</p>
      {search.get("done") ? <p className="flash" role="status">{t("finance.myMilestones.submitted")}</p> : null}
      {result?.fieldErrors._form ? <p className="alert" role="alert">{tMaybe(result.fieldErrors._form)}</p> : null}
      {agreements.length === 0 ? <p>{t("finance.myMilestones.none")}</p> : null}
      {agreements.map((a) => (
        <section className="card" key={a.id} data-testid={`my-agreement-${a.id}`}>
          <h2>{a.title}</h2>
          <p className="muted">
            {t(`finance.agreementStatus.${a.status as "signed" | "terminated" | "completed"}`)} · {t("finance.agreementAmount")} {formatYuan(a.amount_fen)} 元
          </p>
          {a.milestones.map((m) => {
            const refused = result?.milestoneId === String(m.id) ? result : undefined;
            return (
              <div key={m.id} className="card" data-testid={`my-milestone-${m.seq}`}>
                <h3>
                  {m.seq}. {m.name} · {formatYuan(m.amount_fen)} 元 · <span className={statusBadge(m.status)}>{t(`finance.milestoneStatus.${m.status}`)}</span>
                  {isOverdue(m, today) ? <span className="badge bad"> {t("finance.milestones.overdue")}</span> : null}
                </h3>
                <p className="muted">
                  {t("finance.milestones.dueOn", { date: formatDay(m.due_on) })} · {t("finance.milestones.deliverables")}：{m.deliverables}
                </p>
                {m.reports.map((r) => (
                  <div key={r.id}>
                    <p className="muted">{t("finance.report.submittedAt", { at: formatShanghai(r.submitted_at) })}</p>
                    {r.files.length ? (
                      <ul>
                        {r.files.map((f) => (
                          <li key={f.id}><a href={`/applicant/milestones/files/${f.id}`}>{f.original_name}</a></li>
                        ))}
                      </ul>
                    ) : null}
                    {r.evaluation ? (
                      <p>
                        {t("finance.evaluation.result", { grade: t(`finance.grade.${r.evaluation.grade}`), score: formatScore(r.evaluation.score_centi) })}：{r.evaluation.note}
                      </p>
                    ) : (
                      <p>{t("finance.myMilestones.awaiting")}</p>
                    )}
                  </div>
                ))}
                {m.status === "rectifying" ? <p className="alert">{t("finance.myMilestones.rectify")}</p> : null}
                {m.canSubmit ? (
                  <ReportForm milestoneId={m.id} serverErrors={refused?.fieldErrors ?? {}} values={refused?.values} filesAgain={!!refused?.hadFiles} formKey={formKey} />
                ) : null}
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}

/** The report form of one tranche: react-hook-form checks the summary at once; without JS it posts as is. */
function ReportForm(props: { milestoneId: number; serverErrors: Record<string, string>; values?: Record<string, unknown>; filesAgain: boolean; formKey: string }) {
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(reportSchema, {
    serverErrors: props.serverErrors,
    values: props.values,
    defaultValues: { milestoneId: String(props.milestoneId) },
    idOf: (name) => `${name}-${props.milestoneId}`, // one form per tranche: the summary links to this one's fields
  });
  const id = (name: string) => `${name}-${props.milestoneId}`;
  const filesError = props.serverErrors.files ? tMaybe(props.serverErrors.files) : undefined;
  return (
    <Form method="post" encType="multipart/form-data" className="stack" noValidate onSubmit={onSubmit} aria-label={t("finance.report.title")}>
      {summary}
      <input type="hidden" {...register("milestoneId")} value={props.milestoneId} />
      <OnceField value={props.formKey} />
      <Field name={id("summary")} label={t("finance.report.summary")} error={errorFor("summary")} hint={t("finance.report.summaryHint")}>
        <textarea {...field("summary")} rows={5} />
      </Field>
      <Field name={id("files")} label={t("finance.report.files")} error={filesError} hint={props.filesAgain ? `${t("finance.report.filesHint")} ${t("input.echo.filesAgain")}` : t("finance.report.filesHint")}>
        <input {...fieldA11y(id("files"), filesError)} name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx" />
      </Field>
      <div className="actions"><button type="submit">{t("finance.report.submit")}</button></div>
    </Form>
  );
}
