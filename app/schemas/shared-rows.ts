// Helpers for forms with repeating rows (activities, budget lines, team members) and 元 amounts.
import { z } from "zod";
import { parseYuan } from "../domain/money";

const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") ||
  (typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every(isBlank));

/** Forms print a few spare empty rows (so they work without JavaScript); trailing empty rows are dropped. */
export function dropTrailingBlankRows(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return [];
  if (!Array.isArray(value)) return value;
  const rows = [...value];
  while (rows.length > 0 && isBlank(rows[rows.length - 1])) rows.pop();
  return rows;
}

/** A 元 amount typed by a person → integer fen. Empty counts as zero when `optional`. */
export function yuanField(message: string, options: { optional?: boolean } = {}) {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((v, ctx) => {
      const text = v === undefined ? "" : String(v);
      if (text.trim() === "" && options.optional) return 0;
      const fen = parseYuan(text);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return fen;
    });
}
