// The review, selection and notice rules of the competition settings form (part of CompetitionForm).
import type { ReactNode } from "react";
import type { UseFormRegister, FieldValues } from "react-hook-form";
import { t } from "../i18n";
import { AGGREGATIONS, type CompetitionFormValues, REVIEW_ROUND_PLANS } from "../schemas/competition";
import { Field } from "./Field";

type Props = {
  values: CompetitionFormValues;
  field: (name: string) => Record<string, unknown>;
  register: UseFormRegister<FieldValues>;
  errorFor: (name: string) => string | undefined;
  frozen: readonly string[];
};

/** "已冻结" after a label whose setting can no longer change. */
export function frozenMark(frozen: readonly string[], name: string): string {
  return frozen.includes(name) ? `（${t("rules.frozenBadge")}）` : "";
}

export function CompetitionRulesFields({ values, field, register, errorFor, frozen }: Props) {
  const label = (key: Parameters<typeof t>[0], name: string) => `${t(key)}${frozenMark(frozen, name)}`;
  const text = (name: keyof CompetitionFormValues, key: Parameters<typeof t>[0], inputMode: "numeric" | "decimal" = "numeric"): ReactNode => (
    <Field name={name} label={label(key, name)} error={errorFor(name)}>
      <input {...field(name)} defaultValue={String(values[name] ?? "")} inputMode={inputMode} />
    </Field>
  );
  const check = (name: "blind" | "allowPartialGrant", key: Parameters<typeof t>[0]) => (
    <label>
      <input type="checkbox" {...register(name)} defaultChecked={Boolean(values[name])} /> {label(key, name)}
    </label>
  );
  return (
    <>
      <fieldset data-testid="review-rules">
        <legend>{t("rules.settings.reviewLegend")}</legend>
        <Field name="reviewRounds" label={label("rules.settings.reviewRounds", "reviewRounds")} error={errorFor("reviewRounds")}>
          <select {...field("reviewRounds")} defaultValue={values.reviewRounds}>
            {REVIEW_ROUND_PLANS.map((p) => (
              <option key={p} value={p}>{t(`rules.settings.rounds.${p}`)}</option>
            ))}
          </select>
        </Field>
        {text("deskWeightPercent", "rules.settings.deskWeight")}
        {text("expertsPerProposal", "rules.settings.expertsPerProposal")}
        {check("blind", "rules.settings.blind")}
        <Field name="aggregation" label={label("rules.settings.aggregation", "aggregation")} error={errorFor("aggregation")}>
          <select {...field("aggregation")} defaultValue={values.aggregation}>
            {AGGREGATIONS.map((a) => (
              <option key={a} value={a}>{t(`rules.settings.aggregation.${a}`)}</option>
            ))}
          </select>
        </Field>
        {text("trimMinScores", "rules.settings.trimMinScores")}
        {text("qualificationLine", "rules.settings.qualificationLine", "decimal")}
        {text("outlierDistance", "rules.settings.outlierDistance", "decimal")}
      </fieldset>

      <fieldset data-testid="selection-rules">
        <legend>{t("rules.settings.selectionLegend")}</legend>
        {check("allowPartialGrant", "rules.settings.allowPartialGrant")}
        {text("minGrant", "rules.settings.minGrant", "decimal")}
        <p className="muted">{t("rules.settings.quotaHint")}</p>
      </fieldset>

      <fieldset data-testid="notice-rules">
        <legend>{t("rules.settings.noticeLegend")}</legend>
        {text("noticeWorkingDays", "rules.settings.noticeWorkingDays")}
        {text("objectionInvestigationWorkingDays", "rules.settings.objectionDays")}
      </fieldset>
    </>
  );
}
