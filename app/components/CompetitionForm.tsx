// The competition settings form (大赛设置) shared by the new and edit pages. Without JavaScript it is a
// plain POST with spare blank rows; with it, react-hook-form checks the same zod schema as the server.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { APPLICANT_TYPES, BUDGET_CAP_BASES, BUDGET_CATEGORIES, DUE_UNITS } from "../domain/competition-rules";
import { formatYuan, parseYuan } from "../domain/money";
import { t } from "../i18n";
import { type CompetitionFormValues, DATE_FIELDS, DATE_LABELS, TRIGGERS, competitionFormSchema } from "../schemas/competition";
import type { FieldErrors } from "../utils/forms";
import { CompetitionRulesFields, FrozenCopies, frozenMark, isFrozenPath } from "./CompetitionRulesFields";
import { AddRowButton } from "./AddRowButton";
import { Field, fieldA11y } from "./Field";
import { useValidatedForm } from "./useValidatedForm";


type Rows = Record<string, unknown>[];
/** The repeating lists of the settings form (each has an 添加一行 that also works as a plain submit). */
export const COMPETITION_ROW_LISTS = ["divisions", "categories", "rubric", "tranches"] as const;
const rowsOf = (v: unknown): Rows => (Array.isArray(v) ? (v as Rows) : []);
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const sumBy = (list: unknown, key: string, parse: (s: string) => number | null) =>
  rowsOf(list).reduce((s, r) => s + (parse(str(r?.[key])) ?? 0), 0);
const intOrNull = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : null);

export function CompetitionForm(props: {
  values: CompetitionFormValues;
  serverErrors?: FieldErrors;
  submitLabel: string;
  published?: boolean;
  /** settings whose stage has begun (shown marked; the server refuses changes) */
  frozen?: readonly string[];
  /** dates whose stage has begun or ended (shown read-only; the server refuses moving them) */
  lockedDates?: readonly string[];
}) {
  const { values } = props;
  const frozen = props.frozen ?? [];
  const busy = useNavigation().state !== "idle";
  const { form, register: registerField, errorFor, onSubmit, summary } = useValidatedForm(competitionFormSchema, {
    serverErrors: props.serverErrors,
    defaultValues: values as unknown as Record<string, unknown>,
  });
  const [counts, setCounts] = useState({
    divisions: values.divisions.length,
    categories: values.categories.length,
    rubric: values.rubric.length,
    tranches: values.tranches.length,
  });
  // A frozen setting's controls are disabled and left out of react-hook-form (which would read a disabled
  // checkbox as unchecked); the form keeps their loaded values and FrozenCopies posts them.
  const register = ((name: string, options?: Parameters<typeof registerField>[1]) =>
    isFrozenPath(frozen, name) ? { disabled: true } : registerField(name, options)) as typeof registerField;
  const addRow = (list: keyof typeof counts) => setCounts((c) => ({ ...c, [list]: c[list] + 1 }));
  const field = (name: string) => ({ ...fieldA11y(name, errorFor(name)), ...register(name) });
  const cell = (list: "divisions" | "categories" | "rubric" | "tranches", i: number, key: string) =>
    str((values[list] as Rows)[i]?.[key]);
  const sectionError = (name: string) =>
    errorFor(name) ? (
      <p className="error" id={`${name}-error`} role="alert" data-field-error={name}>
        {errorFor(name)}
      </p>
    ) : null;
  const addButton = (list: keyof typeof counts) =>
    isFrozenPath(frozen, list) ? null : (
      <AddRowButton list={list} onAdd={() => addRow(list)}>
        {t("registration.proposal.addRow")}
      </AddRowButton>
    );

  const watched = form.watch();
  const divisionsTotal = sumBy(watched.divisions, "budget", parseYuan);
  const rubricTotal = sumBy(watched.rubric, "maxPoints", intOrNull);
  const tranchesTotal = sumBy(watched.tranches, "percent", intOrNull);

  return (
    <Form method="post" className="stack competition-form" onSubmit={onSubmit} noValidate>
      {summary}
      <input type="hidden" {...register("loadedAt")} defaultValue={values.loadedAt} />
      <FrozenCopies values={values} frozen={frozen} />
      <fieldset>
        <legend>{t("competitionSetup.basics")}</legend>
        <Field name="name" label={t("registration.competition.name")} error={errorFor("name")}>
          <input {...field("name")} defaultValue={values.name} />
        </Field>
        <Field name="slug" label={t("registration.competition.slug")} error={errorFor("slug")}>
          <input {...field("slug")} defaultValue={values.slug} autoCapitalize="off" readOnly={props.published} />
        </Field>
        <Field name="year" label={t("registration.competition.year")} error={errorFor("year")}>
          <input {...field("year")} defaultValue={values.year} inputMode="numeric" readOnly={props.published} />
        </Field>
        <Field name="host" label={t("registration.competition.host")} error={errorFor("host")}>
          <input {...field("host")} defaultValue={values.host} />
        </Field>
        <Field name="operator" label={t("registration.competition.operator")} error={errorFor("operator")}>
          <input {...field("operator")} defaultValue={values.operator} />
        </Field>
        <Field name="summary" label={t("registration.competition.summary")} error={errorFor("summary")}>
          <textarea {...field("summary")} defaultValue={values.summary} rows={3} />
        </Field>
        <Field name="totalFund" label={t("competitionSetup.totalFund")} hint={t("competitionSetup.totalFundHint")} error={errorFor("totalFund")}>
          <input {...field("totalFund")} defaultValue={values.totalFund} inputMode="decimal" />
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("registration.competition.dates")}</legend>
        {DATE_FIELDS.map((f) => (
          <Field key={f} name={`dates.${f}`} label={t(DATE_LABELS[f])} hint={props.lockedDates?.includes(f) ? t("rules.dates.lockedHint") : undefined} error={errorFor(`dates.${f}`)}>
            <input type="datetime-local" {...field(`dates.${f}`)} defaultValue={values.dates[f]} step={values.dates[f].length > 16 ? 1 : undefined} readOnly={props.lockedDates?.includes(f)} />
          </Field>
        ))}
        {props.published ? (
          <Field name="dateChangeReason" label={t("rules.dates.reason")} error={errorFor("dateChangeReason")}>
            <input {...field("dateChangeReason")} defaultValue={values.dateChangeReason} />
          </Field>
        ) : null}
      </fieldset>

      <p className="muted">{t("competitionSetup.rowsHint")}</p>

      <fieldset data-testid="divisions">
        <legend>{t("registration.competition.divisions")}</legend>
        {sectionError("divisions")}
        {Array.from({ length: counts.divisions }, (_, i) => (
          <div className="grid" key={i}>
            <input type="hidden" {...register(`divisions.${i}.id`)} defaultValue={cell("divisions", i, "id")} />
            <Field name={`divisions.${i}.code`} label={`${t("registration.competition.code")} ${i + 1}`} error={errorFor(`divisions.${i}.code`)}>
              <input {...field(`divisions.${i}.code`)} defaultValue={cell("divisions", i, "code")} />
            </Field>
            <Field name={`divisions.${i}.name`} label={t("registration.competition.divisionName")} error={errorFor(`divisions.${i}.name`)}>
              <input {...field(`divisions.${i}.name`)} defaultValue={cell("divisions", i, "name")} />
            </Field>
            <Field name={`divisions.${i}.budget`} label={t("registration.competition.budget")} error={errorFor(`divisions.${i}.budget`)}>
              <input {...field(`divisions.${i}.budget`)} defaultValue={cell("divisions", i, "budget")} inputMode="decimal" />
            </Field>
          </div>
        ))}
        <p className="muted" data-testid="divisions-total">{t("competitionSetup.divisionsTotal", { total: formatYuan(divisionsTotal) })}</p>
        {addButton("divisions")}
      </fieldset>

      <fieldset data-testid="categories">
        <legend>{t("registration.competition.categories")}</legend>
        {sectionError("categories")}
        {Array.from({ length: counts.categories }, (_, i) => (
          <div className="grid" key={i}>
            <input type="hidden" {...register(`categories.${i}.id`)} defaultValue={cell("categories", i, "id")} />
            <Field name={`categories.${i}.code`} label={`${t("registration.competition.code")} ${i + 1}`} error={errorFor(`categories.${i}.code`)}>
              <input {...field(`categories.${i}.code`)} defaultValue={cell("categories", i, "code")} />
            </Field>
            <Field name={`categories.${i}.name`} label={t("registration.competition.categoryName")} error={errorFor(`categories.${i}.name`)}>
              <input {...field(`categories.${i}.name`)} defaultValue={cell("categories", i, "name")} />
            </Field>
            <Field name={`categories.${i}.maxFunded`} label={`${t("rules.settings.maxFunded")}${frozenMark(frozen, "categoryQuotas")}`} error={errorFor(`categories.${i}.maxFunded`)}>
              <input {...field(`categories.${i}.maxFunded`)} defaultValue={cell("categories", i, "maxFunded")} inputMode="numeric" />
            </Field>
          </div>
        ))}
        {addButton("categories")}
      </fieldset>

      <fieldset data-testid="eligibility">
        <legend>{t("registration.competition.eligibility")}{frozenMark(frozen, "applicantTypes")}</legend>
        {sectionError("applicantTypes")}
        {APPLICANT_TYPES.map((a) => (
          <div className="grid" key={a}>
            <label>
              <input type="checkbox" {...register(`applicantTypes.${a}.enabled`)} defaultChecked={Boolean(values.applicantTypes[a].enabled)} />{" "}
              {t(`registration.applicantType.${a}`)} · {t("registration.competition.enabled")}
            </label>
            <Field name={`applicantTypes.${a}.maxGrant`} label={`${t(`registration.applicantType.${a}`)} · ${t("registration.competition.maxGrant")}`} error={errorFor(`applicantTypes.${a}.maxGrant`)}>
              <input {...field(`applicantTypes.${a}.maxGrant`)} defaultValue={values.applicantTypes[a].maxGrant} inputMode="decimal" />
            </Field>
          </div>
        ))}
        <Field name="minTeamMembers" label={t("registration.competition.minTeamMembers")} error={errorFor("minTeamMembers")}>
          <input {...field("minTeamMembers")} defaultValue={values.minTeamMembers} inputMode="numeric" />
        </Field>
        <Field name="maxProposalsPerApplicant" label={t("registration.competition.maxProposals")} error={errorFor("maxProposalsPerApplicant")}>
          <input {...field("maxProposalsPerApplicant")} defaultValue={values.maxProposalsPerApplicant} inputMode="numeric" />
        </Field>
        <Field name="minSelfRaisedPercent" label={t("registration.competition.minSelfRaised")} error={errorFor("minSelfRaisedPercent")}>
          <input {...field("minSelfRaisedPercent")} defaultValue={values.minSelfRaisedPercent} inputMode="numeric" />
        </Field>
      </fieldset>

      <fieldset data-testid="budget-caps">
        <legend>{t("registration.competition.caps")}{frozenMark(frozen, "budgetCaps")}</legend>
        <p className="muted">{t("competitionSetup.capsHint")}</p>
        {sectionError("budgetCaps")}
        <Field name="budgetCapBase" label={`${t("rules.settings.budgetCapBase")}${frozenMark(frozen, "budgetCapBase")}`} error={errorFor("budgetCapBase")}>
          <select {...field("budgetCapBase")} defaultValue={values.budgetCapBase}>
            {BUDGET_CAP_BASES.map((b) => (
              <option key={b} value={b}>{t(`rules.settings.capBase.${b}`)}</option>
            ))}
          </select>
        </Field>
        <div className="grid">
          {BUDGET_CATEGORIES.map((category, i) => (
            <Field key={category} name={`budgetCaps.${i}.maxPercent`} label={`${t(`registration.budgetCategory.${category}`)} · ${t("registration.competition.maxPercent")}`} error={errorFor(`budgetCaps.${i}.maxPercent`)}>
              <input type="hidden" {...register(`budgetCaps.${i}.category`)} defaultValue={category} />
              <input {...field(`budgetCaps.${i}.maxPercent`)} defaultValue={values.budgetCaps[i]?.maxPercent ?? ""} inputMode="numeric" placeholder={t("registration.organizer.noCap")} />
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset data-testid="rubric">
        <legend>{t("registration.competition.rubric")}{frozenMark(frozen, "rubric")}</legend>
        {sectionError("rubric")}
        {Array.from({ length: counts.rubric }, (_, i) => (
          <div className="grid" key={i}>
            <Field name={`rubric.${i}.key`} label={`${t("registration.competition.criterionKey")} ${i + 1}`} error={errorFor(`rubric.${i}.key`)}>
              <input {...field(`rubric.${i}.key`)} defaultValue={cell("rubric", i, "key")} autoCapitalize="off" />
            </Field>
            <Field name={`rubric.${i}.name`} label={t("registration.competition.criterionName")} error={errorFor(`rubric.${i}.name`)}>
              <input {...field(`rubric.${i}.name`)} defaultValue={cell("rubric", i, "name")} />
            </Field>
            <Field name={`rubric.${i}.maxPoints`} label={t("registration.competition.maxPoints")} error={errorFor(`rubric.${i}.maxPoints`)}>
              <input {...field(`rubric.${i}.maxPoints`)} defaultValue={cell("rubric", i, "maxPoints")} inputMode="numeric" />
            </Field>
          </div>
        ))}
        <p className="muted" data-testid="rubric-total">{t("competitionSetup.rubricTotal", { total: rubricTotal })}</p>
        {addButton("rubric")}
      </fieldset>

      <fieldset data-testid="tranches">
        <legend>{t("registration.competition.tranches")}{frozenMark(frozen, "tranches")}</legend>
        {sectionError("tranches")}
        {Array.from({ length: counts.tranches }, (_, i) => (
          <div className="grid" key={i}>
            <Field name={`tranches.${i}.name`} label={`${t("registration.competition.trancheName")} ${i + 1}`} error={errorFor(`tranches.${i}.name`)}>
              <input {...field(`tranches.${i}.name`)} defaultValue={cell("tranches", i, "name")} />
            </Field>
            <Field name={`tranches.${i}.percent`} label={t("registration.competition.tranchePercent")} error={errorFor(`tranches.${i}.percent`)}>
              <input {...field(`tranches.${i}.percent`)} defaultValue={cell("tranches", i, "percent")} inputMode="numeric" />
            </Field>
            <Field name={`tranches.${i}.trigger`} label={t("registration.competition.trancheTrigger")} error={errorFor(`tranches.${i}.trigger`)}>
              <select {...field(`tranches.${i}.trigger`)} defaultValue={cell("tranches", i, "trigger")}>
                <option value="">{t("competitionSetup.chooseTrigger")}</option>
                {TRIGGERS.map((tr) => (
                  <option key={tr} value={tr}>
                    {t(`registration.competition.trigger.${tr}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name={`tranches.${i}.dueAfterDays`} label={t("registration.competition.dueAfterDays")} error={errorFor(`tranches.${i}.dueAfterDays`)}>
              <input {...field(`tranches.${i}.dueAfterDays`)} defaultValue={cell("tranches", i, "dueAfterDays")} inputMode="numeric" />
            </Field>
            <Field name={`tranches.${i}.dueUnit`} label={t("rules.settings.dueUnit")} error={errorFor(`tranches.${i}.dueUnit`)}>
              <select {...field(`tranches.${i}.dueUnit`)} defaultValue={cell("tranches", i, "dueUnit")}>
                <option value="">{t("competitionSetup.chooseTrigger")}</option>
                {DUE_UNITS.map((u) => (
                  <option key={u} value={u}>{t(`rules.settings.dueUnit.${u}`)}</option>
                ))}
              </select>
            </Field>
            <Field name={`tranches.${i}.deliverables`} label={t("registration.competition.deliverables")} error={errorFor(`tranches.${i}.deliverables`)}>
              <input {...field(`tranches.${i}.deliverables`)} defaultValue={cell("tranches", i, "deliverables")} />
            </Field>
          </div>
        ))}
        <p className="muted" data-testid="tranches-total">{t("competitionSetup.tranchesTotal", { total: tranchesTotal })}</p>
        {addButton("tranches")}
      </fieldset>

      <CompetitionRulesFields values={values} field={field} register={register} errorFor={errorFor} frozen={frozen} />

      {frozen.length ? <p className="muted">{t("rules.frozenHint")}</p> : null}
      <div className="actions">
        <button type="submit" name="intent" value="save" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
    </Form>
  );
}
