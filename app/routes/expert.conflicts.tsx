// Conflict-of-interest declarations (利益冲突申报 / 回避): against an applicant organization, or by recusing
// from one assigned proposal without learning whose it is. Either withdraws the assignments it touches.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { CONFLICT_GROUNDS, conflictSchema, recuseSchema } from "~/schemas/review";
import { requireUser } from "~/services/auth.server";
import { declareConflict, loadConflictPage, recuseFromAssignment } from "~/services/experts.server";
import { listMyAssignments } from "~/services/scores.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("review.conflict.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "expert");
  const db = getDb();
  const [page, assignments] = await Promise.all([loadConflictPage(db, user.id), listMyAssignments(db, user.id)]);
  return { ...page, assignments: assignments.filter((a) => a.score_status !== "submitted") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "expert");
  const formData = await readForm(request);
  const form = formData.get("intent") === "recuse" ? ("recuse" as const) : ("declare" as const);
  const input = formDataToObject(formData);
  const actor = { id: user.id, role: user.role };
  const raw = String(input.assignmentId ?? "");
  const result =
    form === "recuse"
      ? await recuseFromAssignment(getDb(), actor, /^\d+$/.test(raw) ? Number(raw) : 0, input, new Date())
      : await declareConflict(getDb(), actor, input, new Date());
  if (!result.ok) return data({ ok: false as const, form, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, form, withdrawn: result.withdrawn.length, fieldErrors: {} as Record<string, string> };
}

function GroundAndNote(props: { prefix: string; form: ReturnType<typeof useValidatedForm> }) {
  const { prefix } = props;
  const { register, errorFor, valueOf } = props.form;
  const shown = (name: string) => String(valueOf(name) ?? "");
  return (
    <>
      <Field name={`${prefix}ground`} label={t("review.conflict.ground")} error={errorFor("ground")}>
        <select {...fieldA11y(`${prefix}ground`, errorFor("ground"))} {...register("ground")} defaultValue={shown("ground")}>
          <option value="">{t("review.conflict.pick")}</option>
          {CONFLICT_GROUNDS.map((g) => (
            <option key={g} value={g}>
              {t(`review.ground.${g}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field name={`${prefix}note`} label={t("review.conflict.note")} error={errorFor("note")}>
        <textarea rows={3} {...fieldA11y(`${prefix}note`, errorFor("note"))} {...register("note")} defaultValue={shown("note")} />
      </Field>
    </>
  );
}

export default function ExpertConflicts() {
  const { appointments, organizations, declarations, assignments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const declareErrors = result && !result.ok && result.form === "declare" ? result.fieldErrors : undefined;
  const recuseErrors = result && !result.ok && result.form === "recuse" ? result.fieldErrors : undefined;
  const echoed = (form: string) => (result && !result.ok && result.form === form ? result.values : undefined);
  const declare = useValidatedForm(conflictSchema, { serverErrors: declareErrors, values: echoed("declare") });
  const recuse = useValidatedForm(recuseSchema, { serverErrors: recuseErrors, values: echoed("recuse") });
  const preselected = params.get("assignment") ?? "";
  const competitionName = (id: number) => appointments.find((a) => a.competition_id === id)?.competition_name ?? "";

  return (
    <section className="card">
      <h1>{t("review.conflict.title")}</h1>
      <p className="muted">{t("review.conflict.intro")}</p>
      {result?.ok && !busy ? (
        <p className="flash" role="status" data-testid="conflict-done">
          {result.form === "recuse" ? t("review.conflict.recused") : t("review.conflict.done")}
        </p>
      ) : null}

      {appointments.length === 0 ? (
        <p>{t("review.conflict.notAppointedYet")}</p>
      ) : (
        <>
          {assignments.length ? (
            <Form method="post" className="stack" onSubmit={recuse.onSubmit} noValidate data-testid="recuse-form">
              {recuse.summary}
              <h2>{t("review.sheet.recuse")}</h2>
              <input type="hidden" name="intent" value="recuse" />
              {recuseErrors?._form ? (
                <p className="alert" role="alert">
                  {tMaybe(recuseErrors._form)}
                </p>
              ) : null}
              <Field name="assignmentId" label={t("review.col.title")}>
                <select id="assignmentId" name="assignmentId" defaultValue={String(recuse.valueOf("assignmentId") ?? preselected)}>
                  {assignments.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.title}（{t(`review.expert.round.${a.round as "desk" | "live"}`)}）
                    </option>
                  ))}
                </select>
              </Field>
              <GroundAndNote prefix="recuse-" form={recuse} />
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {t("review.sheet.recuse")}
                </button>
              </div>
            </Form>
          ) : null}

          <Form method="post" className="stack" onSubmit={declare.onSubmit} noValidate data-testid="declare-form">
            {declare.summary}
            <h2>{t("review.conflict.submit")}</h2>
            <input type="hidden" name="intent" value="declare" />
            {declareErrors?._form ? (
              <p className="alert" role="alert">
                {tMaybe(declareErrors._form)}
              </p>
            ) : null}
            <Field name="competitionId" label={t("review.conflict.competition")} error={declare.errorFor("competitionId")}>
              <select {...fieldA11y("competitionId", declare.errorFor("competitionId"))} {...declare.register("competitionId")} defaultValue={String(declare.valueOf("competitionId") ?? appointments[0].competition_id)}>
                {appointments.map((a) => (
                  <option key={a.id} value={a.competition_id}>
                    {a.competition_name}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="organizationId" label={t("review.conflict.organization")} error={declare.errorFor("organizationId")}>
              <select {...fieldA11y("organizationId", declare.errorFor("organizationId"))} {...declare.register("organizationId")} defaultValue={String(declare.valueOf("organizationId") ?? "")}>
                <option value="">{t("review.conflict.pick")}</option>
                {appointments.map((a) => (
                  <optgroup key={a.id} label={a.competition_name}>
                    {organizations
                      .filter((o) => o.competition_id === a.competition_id)
                      .map((o) => (
                        <option key={`${a.competition_id}-${o.id}`} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            <GroundAndNote prefix="" form={declare} />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t("review.conflict.submit")}
              </button>
            </div>
          </Form>
        </>
      )}

      <h2>{t("review.conflict.mine")}</h2>
      {declarations.length === 0 ? (
        <p>{t("review.conflict.none")}</p>
      ) : (
        <TableWrap>
          <table>
            <thead>
              <tr>
                <th>{t("review.conflict.competition")}</th>
                <th>{t("review.conflict.organization")}</th>
                <th>{t("review.conflict.ground")}</th>
                <th>{t("review.conflict.declaredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {declarations.map((d) => (
                <tr key={d.id} data-testid="declaration-row">
                  <td>{competitionName(d.competition_id)}</td>
                  <td>{d.organization_name ?? t("review.conflict.recusedProposal", { title: d.recused_title ?? "" })}</td>
                  <td>
                    {tMaybe(`review.ground.${d.ground}`)}
                    {d.note ? <div className="muted">{d.note}</div> : null}
                  </td>
                  <td>{formatShanghai(d.declared_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
