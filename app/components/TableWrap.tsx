// A table that becomes a stack of cards on phones without JavaScript and without repeating its column
// names in every cell: the names are read once from the header row here, on the server, and set on the
// wrapper as CSS custom properties (--c1, --c2, …); below 720 px the stylesheet prints each cell's
// column name before it with `content: var(--cN)` (shell.css). A long public table costs one short
// style attribute, not a data-label per cell. Cells of a row that spans columns differently (a 合计 row)
// can set their own --cN on that row.
import { Children, type CSSProperties, type ReactNode, isValidElement } from "react";

/** Most columns a card labels (the stylesheet has a rule for each). */
export const CARD_COLUMNS = 12;

type WithChildren = { children?: ReactNode; colSpan?: number };

function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<WithChildren>(node)) return textOf(node.props.children);
  return "";
}

function find(node: ReactNode, type: string): ReactNode[] {
  const found: ReactNode[] = [];
  Children.forEach(node, (child) => {
    if (!isValidElement<WithChildren>(child)) return;
    if (child.type === type) found.push(child);
    else if (typeof child.type === "string") found.push(...find(child.props.children, type));
  });
  return found;
}

/** The column names of the (last) header row, one per column (a th spanning two columns counts twice). */
export function headerLabels(table: ReactNode): string[] {
  const heads = find(table, "thead");
  const rows = heads.length ? find((heads[0] as { props: WithChildren }).props.children, "tr") : [];
  const row = rows.at(-1) as { props: WithChildren } | undefined;
  if (!row) return [];
  const labels: string[] = [];
  Children.forEach(row.props.children, (cell) => {
    if (!isValidElement<WithChildren>(cell)) return;
    const text = textOf(cell.props.children).replace(/\s+/g, " ").trim();
    for (let i = 0; i < (cell.props.colSpan ?? 1); i++) labels.push(text);
  });
  return labels;
}

/** `--c1: "项目名称"; …` for the given column names (CSS strings, quotes and backslashes escaped). */
export function cardLabelStyle(labels: readonly string[]): CSSProperties {
  const style: Record<string, string> = {};
  labels.slice(0, CARD_COLUMNS).forEach((label, i) => {
    style[`--c${i + 1}`] = `"${label.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ")}"`;
  });
  return style as CSSProperties;
}

export function TableWrap(props: { children: ReactNode }) {
  const labels = headerLabels(props.children);
  // a table without a header row stays a table (it scrolls inside its wrapper if it must)
  if (!labels.length) return <div className="table-wrap">{props.children}</div>;
  return (
    <div className="table-wrap cards" style={cardLabelStyle(labels)}>
      {props.children}
    </div>
  );
}
