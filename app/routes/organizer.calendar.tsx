// The organizer corrects the working-day calendar (local holidays or extra workdays).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { t, tMaybe } from "~/i18n";
import { calendarOverrideSchema } from "~/schemas/notice";
import { requireUser } from "~/services/auth.server";
import { listOverrides, removeOverride, setOverride } from "~/services/calendar.server";
import { formDataToObject } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: `${t("calendar.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  return { overrides: await listOverrides(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const form = await request.formData();
  const actor = { id: user.id, role: user.role };
  const result =
    form.get("intent") === "remove"
      ? await removeOverride(getDb(), actor, Number(form.get("overrideId")), new Date())
      : await setOverride(getDb(), actor, formDataToObject(form), new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ok: true as const, fieldErrors: {} as Record<string, string> };
}

export default function OrganizerCalendar() {
  const { overrides } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { register, errorFor, onSubmit } = useValidatedForm(calendarOverrideSchema, { serverErrors });
  return (
    <section>
      <h1>{t("calendar.title")}</h1>
      <p className="muted">{t("calendar.intro")}</p>
      {result?.ok ? <p className="flash" role="status">{t("calendar.saved")}</p> : null}
      {serverErrors?._form ? <p className="alert" role="alert">{tMaybe(serverErrors._form)}</p> : null}
      <Form method="post" className="stack card" onSubmit={onSubmit} noValidate>
        <Field name="dateOn" label={t("calendar.date")} error={errorFor("dateOn")}>
          <input type="date" {...fieldA11y("dateOn", errorFor("dateOn"))} {...register("dateOn")} />
        </Field>
        <Field name="kind" label={t("calendar.kind")} error={errorFor("kind")}>
          <select {...fieldA11y("kind", errorFor("kind"))} {...register("kind")} defaultValue="holiday">
            <option value="holiday">{t("calendar.kind.holiday")}</option>
            <option value="workday">{t("calendar.kind.workday")}</option>
          </select>
        </Field>
        <Field name="note" label={t("calendar.note")} error={errorFor("note")}>
          <input {...fieldA11y("note", errorFor("note"))} {...register("note")} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>{t("calendar.add")}</button>
        </div>
      </Form>
      {overrides.length === 0 ? <p>{t("calendar.none")}</p> : null}
      {overrides.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("calendar.date")}</th>
                <th>{t("calendar.official")}</th>
                <th>{t("calendar.kind")}</th>
                <th>{t("calendar.note")}</th>
                <th>{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.id}>
                  <td>{o.date_on}</td>
                  <td>{o.officialWorkday ? t("calendar.kind.workday") : t("calendar.kind.holiday")}</td>
                  <td>{t(`calendar.kind.${o.kind}`)}</td>
                  <td>{o.note}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="overrideId" value={o.id} />
                      <button type="submit" name="intent" value="remove" className="secondary">{t("calendar.remove")}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
