// "添加一行"/"添加成员" for the repeating rows of a form. It is a real submit button (intent
// add-row:<list>): without JavaScript the action answers by re-rendering the form with what was typed and
// one more row in that list (nothing is saved); with JavaScript the click adds the row in place.
import type { ReactNode } from "react";

export const ADD_ROW_PREFIX = "add-row:";

export function AddRowButton(props: { list: string; onAdd: () => void; children: ReactNode }) {
  return (
    <button
      type="submit"
      name="intent"
      value={`${ADD_ROW_PREFIX}${props.list}`}
      formNoValidate
      className="secondary"
      data-testid={`add-row-${props.list}`}
      onClick={(event) => {
        event.preventDefault();
        props.onAdd();
      }}
    >
      {props.children}
    </button>
  );
}

/**
 * How many rows a list shows: the rows just posted (plus one when the post asked for another row in this
 * list), else the stored rows and `spare` empty ones.
 */
export function rowCount(list: string, stored: unknown, posted: { addRow?: string; values?: Record<string, unknown> } | undefined, spare: number): number {
  const echoed = posted?.values?.[list];
  if (posted?.values && Array.isArray(echoed)) return Math.max(1, echoed.length + (posted.addRow === list ? 1 : 0));
  if (posted?.addRow === list) return 1;
  return (Array.isArray(stored) ? stored.length : 0) + spare;
}
