// Form parsing shared by server actions and the browser: FormData → nested object → zod.
// Error messages are i18n keys so the same schema speaks Chinese on both sides.
import type { z } from "zod";
import { type MessageKey, isMessageKey, t } from "../i18n";

export type FieldErrors = Record<string, string>;

export type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

/** Bounds on the shape of a form, so a hostile name cannot reach prototypes or allocate without limit. */
export const FORM_SHAPE_LIMITS = { maxFields: 1000, maxDepth: 8, maxIndex: 999, maxNameLength: 200 } as const;

/** Segments that would walk into an object's prototype if they were used as keys. */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/** Why a field name is refused (an i18n key with params), or null when it is acceptable. */
export function fieldNameProblem(name: string): { key: MessageKey; params?: Record<string, number> } | null {
  if (name.length > FORM_SHAPE_LIMITS.maxNameLength) return { key: "input.error.fieldName" };
  const path = name.split(".");
  if (path.length > FORM_SHAPE_LIMITS.maxDepth) return { key: "input.error.tooDeep" };
  for (const part of path) {
    if (FORBIDDEN_SEGMENTS.has(part)) return { key: "input.error.fieldName" };
    if (/^\d+$/.test(part) && (part.length > 4 || Number(part) > FORM_SHAPE_LIMITS.maxIndex)) {
      return { key: "input.error.indexTooLarge", params: { max: FORM_SHAPE_LIMITS.maxIndex + 1 } };
    }
  }
  return null;
}

/** A 400 answer with a Chinese message, thrown so a route's ErrorBoundary (or the caller) shows it. */
export function formRejection(key: MessageKey, params?: Record<string, number>, status = 400): Response {
  return new Response(t(key, params), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

type Leaf = FormDataEntryValue | FormDataEntryValue[];
interface Branch {
  list: boolean;
  children: Map<string, Branch | Leaf>;
}
const isBranch = (v: Branch | Leaf | undefined): v is Branch => !!v && typeof v === "object" && "children" in v && v.children instanceof Map;

/**
 * `budget.0.amount=5` → { budget: [{ amount: "5" }] }. Files are kept as File objects. Objects are built
 * without prototypes from Maps, so no field name can reach Object.prototype; `__proto__`, `constructor`
 * and `prototype` segments, deep paths, huge row numbers and too many fields are refused with a 400
 * Response (a Chinese message) instead of being walked.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const root: Branch = { list: false, children: new Map() };
  let fields = 0;
  for (const [key, value] of formData.entries()) {
    if (++fields > FORM_SHAPE_LIMITS.maxFields) throw formRejection("input.error.tooManyFields", { max: FORM_SHAPE_LIMITS.maxFields }, 413);
    if (key.startsWith("$") || key === "_action" || key === "intent") continue;
    const problem = fieldNameProblem(key);
    if (problem) throw formRejection(problem.key, problem.params);
    const path = key.split(".");
    let cursor = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      const existing = cursor.children.get(part);
      if (i === path.length - 1) {
        if (isBranch(existing)) throw formRejection("input.error.malformed");
        if (existing === undefined) cursor.children.set(part, value);
        else cursor.children.set(part, Array.isArray(existing) ? [...existing, value] : [existing, value]);
      } else {
        if (existing !== undefined && !isBranch(existing)) throw formRejection("input.error.malformed");
        const next = existing ?? { list: /^\d+$/.test(path[i + 1]), children: new Map() };
        cursor.children.set(part, next);
        cursor = next;
      }
    }
  }
  return materialize(root) as Record<string, unknown>;
}

/** Branches become prototype-less objects, or arrays in row order with the gaps closed. */
function materialize(node: Branch | Leaf): unknown {
  if (!isBranch(node)) return node;
  if (node.list) {
    return [...node.children.entries()]
      .filter(([k]) => /^\d+$/.test(k))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => materialize(v));
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of node.children) out[k] = materialize(v);
  return out;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= messageOf(issue);
  }
  return errors;
}

/**
 * The schema's own message (an i18n key), or — where a schema gave none and zod fell back to its English
 * default (a field left out of a hand-made post, a list where text was expected) — a Chinese one.
 */
function messageOf(issue: z.ZodError["issues"][number]): string {
  // a key, or a message a schema built itself (Chinese text with its numbers filled in)
  if (isMessageKey(issue.message) || /[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  return missing ? "validation.required" : "validation.invalidValue";
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

/** Field names whose values are never sent back to the browser (a refused form is re-rendered without them). */
const SECRET_FIELD = /password|secret|token|website/i;

/**
 * What a refused form sends back to be shown again: the strings (and lists/objects of strings) that were
 * typed, without files, passwords or the honeypot, each string capped so an echo is never larger than
 * the form that was accepted.
 */
export function echoValues(input: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!input || typeof input !== "object" || depth > FORM_SHAPE_LIMITS.maxDepth) return out;
  for (const [key, value] of Object.entries(input)) {
    if (SECRET_FIELD.test(key) || FORBIDDEN_SEGMENTS.has(key)) continue;
    const kept = echoValue(value, depth);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function echoValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return value.slice(0, 20_000);
  if (Array.isArray(value)) return value.map((v) => echoValue(v, depth + 1)).map((v) => (v === undefined ? "" : v));
  if (value && typeof value === "object" && !(typeof File !== "undefined" && value instanceof File)) return echoValues(value, depth + 1);
  return undefined;
}

/** The list an "add a row" submit asks for (intent `add-row:<list>`), if it is one of `lists`. */
export function addRowRequest(formData: FormData, lists: readonly string[]): string | null {
  const intent = String(formData.get("intent") ?? "");
  if (!intent.startsWith("add-row:")) return null;
  const list = intent.slice("add-row:".length);
  return lists.includes(list) ? list : null;
}

/** The posted values with one more (blank) row at the end of `list`, for forms that size lists by their values. */
export function withAddedRow(values: Record<string, unknown>, list: string): Record<string, unknown> {
  const rows = Array.isArray(values[list]) ? (values[list] as unknown[]) : [];
  return { ...values, [list]: [...rows, {}] };
}
