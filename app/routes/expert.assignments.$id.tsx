// The expert's score sheet for one assignment: the proposal (applicant hidden under blind review), one
// input per criterion up to its maximum, a comment, 保存草稿 or 提交评分 (which locks it).
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useMemo } from "react";
import { Field } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatCenti } from "~/domain/scoring";
import { formatDay, formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { scoreSheetSchema } from "~/schemas/review";
import { requireUser } from "~/services/auth.server";
import { loadScoreSheet, saveScore } from "~/services/scores.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { OnceField } from "~/components/OnceField";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { newFormKey } from "~/services/once.server";
import { readForm } from "~/utils/request-body.server";
import { ConfirmCheck } from "~/components/ConfirmCheck";
import { CONFIRM_REQUIRED, confirmed } from "~/utils/confirm";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d ? t("review.sheet.title", { title: d.proposal.title }) : t("review.expert.homeTitle")} · ${t("app.name")}` },
];

const assignmentId = (raw: string | undefined) => (raw && /^\d+$/.test(raw) ? Number(raw) : 0);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "expert");
  const sheet = await loadScoreSheet(getDb(), { id: user.id, role: user.role }, assignmentId(params.id), new Date());
  if (!sheet.ok) {
    // 404 for someone else's (or no) assignment, 403 for a withdrawn or conflicted one — with the reason in Chinese
    throw new Response(tMaybe(sheet.fieldErrors._form ?? "error.notFound"), { status: sheet.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { ok: _ok, ...rest } = sheet;
  return { ...rest, formKey: newFormKey() }; // 提交评分 clicked twice submits once
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "expert");
  const formData = await readForm(request);
  const intent = formData.get("intent") === "submit" ? "submit" : "draft";
  const input = formDataToObject(formData) as { criteria?: unknown; comment?: unknown };
  // 提交评分 locks the sheet: it needs the ticked confirmation (saving a draft does not)
  if (intent === "submit" && !confirmed(formData)) {
    return data({ ok: false as const, fieldErrors: { confirm: CONFIRM_REQUIRED } as Record<string, string>, values: echoValues(input) }, { status: 400 });
  }
  const result = await saveScore(getDb(), { id: user.id, role: user.role }, assignmentId(params.id), input, intent, new Date(), formData.get(FORM_KEY_FIELD));
  // A refused sheet comes back with every typed score, so nothing is lost without JavaScript.
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, status: result.status, fieldErrors: {} as Record<string, string> };
}

export default function ScoreSheet() {
  const sheet = useLoaderData<typeof loader>();
  const { proposal, organization, rubric, score, competition } = sheet;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const schema = useMemo(() => scoreSheetSchema(rubric, "submit"), [rubric]);
  const defaultValues = {
    criteria: Object.fromEntries(rubric.map((c) => [c.key, score?.criteria[c.key] !== undefined ? String(score.criteria[c.key] / 100) : ""])),
    comment: score?.comment ?? "",
  };
  const { field, errorFor, onSubmit, summary } = useValidatedForm(schema, { serverErrors, defaultValues, values: result && !result.ok ? result.values : undefined });
  const submitted = score?.status === "submitted";
  const maxTotal = rubric.reduce((s, c) => s + c.maxPoints, 0);

  return (
    <section className="card">
      <p>
        <Link to="/expert">{t("review.sheet.back")}</Link>
      </p>
      <h1>{t("review.sheet.title", { title: proposal.title })}</h1>
      <p className="muted">
        {competition.name} · {t(`review.expert.round.${sheet.assignment.round as "desk" | "live"}`)}
      </p>
      {sheet.blind ? (
        <p className="muted" data-testid="blind-review">
          {t("review.sheet.blind")}
        </p>
      ) : null}
      <dl>
        {organization ? (
          <>
            <dt>{t("review.proposal.applicant")}</dt>
            <dd data-testid="sheet-applicant">
              {organization.name}（{tMaybe(`registration.applicantType.${organization.applicant_type}`)}）
            </dd>
          </>
        ) : null}
        <dt>{t("review.proposal.division")}</dt>
        <dd>{proposal.divisionName}</dd>
        <dt>{t("review.proposal.category")}</dt>
        <dd>{proposal.categoryName}</dd>
        <dt>{t("review.proposal.community")}</dt>
        <dd>{proposal.community}</dd>
        <dt>{t("review.proposal.beneficiaries")}</dt>
        <dd>
          {proposal.beneficiaries}（{proposal.beneficiaryCount}）
        </dd>
        <dt>{t("review.proposal.goals")}</dt>
        <dd style={{ whiteSpace: "pre-wrap" }}>{proposal.goals}</dd>
        <dt>{t("review.proposal.requested")}</dt>
        <dd>{formatYuan(proposal.requestedFen)}</dd>
        <dt>{t("review.proposal.selfRaised")}</dt>
        <dd>{formatYuan(proposal.selfRaisedFen)}</dd>
      </dl>
      {proposal.activities.length ? (
        <>
          <h2>{t("review.proposal.activities")}</h2>
          <ul>
            {proposal.activities.map((a, i) => (
              <li key={i}>
                <strong>{a.name}</strong> {formatDay(a.startOn)}
                {a.endOn ? ` ${t("common.to")} ${formatDay(a.endOn)}` : ""}
                {a.description ? <div className="muted">{a.description}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {proposal.budget.length ? (
        <>
          <h2>{t("review.proposal.budget")}</h2>
          <TableWrap>
            <table>
              <tbody>
                {proposal.budget.map((b, i) => (
                  <tr key={i}>
                    <td>{b.category ? tMaybe(`registration.budgetCategory.${b.category}`) : ""}</td>
                    <td>{b.item}</td>
                    <td>{typeof b.amountFen === "number" ? formatYuan(b.amountFen) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}

      <h2>{t("review.sheet.criteria")}</h2>
      {result?.ok && !busy ? (
        <p className="flash" role="status" data-testid="score-saved">
          {result.status === "submitted" ? t("review.sheet.submitted") : t("review.sheet.saved")}
        </p>
      ) : null}
      {serverErrors?._form ? (
        <p className="alert" role="alert" data-testid="score-error">
          {tMaybe(serverErrors._form)}
        </p>
      ) : null}

      {submitted ? (
        <div data-testid="score-submitted">
          <p className="badge ok">{t("review.sheet.submitted")}</p>
          <p>{t("review.sheet.submittedAt", { at: score?.submittedAt ? formatShanghai(score.submittedAt) : "" })}</p>
          <TableWrap>
            <table>
              <tbody>
                {rubric.map((c) => (
                  <tr key={c.key}>
                    <td>{c.name}</td>
                    <td>
                      {score?.criteria[c.key] !== undefined ? formatCenti(score.criteria[c.key]) : ""} / {c.maxPoints}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p data-testid="score-total">{t("review.sheet.total", { total: formatCenti(score?.totalCenti ?? 0), max: maxTotal })}</p>
          <p style={{ whiteSpace: "pre-wrap" }}>{score?.comment}</p>
        </div>
      ) : !sheet.open ? (
        <p className="alert" role="alert" data-testid="score-closed">
          {t("review.sheet.closed", { from: formatShanghai(competition.reviewStartsAt), to: formatShanghai(competition.reviewEndsAt) })}
        </p>
      ) : (
        <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="score-form">
          {summary}
          <OnceField value={sheet.formKey} />
          {rubric.map((c) => {
            const name = `criteria.${c.key}`;
            return (
              <Field key={c.key} name={name} label={`${c.name}（${t("review.sheet.max", { max: c.maxPoints })}）`} error={errorFor(name)}>
                <input
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={c.maxPoints}
                  step={0.5}
                  {...field(name)}
                />
              </Field>
            );
          })}
          {score ? <p className="muted">{t("review.sheet.total", { total: formatCenti(score.totalCenti), max: maxTotal })}</p> : null}
          <Field name="comment" label={t("review.sheet.comment")} error={errorFor("comment")}>
            <textarea rows={5} {...field("comment")} />
          </Field>
          <p className="muted">{t("review.sheet.submitHint")}</p>
          <ConfirmCheck id="confirm" what={t("shell.confirm.submitScores")} intent="submit" error={errorFor("confirm")} />
          <div className="actions">
            <button type="submit" name="intent" value="save-draft" className="secondary" disabled={busy}>
              {t("review.sheet.saveDraft")}
            </button>
            <button type="submit" name="intent" value="submit" disabled={busy}>
              {t("review.sheet.submit")}
            </button>
          </div>
        </Form>
      )}
      {!submitted ? (
        <p className="muted">
          {t("review.sheet.recuseHint")} <Link to={`/expert/conflicts?assignment=${sheet.assignment.id}`}>{t("review.sheet.recuse")}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** Refusals (not yours, withdrawn, conflicted) keep their specific Chinese reason. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const own = isRouteErrorResponse(error) && typeof error.data === "string" && /[\u4e00-\u9fff]/.test(error.data) ? error.data : null;
  const message = own ?? (status === 403 ? t("error.forbidden") : status === 404 ? t("error.notFound") : t("error.generic"));
  return (
    <section className="error-page" data-status={status}>
      <h1>{t("error.title")}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/expert">{t("review.sheet.back")}</Link>
      </p>
    </section>
  );
}
