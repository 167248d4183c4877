// 初审 of one proposal: its full content, attachments, earlier reviews and events, and the decision
// (pass with the whole checklist ticked, return for 补正 with reasons and a deadline, or reject with reasons).
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { proposalEventLabel } from "~/components/eventLabel";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatDay, formatShanghai, shanghaiDate } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { INITIAL_CHECKLIST, initialReviewSchema } from "~/schemas/review";
import { requireUser } from "~/services/auth.server";
import { decideInitialReview, loadForInitialReview } from "~/services/initial-review.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d ? t("review.proposal.title", { title: d.proposal.title }) : t("review.queue.title")} · ${t("app.name")}` },
];

const proposalId = (raw: string | undefined) => (raw && /^\d+$/.test(raw) ? Number(raw) : 0);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "reviewer");
  const found = await loadForInitialReview(getDb(), proposalId(params.id));
  if (!found) throw new Response("Not Found", { status: 404 });
  return { ...found, today: shanghaiDate(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "reviewer");
  const input = formDataToObject(await readForm(request));
  const result = await decideInitialReview(getDb(), { id: user.id, role: user.role }, proposalId(params.id), input, new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, status: result.status, fieldErrors: {} as Record<string, string> };
}

export default function InitialReviewPage() {
  const { proposal, organization, members, attachments, reviews, events, divisionName, categoryName, activities, budget, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { field, checked, errorFor, onSubmit, summary } = useValidatedForm(initialReviewSchema, { serverErrors, values: result && !result.ok ? result.values : undefined });
  return (
    <section className="card">
      <p>
        <Link to="/review">{t("review.proposal.back")}</Link>
      </p>
      <h1>{t("review.proposal.title", { title: proposal.title })}</h1>
      <dl>
        <dt>{t("review.proposal.status")}</dt>
        <dd data-testid="proposal-status">
          {tMaybe(`registration.status.${proposal.status}`)} · {t("review.versionValue", { version: proposal.version })}
        </dd>
        <dt>{t("review.proposal.division")}</dt>
        <dd>{divisionName}</dd>
        <dt>{t("review.proposal.category")}</dt>
        <dd>{categoryName}</dd>
        <dt>{t("review.proposal.applicant")}</dt>
        <dd>
          {organization.name}（{tMaybe(`registration.applicantType.${organization.applicant_type}`)}）
        </dd>
        {organization.credit_code ? (
          <>
            <dt>{t("review.proposal.creditCode")}</dt>
            <dd>{organization.credit_code}</dd>
          </>
        ) : null}
        <dt>{t("review.proposal.legalRep")}</dt>
        <dd>{organization.legal_rep}</dd>
        <dt>{t("review.proposal.contact")}</dt>
        <dd>
          {organization.contact_name} · {organization.contact_mobile}
        </dd>
        <dt>{t("review.proposal.address")}</dt>
        <dd>{organization.address}</dd>
        <dt>{t("review.proposal.team")}</dt>
        <dd>{members.length ? members.map((m) => m.name).join("、") : t("common.none")}</dd>
        <dt>{t("review.proposal.community")}</dt>
        <dd>{proposal.community}</dd>
        <dt>{t("review.proposal.beneficiaries")}</dt>
        <dd>
          {proposal.beneficiaries}（{proposal.beneficiary_count}）
        </dd>
        <dt>{t("review.proposal.goals")}</dt>
        <dd style={{ whiteSpace: "pre-wrap" }}>{proposal.goals}</dd>
        <dt>{t("review.proposal.requested")}</dt>
        <dd>{formatYuan(proposal.requested_fen)}</dd>
        <dt>{t("review.proposal.selfRaised")}</dt>
        <dd>{formatYuan(proposal.self_raised_fen)}</dd>
      </dl>

      <h2>{t("review.proposal.activities")}</h2>
      {activities.length ? (
        <ul>
          {activities.map((a, i) => (
            <li key={i}>
              <strong>{a.name}</strong> {formatDay(a.startOn)}
              {a.endOn ? ` ${t("common.to")} ${formatDay(a.endOn)}` : ""}
              {a.description ? <div className="muted">{a.description}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("common.none")}</p>
      )}

      <h2>{t("review.proposal.budget")}</h2>
      {budget.length ? (
        <TableWrap>
          <table>
            <tbody>
              {budget.map((b, i) => (
                <tr key={i}>
                  <td>{b.category ? tMaybe(`registration.budgetCategory.${b.category}`) : ""}</td>
                  <td>{b.item}</td>
                  <td>{typeof b.amountFen === "number" ? formatYuan(b.amountFen) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t("common.none")}</p>
      )}

      <h2>{t("review.proposal.attachments")}</h2>
      {attachments.length ? (
        <ul>
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/review/files/${a.id}`}>{a.original_name}</a> <span className="muted">{Math.ceil(a.size_bytes / 1024)} KB</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("review.proposal.noAttachments")}</p>
      )}

      <h2>{t("review.proposal.history")}</h2>
      {reviews.length ? (
        <ul data-testid="review-history">
          {reviews.map((r) => (
            <li key={r.id}>
              {t("review.proposal.reviewLine", {
                at: formatShanghai(r.created_at),
                reviewer: r.reviewer_name,
                version: r.proposal_version,
                decision: tMaybe(`review.decision.${r.decision}`),
              })}
              {r.reasons ? <div style={{ whiteSpace: "pre-wrap" }}>{r.reasons}</div> : null}
              {r.correction_deadline_at ? <div className="muted">{t("review.proposal.deadlineLine", { at: formatShanghai(r.correction_deadline_at) })}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("review.proposal.noReviews")}</p>
      )}

      <h2>{t("review.proposal.events")}</h2>
      {events.length ? (
        <ul>
          {events.map((e) => (
            <li key={e.id}>
              {formatShanghai(e.at)} · {proposalEventLabel(e.kind)}
              {e.note ? `：${e.note}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("common.none")}</p>
      )}

      {/* the router hands over action data before the reloaded proposal arrives; confirm once both are in */}
      {result?.ok && !busy ? (
        <p className="flash" role="status" data-testid="review-decided">
          {t("review.decide.done")}
        </p>
      ) : null}
      {serverErrors?._form ? (
        <p className="alert" role="alert">
          {tMaybe(serverErrors._form)}
        </p>
      ) : null}

      {proposal.status === "submitted" ? (
        <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="review-decide">
          {summary}
          <h2>{t("review.decide.title")}</h2>
          <fieldset>
            <legend>{t("review.decide.checklist")}</legend>
            {INITIAL_CHECKLIST.map((item) => (
              <div key={item}>
                <label>
                  <input type="checkbox" {...checked(`checklist.${item}`)} /> {t(`review.checklist.${item}`)}
                </label>
              </div>
            ))}
            {errorFor("checklist") ? (
              <span className="error" role="alert" data-field-error="checklist">
                {errorFor("checklist")}
              </span>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>{t("review.decide.decision")}</legend>
            {(["pass", "return", "reject"] as const).map((d) => (
              <label key={d}>
                <input type="radio" {...checked("decision", d)} /> {t(`review.decision.${d}`)}{" "}
              </label>
            ))}
            {errorFor("decision") ? (
              <span className="error" role="alert" data-field-error="decision">
                {errorFor("decision")}
              </span>
            ) : null}
          </fieldset>
          <Field name="reasons" label={t("review.decide.reasons")} error={errorFor("reasons")}>
            <textarea {...field("reasons")} rows={4} />
          </Field>
          <Field name="correctionDeadlineOn" label={t("review.decide.deadline")} error={errorFor("correctionDeadlineOn")}>
            <input type="date" min={today} {...field("correctionDeadlineOn")} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("review.decide.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="muted">{t("review.proposal.notDecidable", { status: tMaybe(`registration.status.${proposal.status}`) })}</p>
      )}
    </section>
  );
}
