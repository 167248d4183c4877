// The confirmation of an irreversible action. Without JavaScript it is a required checkbox that the
// server checks too (app/utils/confirm.ts). With JavaScript, sending the form unticked opens a dialog
// that says what will happen; 确认 ticks the box and sends the form, 取消 sends nothing.
// `intent` limits it to one submit button of a form that has others (提交评分 beside 保存草稿).
import { useEffect, useId, useRef } from "react";
import { t } from "../i18n";
import { CONFIRM_FIELD } from "../utils/confirm";

/** `id` names the checkbox when a form's error summary links to it (field name "confirm"). */
export function ConfirmCheck(props: { what: string; intent?: string; error?: string; id?: string }) {
  const generated = useId();
  const id = props.id ?? generated;
  const box = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const pending = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const form = box.current?.form;
    if (!form || !box.current) return;
    // with JavaScript the dialog asks instead of the browser's "required" bubble (which would stop the submit event)
    box.current.required = false;
    const guard = (event: SubmitEvent) => {
      const submitter = event.submitter as HTMLButtonElement | null;
      if (props.intent && submitter?.value !== props.intent) return;
      if (box.current?.checked || !dialog.current?.showModal) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      pending.current = submitter;
      dialog.current.showModal();
    };
    form.addEventListener("submit", guard, true);
    return () => form.removeEventListener("submit", guard, true);
  }, [props.intent]);
  const confirm = () => {
    dialog.current?.close();
    if (!box.current) return;
    box.current.checked = true;
    box.current.form?.requestSubmit((pending.current as HTMLButtonElement | null) ?? undefined);
  };
  return (
    <div className="confirm-check">
      <label htmlFor={id}>
        <input
          ref={box}
          id={id}
          type="checkbox"
          name={CONFIRM_FIELD}
          value="yes"
          required={!props.intent}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
        />{" "}
        {t("shell.confirm.check")}
      </label>
      {props.error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {t("shell.confirm.required")}
        </p>
      ) : null}
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t("shell.confirm.title")}</h2>
        <p>{props.what}</p>
        <div className="actions">
          <button type="button" onClick={confirm} data-testid="confirm-yes">
            {t("shell.confirm.yes")}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t("shell.confirm.cancel")}
          </button>
        </div>
      </dialog>
    </div>
  );
}
