// One-time forms: the hidden field a rendered create-form carries, and what a key may look like.
export const FORM_KEY_FIELD = "formKey";

/** A key the server generated (a UUID); anything else is ignored rather than trusted. */
export function readFormKey(value: unknown): string | null {
  return typeof value === "string" && /^[A-Za-z0-9-]{16,64}$/.test(value) ? value : null;
}
