// One agreement's money: release the signing tranche, evaluate reports (a pass pays the tranche),
// terminate the agreement, and record money the organization paid back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { statusBadge } from "~/components/financeStatus";
import { getDb } from "~/db.server";
import { GRADE_BANDS, formatScore, isOverdue } from "~/domain/evaluation";
import { formatYuan } from "~/domain/money";
import { formatDay, formatShanghai, shanghaiDate } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { evaluationSchema } from "~/schemas/finance";
import { requireUser } from "~/services/auth.server";
import { evaluateMilestone, loadAgreementDetail, newRequestKey, recordMissedDeadline, recordRecovery, releaseSigningTranche, terminateAgreement } from "~/services/milestones.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { OnceField } from "~/components/OnceField";
import { ConfirmCheck } from "~/components/ConfirmCheck";
import { RefusedSummary } from "~/components/ErrorSummary";
import { CONFIRM_REQUIRED, confirmed } from "~/utils/confirm";

export const meta: MetaFunction = () => [{ title: `${t("finance.agreement.title")} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const detail = await loadAgreementDetail(getDb(), Number(params.agreementId));
  if (!detail) throw new Response("not found", { status: 404 });
  return { ...detail, requestKey: newRequestKey(), today: shanghaiDate(new Date()) };
}

type ActionResult = { intent: string; milestoneId?: string; fieldErrors: Record<string, string>; params?: Record<string, string | number>; values?: Record<string, unknown> };

const IRREVERSIBLE = new Set(["release", "evaluate", "terminate"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const input = { ...formDataToObject(formData), agreementId: params.agreementId };
  const now = new Date();
  const db = getDb();
  // 拨付, 记录评估 and 终止协议 cannot be undone: they need the ticked confirmation (nothing is written without it)
  if (IRREVERSIBLE.has(intent) && !confirmed(formData)) {
    return data<ActionResult>({ intent, milestoneId: String(formData.get("milestoneId") ?? ""), fieldErrors: { confirm: CONFIRM_REQUIRED }, values: echoValues(input) }, { status: 400 });
  }
  const result =
    intent === "release" ? await releaseSigningTranche(db, user, input, now)
    : intent === "evaluate" ? await evaluateMilestone(db, user, input, now)
    : intent === "missed" ? await recordMissedDeadline(db, user, input, now)
    : intent === "terminate" ? await terminateAgreement(db, user, input, now)
    : intent === "recover" ? await recordRecovery(db, user, input, now)
    : null;
  if (!result) return data<ActionResult>({ intent, fieldErrors: { _form: "validation.fixErrors" } }, { status: 400 });
  if (!result.ok) {
    return data<ActionResult>(
      { intent, milestoneId: String(formData.get("milestoneId") ?? ""), fieldErrors: result.fieldErrors, params: result.params, values: echoValues(input) },
      { status: result.status },
    );
  }
  return redirect(`/organizer/finance/agreements/${params.agreementId}?done=${intent}`);
}

function Money({ fen }: { fen: number }) {
  return <>{formatYuan(fen)} 元</>;
}

export default function AgreementFinance() {
  const { agreement, milestones, money, requestKey, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [search] = useSearchParams();
  const done = search.get("done");
  const refusedFor = (intent: string, milestoneId?: number) =>
    result && result.intent === intent && (milestoneId === undefined || result.milestoneId === String(milestoneId)) ? result : undefined;
  /** What a plain field shows: what was typed if this form's post was refused, else `fallback`. */
  const typed = (intent: string, name: string, fallback = "", milestoneId?: number) => {
    const v = refusedFor(intent, milestoneId)?.values?.[name];
    return typeof v === "string" ? v : fallback;
  };
  const errorsFor = (intent: string, milestoneId?: number) => refusedFor(intent, milestoneId)?.fieldErrors ?? {};
  const msg = (key?: string) => (key ? tMaybe(key, result?.params) : undefined);
  const active = agreement.status === "signed";
  return (
    <>
      <p><Link to="/organizer/finance/milestones">← {t("finance.milestones.title")}</Link></p>
      <h1>{agreement.title}</h1>
      <p className="muted">
        {agreement.organization} · {t(`finance.agreementStatus.${agreement.status as "signed" | "terminated" | "completed"}`)} ·{" "}
        {t("finance.agreementAmount")} <Money fen={agreement.amount_fen} />
      </p>
      {done ? <p className="flash" role="status" data-testid="done">{t(`finance.done.${done as "release" | "evaluate" | "terminate" | "recover" | "missed"}`)}</p> : null}
      {result?.fieldErrors?._form ? <p className="alert" role="alert">{msg(result.fieldErrors._form)}</p> : null}
      <section className="grid">
        <div className="card"><div className="muted">{t("finance.agreement.outstanding")}</div><strong data-testid="outstanding"><Money fen={money.outstandingFen} /></strong></div>
        <div className="card"><div className="muted">{t("finance.agreement.orgPaid")}</div><strong data-testid="org-paid"><Money fen={money.orgPaidFen} /></strong></div>
        <div className="card"><div className="muted">{t("finance.agreement.orgRecovered")}</div><strong><Money fen={money.orgRecoveredFen} /></strong></div>
      </section>

      {milestones.map((m) => {
        const errors = errorsFor("evaluate", m.id);
        return (
          <section className="card" key={m.id} data-testid={`milestone-${m.seq}`}>
            <h2>
              {m.seq}. {m.name} · <Money fen={m.amount_fen} /> ({m.percent}%) · <span className={statusBadge(m.status)}>{t(`finance.milestoneStatus.${m.status}`)}</span>
            </h2>
            <p className="muted">
              {t("finance.milestones.dueOn", { date: formatDay(m.due_on) })} · {t("finance.milestones.deliverables")}：{m.deliverables}
              {m.fail_count > 0 ? ` · ${t("finance.milestones.failCount", { n: m.fail_count })}` : ""}
            </p>
            {m.reports.length ? (
              <ol className="timeline">
                {m.reports.map((r) => (
                  <li key={r.id}>
                    <div>{t("finance.report.submittedAt", { at: formatShanghai(r.submitted_at) })}</div>
                    <p style={{ whiteSpace: "pre-wrap" }}>{r.summary}</p>
                    {r.files.length ? (
                      <ul>
                        {r.files.map((f) => (
                          <li key={f.id}><a href={`/organizer/finance/attachments/${f.id}`}>{f.original_name}</a></li>
                        ))}
                      </ul>
                    ) : null}
                    {r.evaluation ? (
                      <p>
                        {t("finance.evaluation.result", {
                          grade: t(`finance.grade.${r.evaluation.grade}`),
                          score: formatScore(r.evaluation.score_centi),
                        })}
                        ：{r.evaluation.note}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : null}
            {active && !m.requires_report && m.status === "pending" ? (
              <Form method="post">
                <RefusedSummary errors={errorsFor("release", m.id)} idOf={(name) => `release-${name}-${m.id}`} translate={(key) => msg(key) ?? key} />
                <input type="hidden" name="intent" value="release" />
                <OnceField value={requestKey} />
                <input type="hidden" name="milestoneId" value={m.id} />
                <ConfirmCheck id={`release-confirm-${m.id}`} what={t("shell.confirm.release")} error={errorsFor("release", m.id).confirm} />
                <button type="submit">{t("finance.milestones.release")}</button>
              </Form>
            ) : null}
            {active && m.requires_report && isOverdue(m, today) && milestones.filter((x) => x.seq < m.seq).every((x) => x.status === "paid") ? (
              <Form method="post" className="stack" aria-label={t("finance.missed.title")}>
                <RefusedSummary errors={errorsFor("missed", m.id)} idOf={(name) => `missed-${name}-${m.id}`} translate={(key) => msg(key) ?? key} />
                <input type="hidden" name="intent" value="missed" />
                <OnceField value={requestKey} />
                <input type="hidden" name="milestoneId" value={m.id} />
                <p className="alert">{t("finance.missed.explain", { date: formatDay(m.due_on) })}</p>
                <Field name={`missed-note-${m.id}`} label={t("finance.evaluation.note")} error={msg(errorsFor("missed", m.id).note)}>
                  <input {...fieldA11y(`missed-note-${m.id}`, msg(errorsFor("missed", m.id).note))} name="note" defaultValue={typed("missed", "note", "", m.id)} />
                </Field>
                <div className="actions"><button type="submit" className="secondary">{t("finance.missed.submit")}</button></div>
              </Form>
            ) : null}
            {active && m.status === "submitted" ? (
              <EvaluationForm milestoneId={m.id} serverErrors={errors} values={refusedFor("evaluate", m.id)?.values} formKey={requestKey} />
            ) : null}
          </section>
        );
      })}

      <div className="grid">
        <section className="card">
          <h2>{t("finance.recovery.title")}</h2>
          <p className="muted">{t("finance.recovery.intro")}</p>
          <Form method="post" className="stack">
            <RefusedSummary errors={errorsFor("recover")} idOf={(name) => `recovery-${name}`} translate={(key) => msg(key) ?? key} />
            <input type="hidden" name="intent" value="recover" />
            <input type="hidden" name="requestKey" value={requestKey} />
            <Field name="recovery-amount" label={t("finance.recovery.amount")} error={msg(errorsFor("recover").amount)}>
              <input {...fieldA11y("recovery-amount", msg(errorsFor("recover").amount))} name="amount" inputMode="decimal" defaultValue={typed("recover", "amount")} />
            </Field>
            <Field name="recovery-receivedOn" label={t("finance.recovery.receivedOn")} error={msg(errorsFor("recover").receivedOn)}>
              <input {...fieldA11y("recovery-receivedOn", msg(errorsFor("recover").receivedOn))} name="receivedOn" type="date" defaultValue={typed("recover", "receivedOn", today)} />
            </Field>
            <Field name="recovery-note" label={t("finance.recovery.note")} error={msg(errorsFor("recover").note)}>
              <input {...fieldA11y("recovery-note", msg(errorsFor("recover").note))} name="note" defaultValue={typed("recover", "note")} />
            </Field>
            <div className="actions"><button type="submit">{t("finance.recovery.submit")}</button></div>
          </Form>
        </section>
        {active ? (
          <section className="card">
            <h2>{t("finance.termination.title")}</h2>
            <p className="muted">{t("finance.termination.intro")}</p>
            <Form method="post" className="stack">
              <RefusedSummary errors={errorsFor("terminate")} idOf={(name) => `terminate-${name}`} translate={(key) => msg(key) ?? key} />
              <input type="hidden" name="intent" value="terminate" />
              <OnceField value={requestKey} />
              <Field name="terminate-reason" label={t("finance.termination.reason")} error={msg(errorsFor("terminate").reason)}>
                <textarea {...fieldA11y("terminate-reason", msg(errorsFor("terminate").reason))} name="reason" rows={3} defaultValue={typed("terminate", "reason")} />
              </Field>
              <ConfirmCheck id="terminate-confirm" what={t("shell.confirm.terminate")} error={errorsFor("terminate").confirm} />
              <div className="actions"><button type="submit" className="secondary">{t("finance.termination.submit")}</button></div>
            </Form>
          </section>
        ) : null}
      </div>
    </>
  );
}

/** The evaluation form of one submitted tranche, checked at once by the shared zod schema. */
function EvaluationForm(props: { milestoneId: number; serverErrors: Record<string, string>; values?: Record<string, unknown>; formKey: string }) {
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(evaluationSchema, {
    serverErrors: props.serverErrors,
    values: props.values,
    defaultValues: { milestoneId: String(props.milestoneId) },
    idOf: (name) => `${name}-${props.milestoneId}`,
  });
  const id = (name: string) => `${name}-${props.milestoneId}`;
  const bands = GRADE_BANDS.filter((b) => b.minCenti > 0).map((b) => `${t(`finance.grade.${b.grade}`)} ≥ ${b.minCenti / 100}`).join("，");
  return (
    <Form method="post" className="stack" noValidate onSubmit={onSubmit} aria-label={t("finance.evaluation.title")}>
      {summary}
      <input type="hidden" name="intent" value="evaluate" />
      <OnceField value={props.formKey} />
      <input type="hidden" {...register("milestoneId")} value={props.milestoneId} />
      <Field name={id("score")} label={t("finance.evaluation.score")} error={errorFor("score")} hint={t("finance.evaluation.bands", { bands })}>
        <input {...field("score")} inputMode="decimal" />
      </Field>
      <Field name={id("note")} label={t("finance.evaluation.note")} error={errorFor("note")}>
        <textarea {...field("note")} rows={3} />
      </Field>
      <ConfirmCheck id={id("confirm")} what={t("shell.confirm.evaluate")} error={props.serverErrors.confirm} />
      <div className="actions"><button type="submit">{t("finance.evaluation.submit")}</button></div>
      <p className="muted">{t("finance.evaluation.explain")}</p>
    </Form>
  );
}
