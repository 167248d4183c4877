// Form parsing shared by server actions and the browser: FormData → nested object → zod.
// Error messages are i18n keys so the same schema speaks Chinese on both sides.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

/** `budget.0.amount=5` → { budget: [{ amount: "5" }] }. Files are kept as File objects. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$") || key === "_action" || key === "intent") continue;
    const path = key.split(".");
    let cursor: any = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]);
      if (last) {
        if (cursor[part] === undefined) cursor[part] = value;
        else if (Array.isArray(cursor[part])) cursor[part].push(value);
        else cursor[part] = [cursor[part], value];
      } else {
        cursor[part] ??= nextIsIndex ? [] : {};
        cursor = cursor[part];
      }
    });
  }
  return compactArrays(root) as Record<string, unknown>;
}

function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (value && typeof value === "object" && !(value instanceof Blob)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactArrays(v)]));
  }
  return value;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    fieldErrors: zodFieldErrors(result.error),
    values: (input && typeof input === "object" ? input : {}) as Record<string, unknown>,
  };
}

export function parseFormData<S extends z.ZodType>(schema: S, formData: FormData): ParseResult<z.infer<S>> {
  return parseWithSchema(schema, formDataToObject(formData));
}
