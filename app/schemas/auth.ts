// The applicant registration form, shared by the browser (react-hook-form) and the action.
import { z } from "zod";
import { passwordWeakness } from "../domain/password-policy";
import { mobileField } from "./mobile";

export const registrationSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, "auth.usernameInvalid")
      .max(32, "auth.usernameInvalid")
      .regex(/^[A-Za-z0-9_.-]+$/, "auth.usernameInvalid"),
    displayName: z.string().trim().min(2, "auth.displayNameRequired").max(60, "auth.displayNameRequired"),
    mobile: mobileField,
    password: z.string().superRefine((p, ctx) => {
      const weakness = passwordWeakness(p);
      if (weakness) ctx.addIssue({ code: "custom", message: weakness });
    }),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "auth.passwordMismatch" });

export type RegistrationInput = z.infer<typeof registrationSchema>;
