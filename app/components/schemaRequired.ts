// Is the form field `path` (e.g. "members.0.name") required by this zod schema? Used to mark required
// fields (aria-required and a visible *) straight from the schema the server validates with, so the
// mark can never disagree with the check. A field counts as required when neither an empty box ("")
// nor a missing value (an unticked checkbox) would pass. Unknown shapes answer false (no mark).
import type { z } from "zod";

type Def = { type?: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };

function def(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Unwraps optional/default/pipe layers until an object or array is reached (or nothing is left). */
function container(schema: z.ZodType | undefined, depth = 0): z.ZodType | undefined {
  const d = def(schema);
  if (!d || depth > 10) return undefined;
  if (d.type === "object" || d.type === "array") return schema;
  if (d.type === "pipe") return container(def(d.out)?.type === "transform" ? d.in : d.out, depth + 1) ?? container(d.in, depth + 1);
  if (d.innerType) return container(d.innerType, depth + 1);
  return undefined;
}

export function fieldSchema(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const part of path.split(".")) {
    const holder = container(current);
    const d = def(holder);
    if (!d) return undefined;
    if (d.type === "object") current = Object.prototype.hasOwnProperty.call(d.shape ?? {}, part) ? d.shape?.[part] : undefined;
    else if (d.type === "array" && /^\d+$/.test(part)) current = d.element;
    else return undefined;
    if (!current) return undefined;
  }
  return current;
}

export function isRequiredField(schema: z.ZodType, path: string): boolean {
  const field = fieldSchema(schema, path);
  if (!field || container(field)) return false;
  try {
    return !field.safeParse("").success && !field.safeParse(undefined).success;
  } catch {
    return false;
  }
}
