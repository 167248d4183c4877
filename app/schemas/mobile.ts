// The one mobile-number field of every form (profile, objection, registration, experts): accepts what
// people type ("+86 138 0013 8000", "138-0013-8000") and yields the 11 digits. Messages are i18n keys.
import { z } from "zod";
import { parseMobile } from "../domain/mobile";

export const mobileField = z
  .string()
  .default("")
  .refine((v) => parseMobile(v) !== null, "validation.mobileInvalid")
  .transform((v) => parseMobile(v)!);

/** Optional: blank stays "", anything else must be a mobile number. */
export const optionalMobileField = z
  .string()
  .optional()
  .default("")
  .refine((v) => v.trim() === "" || parseMobile(v) !== null, "validation.mobileInvalid")
  .transform((v) => (v.trim() === "" ? "" : parseMobile(v)!));
