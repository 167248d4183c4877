// A labelled form field with its error message beside it; used by every form.
import type { ReactNode } from "react";

export function Field(props: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  const errorId = `${props.name}-error`;
  return (
    <div className="field">
      <label htmlFor={props.name}>{props.label}</label>
      {props.children}
      {props.hint ? <span className="hint">{props.hint}</span> : null}
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
