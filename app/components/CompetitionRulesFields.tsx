// The review, selection and notice rules of the competition settings form (part of CompetitionForm).
import type { ReactNode } from "react";
import type { UseFormRegister, FieldValues } from "react-hook-form";
import { t } from "../i18n";
import { AGGREGATIONS, type CompetitionFormValues, LOTTERY_SEED_SOURCES, NORMALISATIONS, REVIEW_ROUND_PLANS } from "../schemas/competition";
import { Field } from "./Field";

type Props = {
  values: CompetitionFormValues;
  field: (name: string) => Record<string, unknown>;
  register: UseFormRegister<FieldValues>;
  errorFor: (name: string) => string | undefined;
  frozen: readonly string[];
};

/** The setting (a SETTINGS_MANIFEST field) a form path belongs to. */
export function settingOfPath(path: string): string {
  if (/^categories\.\d+\.maxFunded$/.test(path)) return "categoryQuotas";
  const head = path.split(".")[0];
  return head === "deskWeightPercent" ? "reviewRounds" : head;
}

export const isFrozenPath = (frozen: readonly string[], path: string) => frozen.length > 0 && frozen.includes(settingOfPath(path));

/**
 * The frozen settings' values as hidden fields. A disabled control is never posted, so these carry
 * the stored values instead (the server compares them and refuses any change); checked boxes post "on".
 */
export function FrozenCopies({ values, frozen }: { values: unknown; frozen: readonly string[] }) {
  if (!frozen.length) return null;
  const copies: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (path && isFrozenPath(frozen, path) && value !== false && value !== undefined && value !== null) {
      copies.push([path, value === true ? "on" : String(value)]);
    }
  };
  walk(values, "");
  return (
    <>
      {copies.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} data-frozen-copy="" />
      ))}
    </>
  );
}

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
  const choice = (name: keyof CompetitionFormValues, key: Parameters<typeof t>[0], options: readonly string[], optionKey: (o: string) => Parameters<typeof t>[0]) => (
    <Field name={name} label={label(key, name)} error={errorFor(name)}>
      <select {...field(name)} defaultValue={String(values[name] ?? "")}>
        {options.map((o) => (
          <option key={o} value={o}>{t(optionKey(o))}</option>
        ))}
      </select>
    </Field>
  );
  return (
    <>
      <fieldset data-testid="review-rules">
        <legend>{t("rules.settings.reviewLegend")}</legend>
        {choice("reviewRounds", "rules.settings.reviewRounds", REVIEW_ROUND_PLANS, (p) => `rules.settings.rounds.${p as (typeof REVIEW_ROUND_PLANS)[number]}`)}
        {text("deskWeightPercent", "rules.settings.deskWeight")}
        {text("expertsPerProposal", "rules.settings.expertsPerProposal")}
        {check("blind", "rules.settings.blind")}
        {choice("aggregation", "rules.settings.aggregation", AGGREGATIONS, (a) => `rules.settings.aggregation.${a as (typeof AGGREGATIONS)[number]}`)}
        {text("trimMinScores", "rules.settings.trimMinScores")}
        {text("trimCount", "fair.settings.trimCount")}
        {text("qualificationLine", "rules.settings.qualificationLine", "decimal")}
        {text("outlierDistance", "rules.settings.outlierDistance", "decimal")}
      </fieldset>

      <fieldset data-testid="fair-rules">
        <legend>{t("fair.settings.legend")}</legend>
        <p className="muted">{t("fair.settings.hint")}</p>
        {choice("normalisation", "fair.settings.normalisation", NORMALISATIONS, (n) => `fair.settings.normalisation.${n as (typeof NORMALISATIONS)[number]}`)}
        {text("normalisationMinScores", "fair.settings.normalisationMinScores")}
        {text("discordance", "fair.settings.discordance", "decimal")}
        {text("minExpertsPerProposal", "fair.settings.minExpertsPerProposal")}
        {text("maxLoadPerExpert", "fair.settings.maxLoadPerExpert")}
        {text("nearTieBand", "fair.settings.nearTieBand", "decimal")}
        {choice("lotterySeedSource", "fair.settings.lotterySeedSource", LOTTERY_SEED_SOURCES, (n) => `fair.settings.seedSource.${n as (typeof LOTTERY_SEED_SOURCES)[number]}`)}
        <Field name="lotteryDivisions" label={label("fair.settings.lotteryDivisions", "lotteryDivisions")} error={errorFor("lotteryDivisions")}>
          <input {...field("lotteryDivisions")} defaultValue={values.lotteryDivisions} />
        </Field>
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
