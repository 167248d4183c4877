// The hidden one-time key of a create-form (see services/once.server.ts): posting the same rendered
// form twice gives the first result back instead of a second record.
import { FORM_KEY_FIELD } from "../domain/form-key";

export function OnceField({ value }: { value: string | null | undefined }) {
  return value ? <input type="hidden" name={FORM_KEY_FIELD} value={value} /> : null;
}
