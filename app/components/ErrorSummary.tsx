// The list of what needs fixing, at the top of a form. It takes focus when it appears — after a
// failed check in the browser, after the server refused a post, and (autofocus) on the page the
// server renders when JavaScript is off — so keyboard and screen-reader users land on it. Each item
// links to its field.
import { forwardRef, useId } from "react";
import { t } from "../i18n";

export interface SummaryItem {
  name: string;
  message: string;
  /** the id of the control the item links to, when it is not the field's name (a page with one form per row) */
  target?: string;
}

export const ErrorSummary = forwardRef<HTMLDivElement, { items: SummaryItem[]; autoFocus?: boolean }>(function ErrorSummary(props, ref) {
  const titleId = useId();
  if (!props.items.length) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref} autoFocus={props.autoFocus} data-testid="error-summary">
      <h2 id={titleId}>{t("shell.errorSummary.title", { count: props.items.length })}</h2>
      <ul>
        {props.items.map((item) => (
          <li key={item.name}>
            <a href={`#${item.target ?? item.name}`}>{item.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
});

/**
 * The summary of a plain form (no form hook): the server's messages for it, each linked to its control
 * (`idOf` maps a field name to the control's id; "confirm" is the form's ConfirmCheck). Rendered with
 * autofocus, so it takes focus without JavaScript, and when it appears after a refused post with it.
 */
export function RefusedSummary(props: { errors?: Record<string, string>; idOf: (name: string) => string; translate: (key: string) => string }) {
  const items = Object.entries(props.errors ?? {})
    .filter(([name]) => name !== "_form")
    .map(([name, message]) => ({ name, message: props.translate(message), target: props.idOf(name) }));
  return <ErrorSummary items={items} autoFocus />;
}
