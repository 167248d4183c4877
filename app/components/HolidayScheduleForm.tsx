// The organizer's form for one year's official 放假安排: year, source, holiday ranges and 调休 working
// days, with spare rows so it works without JavaScript (blank rows are ignored).
import { Form } from "@remix-run/react";
import { t } from "../i18n";
import { yearScheduleSchema } from "../schemas/calendar";
import type { FieldErrors } from "../utils/forms";
import { Field } from "./Field";
import { useValidatedForm } from "./useValidatedForm";

export interface ScheduleFormValues {
  year: string;
  source: string;
  holidays: { name: string; from: string; to: string }[];
  workdays: { date: string }[];
}

const HOLIDAY_ROWS = 8; // 元旦 春节 清明 劳动节 端午 中秋 国庆, and a spare
const WORKDAY_ROWS = 8;

export function scheduleFormValues(s: { year: number; source: string; holidays: readonly { name: string; from: string; to: string }[]; workdays: readonly string[] } | null, year: number): ScheduleFormValues {
  const holidays = [...(s?.holidays ?? []).map((h) => ({ ...h }))];
  const workdays = [...(s?.workdays ?? []).map((date) => ({ date }))];
  while (holidays.length < HOLIDAY_ROWS) holidays.push({ name: "", from: "", to: "" });
  while (workdays.length < WORKDAY_ROWS) workdays.push({ date: "" });
  return { year: String(s?.year ?? year), source: s?.source ?? "", holidays, workdays };
}

/** Rows of `list` to show: the stored/spare rows, or as many as were posted when a refused form comes back. */
function rowCount(values: ScheduleFormValues, echoed: Record<string, unknown> | undefined, list: "holidays" | "workdays") {
  const posted = echoed?.[list];
  return Math.max(values[list].length, Array.isArray(posted) ? posted.length : 0);
}

/** `echoed`: what was typed before a refused post (the action's `values`), shown instead of the stored year. */
export function HolidayScheduleForm(props: { values: ScheduleFormValues; echoed?: Record<string, unknown>; serverErrors?: FieldErrors; busy: boolean }) {
  const { values, echoed, busy } = props;
  const { field, errorFor, onSubmit, summary } = useValidatedForm(yearScheduleSchema, {
    serverErrors: props.serverErrors,
    values: echoed,
    defaultValues: values as unknown as Record<string, unknown>,
  });
  const input = (name: string, type = "text") => <input type={type} {...field(name)} />;
  const rows = (list: "holidays" | "workdays") => Array.from({ length: rowCount(values, echoed, list) }, (_, i) => i);
  return (
    <Form method="post" className="stack card" onSubmit={onSubmit} noValidate key={values.year}>
      {summary}
      <input type="hidden" name="intent" value="year" />
      <div className="grid">
        <Field name="year" label={t("rules.calendar.year")} error={errorFor("year")}>
          <input inputMode="numeric" {...field("year")} />
        </Field>
        <Field name="source" label={t("rules.calendar.source")} error={errorFor("source")}>
          {input("source")}
        </Field>
      </div>
      <fieldset>
        <legend>{t("rules.calendar.holidays")}</legend>
        {errorFor("holidays") ? <p className="error" role="alert">{errorFor("holidays")}</p> : null}
        {rows("holidays").map((i) => (
          <div className="grid" key={`h${i}`}>
            <Field name={`holidays.${i}.name`} label={t("rules.calendar.holidayName")} error={errorFor(`holidays.${i}.name`)}>
              {input(`holidays.${i}.name`)}
            </Field>
            <Field name={`holidays.${i}.from`} label={t("rules.calendar.from")} error={errorFor(`holidays.${i}.from`)}>
              {input(`holidays.${i}.from`, "date")}
            </Field>
            <Field name={`holidays.${i}.to`} label={t("rules.calendar.to")} error={errorFor(`holidays.${i}.to`)}>
              {input(`holidays.${i}.to`, "date")}
            </Field>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("rules.calendar.workdays")}</legend>
        <div className="grid">
          {rows("workdays").map((i) => (
            <Field key={`w${i}`} name={`workdays.${i}.date`} label={t("rules.calendar.workday")} error={errorFor(`workdays.${i}.date`)}>
              {input(`workdays.${i}.date`, "date")}
            </Field>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy}>{t("rules.calendar.saveYear")}</button>
      </div>
    </Form>
  );
}
