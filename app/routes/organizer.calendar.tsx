// The working-day calendar: which years the official holidays are known for, the organizer's entry
// of a year's 放假安排, and single-day corrections (local holidays or extra workdays).
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { HolidayScheduleForm, scheduleFormValues } from "~/components/HolidayScheduleForm";
import { useValidatedForm } from "~/components/useValidatedForm";
import { formatDay, formatShanghai } from "~/domain/time";
import { getDb } from "~/db.server";
import { t, tMaybe } from "~/i18n";
import { calendarOverrideSchema } from "~/schemas/notice";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { competitionYears, listOverrides, loadCoverage, removeOverride, saveYearSchedule, setOverride } from "~/services/calendar.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("calendar.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const coverage = await loadCoverage(db);
  // the calendar is the district's (holidays are national); the picker shows which years the shown competition needs
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const needed = competition ? await competitionYears(db, competition.id, coverage.covered) : null;
  const asked = Number(url.searchParams.get("year"));
  const firstUncovered = needed?.missing[0] ?? Array.from({ length: 100 }, (_, i) => coverage.builtInTo + 1 + i).find((y) => !coverage.covered.includes(y))!;
  const editing = coverage.entered.find((e) => e.year === asked) ?? null;
  return { competitions, competition, needed, overrides: await listOverrides(db), coverage, form: scheduleFormValues(editing, editing?.year ?? firstUncovered) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const form = await readForm(request);
  const actor = { id: user.id, role: user.role };
  const intent = form.get("intent");
  const input = formDataToObject(form);
  const result =
    intent === "year"
      ? await saveYearSchedule(getDb(), actor, input, new Date())
      : intent === "remove"
        ? await removeOverride(getDb(), actor, Number(form.get("overrideId")), new Date())
        : await setOverride(getDb(), actor, input, new Date());
  const which = intent === "year" ? ("year" as const) : ("override" as const);
  if (!result.ok) {
    const params = "params" in result ? (result.params ?? {}) : {};
    return data({ ok: false as const, which, fieldErrors: result.fieldErrors, params, year: null, values: echoValues(input) }, { status: result.status });
  }
  return { ok: true as const, which, fieldErrors: {} as Record<string, string>, params: {}, year: "year" in result ? result.year : null };
}

export default function OrganizerCalendar() {
  const { competitions, competition, needed, overrides, coverage, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errorsOf = (which: "year" | "override") => (result && !result.ok && result.which === which ? result.fieldErrors : undefined);
  const echoedOf = (which: "year" | "override") => (result && !result.ok && result.which === which ? result.values : undefined);
  const { field, errorFor, onSubmit, summary } = useValidatedForm(calendarOverrideSchema, {
    serverErrors: errorsOf("override"),
    values: echoedOf("override"),
    defaultValues: { kind: "holiday" },
  });
  const entered = coverage.entered.map((e) => e.year).sort((a, b) => a - b).join("、") || t("rules.calendar.enteredNone");
  const formMessage = (which: "year" | "override") => {
    const errors = errorsOf(which);
    const message = errors?._form ?? errors?.year;
    return message && result && !result.ok ? <p className="alert" role="alert">{tMaybe(message, result.params)}</p> : null;
  };
  return (
    <section>
      <h1>{t("calendar.title")}</h1>
      <p className="muted">{t("calendar.intro")}</p>

      <CompetitionPicker competitions={competitions} current={competition} />
      <h2>{t("rules.calendar.yearsTitle")}</h2>
      <p>{t("rules.calendar.coverage", { from: coverage.builtInFrom, to: coverage.builtInTo, entered })}</p>
      {competition && needed ? (
        <p className={needed.missing.length ? "alert" : "muted"} data-testid="competition-years">
          {needed.missing.length
            ? t("rules.calendar.competitionMissing", { name: competition.name, years: needed.years.join("、"), missing: needed.missing.join("、") })
            : t("rules.calendar.competitionCovered", { name: competition.name, years: needed.years.join("、") })}
        </p>
      ) : null}
      {result?.ok && result.which === "year" ? <p className="flash" role="status">{t("rules.calendar.yearSaved", { year: result.year ?? "" })}</p> : null}
      {formMessage("year")}
      <HolidayScheduleForm values={form} echoed={echoedOf("year")} serverErrors={errorsOf("year")} busy={busy} />
      {coverage.entered.length ? (
        <>
          <h3>{t("rules.calendar.enteredList")}</h3>
          <ul>
            {coverage.entered.map((e) => (
              <li key={e.year}>
                <strong>{e.year}</strong> · {e.source} · {e.holidays.map((h) => `${h.name} ${h.from}–${h.to}`).join("；")}
                {e.workdays.length ? ` · ${t("calendar.kind.workday")} ${e.workdays.join("、")}` : ""}
                <div className="muted">
                  {t("rules.calendar.enteredBy", { name: e.enteredBy ?? "", at: formatShanghai(e.enteredAt) })} · <Link to={`?year=${e.year}`}>{t("rules.calendar.edit")}</Link>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("rules.calendar.overridesTitle")}</h2>
      {result?.ok && result.which === "override" ? <p className="flash" role="status">{t("calendar.saved")}</p> : null}
      {formMessage("override")}
      <Form method="post" className="stack card" onSubmit={onSubmit} noValidate>
        {summary}
        <Field name="dateOn" label={t("calendar.date")} error={errorFor("dateOn")}>
          <input type="date" {...field("dateOn")} />
        </Field>
        <Field name="kind" label={t("calendar.kind")} error={errorFor("kind")}>
          <select {...field("kind")}>
            <option value="holiday">{t("calendar.kind.holiday")}</option>
            <option value="workday">{t("calendar.kind.workday")}</option>
          </select>
        </Field>
        <Field name="note" label={t("calendar.note")} error={errorFor("note")}>
          <input {...field("note")} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>{t("calendar.add")}</button>
        </div>
      </Form>
      {overrides.length === 0 ? <p>{t("calendar.none")}</p> : null}
      {overrides.length ? (
        <TableWrap>
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
                  <td>{formatDay(o.date_on)}</td>
                  <td>{o.officialWorkday === null ? "—" : o.officialWorkday ? t("calendar.kind.workday") : t("calendar.kind.holiday")}</td>
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
        </TableWrap>
      ) : null}
    </section>
  );
}
