// The editable 项目申报书 of the applicant's proposal page: save draft or submit. Without JavaScript the
// spare rows and plain POSTs do the work; with it, react-hook-form shows the same Chinese messages from
// the same rules before anything is sent. A one-time key makes a double click submit once.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { BUDGET_CATEGORIES } from "../../domain/competition-rules";
import { formatYuan } from "../../domain/money";
import { t } from "../../i18n";
import { applicantTypeLabel, budgetCategoryLabel, proposalSubmitSchema } from "../../schemas/proposal";
import { AddRowButton, rowCount } from "../AddRowButton";
import { Field, fieldA11y } from "../Field";
import { OnceField } from "../OnceField";
import { useValidatedForm } from "../useValidatedForm";
import type { ProposalPageData, ProposalActionData } from "./types";

const SPARE_ROWS = 2;

export function ProposalForm({ loaded, result }: { loaded: ProposalPageData; result: ProposalActionData | undefined }) {
  const busy = useNavigation().state !== "idle";
  // After a refused POST without JavaScript, show what was typed, not what is stored.
  const values = (result?.values ? { ...loaded.values, ...result.values } : loaded.values) as ProposalPageData["values"];
  const activities = Array.isArray(values.activities) ? values.activities : [];
  const budget = Array.isArray(values.budget) ? values.budget : [];
  const serverErrors = result && result.intent !== "upload" ? result.fieldErrors : undefined;
  const { register, errorFor, onSubmit, summary } = useValidatedForm(proposalSubmitSchema(loaded.ruleContext), { serverErrors, defaultValues: values });
  const [activityRows, setActivityRows] = useState(rowCount("activities", activities, result, SPARE_ROWS));
  const [budgetRows, setBudgetRows] = useState(rowCount("budget", budget, result, SPARE_ROWS));
  const field = (name: string) => ({ ...fieldA11y(name, errorFor(name)), ...register(name) });
  const { rules, applicantType } = loaded.ruleContext;
  const caps = rules.budgetCaps.map((c) => `${budgetCategoryLabel(c.category)} ≤ ${c.maxPercent}%`).join("，");
  const sectionError = (name: string) =>
    errorFor(name) ? (
      <p className="error" id={`${name}-error`} role="alert" data-field-error={name}>
        {errorFor(name)}
      </p>
    ) : null;

  return (
    <Form method="post" className="stack card" id="proposal-form" noValidate onSubmit={onSubmit} aria-label={t("registration.proposal.editTitle")}>
      {summary}
      <OnceField value={loaded.formKey} />
      <h2>{t("registration.proposal.editTitle")}</h2>
      <Field name="title" label={t("registration.proposal.title")} error={errorFor("title")}>
        <input {...field("title")} defaultValue={values.title} />
      </Field>
      <Field name="divisionId" label={t("registration.proposal.division")} error={errorFor("divisionId")}>
        <select {...field("divisionId")} defaultValue={values.divisionId}>
          <option value="">{t("registration.proposal.choose")}</option>
          {loaded.divisions.map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="categoryId" label={t("registration.proposal.category")} error={errorFor("categoryId")}>
        <select {...field("categoryId")} defaultValue={values.categoryId}>
          <option value="">{t("registration.proposal.choose")}</option>
          {loaded.categories.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="community" label={t("registration.proposal.community")} error={errorFor("community")}>
        <input {...field("community")} defaultValue={values.community} />
      </Field>
      <Field name="beneficiaries" label={t("registration.proposal.beneficiaries")} error={errorFor("beneficiaries")}>
        <input {...field("beneficiaries")} defaultValue={values.beneficiaries} />
      </Field>
      <Field name="beneficiaryCount" label={t("registration.proposal.beneficiaryCount")} error={errorFor("beneficiaryCount")}>
        <input {...field("beneficiaryCount")} defaultValue={values.beneficiaryCount} inputMode="numeric" />
      </Field>
      <Field name="goals" label={t("registration.proposal.goals")} error={errorFor("goals")}>
        <textarea {...field("goals")} defaultValue={values.goals} rows={4} />
      </Field>

      <fieldset>
        <legend>{t("registration.proposal.activities")}</legend>
        {sectionError("activities")}
        {Array.from({ length: activityRows }, (_, i) => (
          <div className="grid" key={i} data-testid={`activity-row-${i}`}>
            <Field name={`activities.${i}.name`} label={`${t("registration.proposal.activityName")} ${i + 1}`} error={errorFor(`activities.${i}.name`)}>
              <input {...field(`activities.${i}.name`)} defaultValue={activities[i]?.name ?? ""} />
            </Field>
            <Field name={`activities.${i}.startOn`} label={t("registration.proposal.startOn")} error={errorFor(`activities.${i}.startOn`)}>
              <input type="date" {...field(`activities.${i}.startOn`)} defaultValue={activities[i]?.startOn ?? ""} />
            </Field>
            <Field name={`activities.${i}.endOn`} label={t("registration.proposal.endOn")} error={errorFor(`activities.${i}.endOn`)}>
              <input type="date" {...field(`activities.${i}.endOn`)} defaultValue={activities[i]?.endOn ?? ""} />
            </Field>
            <Field name={`activities.${i}.description`} label={t("registration.proposal.description")} error={errorFor(`activities.${i}.description`)}>
              <input {...field(`activities.${i}.description`)} defaultValue={activities[i]?.description ?? ""} />
            </Field>
          </div>
        ))}
        <AddRowButton list="activities" onAdd={() => setActivityRows((n) => n + 1)}>
          {t("registration.proposal.addRow")}
        </AddRowButton>
      </fieldset>

      <fieldset>
        <legend>{t("registration.proposal.budget")}</legend>
        <p className="muted">{t("registration.proposal.capsHint", { caps })}</p>
        {sectionError("budget")}
        {Array.from({ length: budgetRows }, (_, i) => (
          <div className="grid" key={i} data-testid={`budget-row-${i}`}>
            <Field name={`budget.${i}.category`} label={`${t("registration.proposal.budgetCategory")} ${i + 1}`} error={errorFor(`budget.${i}.category`)}>
              <select {...field(`budget.${i}.category`)} defaultValue={budget[i]?.category ?? ""}>
                <option value="">{t("registration.proposal.choose")}</option>
                {BUDGET_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {budgetCategoryLabel(c)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name={`budget.${i}.item`} label={t("registration.proposal.budgetItem")} error={errorFor(`budget.${i}.item`)}>
              <input {...field(`budget.${i}.item`)} defaultValue={budget[i]?.item ?? ""} />
            </Field>
            <Field name={`budget.${i}.amount`} label={t("registration.proposal.amount")} error={errorFor(`budget.${i}.amount`)}>
              <input {...field(`budget.${i}.amount`)} defaultValue={budget[i]?.amount ?? ""} inputMode="decimal" />
            </Field>
          </div>
        ))}
        <AddRowButton list="budget" onAdd={() => setBudgetRows((n) => n + 1)}>
          {t("registration.proposal.addRow")}
        </AddRowButton>
        <p className="muted">{t("registration.proposal.rowsHint")}</p>
      </fieldset>

      <Field
        name="requested"
        label={t("registration.proposal.requested")}
        error={errorFor("requested")}
        hint={applicantType ? t("registration.proposal.requestedHint", { applicantType: applicantTypeLabel(applicantType), max: formatYuan(rules.applicantTypes[applicantType].maxGrantFen) }) : undefined}
      >
        <input {...field("requested")} defaultValue={values.requested} inputMode="decimal" />
      </Field>
      <Field name="selfRaised" label={t("registration.proposal.selfRaised")} error={errorFor("selfRaised")}>
        <input {...field("selfRaised")} defaultValue={values.selfRaised} inputMode="decimal" />
      </Field>
      <div className="actions">
        <button type="submit" name="intent" value="save-draft" disabled={busy}>
          {t("registration.proposal.saveDraft")}
        </button>
        <button type="submit" name="intent" value="submit" disabled={busy}>
          {t("registration.proposal.submit")}
        </button>
      </div>
    </Form>
  );
}
