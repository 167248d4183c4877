// A labelled form field with its hint and error message; used by every form. Field wires its single
// control itself: `aria-describedby` names the hint and the error, and a required control (the
// `required` prop, the control's own `required`, or `aria-required` from the form hook, which reads
// the zod schema) gets aria-required and a visible * in the label.
import { Children, type ReactElement, type ReactNode, cloneElement, isValidElement } from "react";
import { t } from "../i18n";

type ControlProps = { required?: boolean; "aria-required"?: boolean | "true" | "false"; "aria-describedby"?: string; type?: string };

function singleControl(children: ReactNode): ReactElement<ControlProps> | null {
  const only = Children.toArray(children);
  if (only.length !== 1 || !isValidElement(only[0])) return null;
  const element = only[0] as ReactElement<ControlProps>;
  return typeof element.type === "string" && ["input", "select", "textarea"].includes(element.type) ? element : null;
}

export function Field(props: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ReactNode;
}) {
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  const control = singleControl(props.children);
  const controlRequired = control ? control.props.required === true || control.props["aria-required"] === true || control.props["aria-required"] === "true" : false;
  const required = props.required ?? controlRequired;
  let children = props.children;
  if (control) {
    const describedBy = new Set((control.props["aria-describedby"] ?? "").split(/\s+/).filter(Boolean));
    if (props.hint) describedBy.add(hintId);
    if (props.error) describedBy.add(errorId);
    else describedBy.delete(errorId);
    children = cloneElement(control, {
      "aria-describedby": describedBy.size ? [...describedBy].join(" ") : undefined,
      "aria-required": required ? true : control.props["aria-required"],
    });
  }
  return (
    <div className="field">
      <span className="label-line">
        <label htmlFor={props.name}>{props.label}</label>
        {required ? (
          <span className="required-mark" aria-hidden="true" title={t("shell.required")}>
            *
          </span>
        ) : null}
      </span>
      {children}
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="error" id={errorId} role="alert" data-field-error={props.name}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** Props that connect an input to its Field's error message. */
export function fieldA11y(name: string, error?: string) {
  return { id: name, name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${name}-error` : undefined };
}
