// The list of what needs fixing, at the top of a form. It takes focus when it appears — after a
// failed check in the browser, after the server refused a post, and (autofocus) on the page the
// server renders when JavaScript is off — so keyboard and screen-reader users land on it. Each item
// links to its field.
import { forwardRef, useId } from "react";
import { t } from "../i18n";

export interface SummaryItem {
  name: string;
  message: string;
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
            <a href={`#${item.name}`}>{item.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
});
