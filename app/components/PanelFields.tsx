// Pieces the organizer's panel pages (experts, assignments, ranking) share: the competition picker,
// an error line, and the required "reason" box that every adjustment of the panel's work carries.
import type { UseFormRegister, FieldValues } from "react-hook-form";
import { t } from "../i18n";

export function ErrorText({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span className="error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

/** `prefix` keeps ids unique when one page shows a form per row. */
/** `defaultValue`: the reason typed before a refused post, so it is not lost without JavaScript. */
export function ReasonField({ prefix, error, register, defaultValue }: { prefix: string; error?: string; register: UseFormRegister<FieldValues>; defaultValue?: string }) {
  return (
    <div className="field">
      <label htmlFor={`${prefix}-reason`}>{t("panel.reason")}</label>
      <textarea id={`${prefix}-reason`} rows={2} aria-invalid={error ? true : undefined} aria-describedby={error ? `${prefix}-reason-error` : undefined} {...register("reason")} defaultValue={defaultValue} />
      <span className="hint">{t("panel.reasonHint")}</span>
      <ErrorText id={`${prefix}-reason-error`} message={error} />
    </div>
  );
}

// The picker moved to its own component (one for every staff page); re-exported for the panel pages.
export { CompetitionPicker } from "./CompetitionPicker";
