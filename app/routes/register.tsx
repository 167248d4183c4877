// Applicants register themselves; the same zod schema validates in the browser and on the server.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import {
  ROLE_HOME,
  createUserSession,
  getOptionalUser,
  registerApplicant,
} from "~/services/auth.server";
import { registrationSchema } from "~/schemas/auth";
import { echoValues, formDataToObject, parseWithSchema } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { clientAddress } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.registerTitle")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(ROLE_HOME[user.role]);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (String(formData.get("website") ?? "") !== "") {
    return data({ fieldErrors: { _form: "validation.fixErrors" } }, { status: 400 }); // honeypot
  }
  const input = formDataToObject(formData);
  // A refused registration comes back filled in (never the passwords), with or without JavaScript.
  const values = echoValues(input);
  const parsed = parseWithSchema(registrationSchema, input);
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await registerApplicant(getDb(), parsed.data, new Date(), clientAddress(context));
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values }, { status: result.status ?? 400 });
  return createUserSession(request, result.user, "/applicant");
}

export default function Register() {
  const result = useActionData<{ fieldErrors?: Record<string, string>; values?: Record<string, unknown> }>();
  const { field, errorFor, onSubmit, summary } = useValidatedForm(registrationSchema, { serverErrors: result?.fieldErrors, values: result?.values });
  return (
    <section className="card">
      <h1>{t("auth.registerTitle")}</h1>
      <p className="muted">{t("auth.registerIntro")}</p>
      <Form method="post" className="stack" noValidate onSubmit={onSubmit}>
        {summary}
        {result?.fieldErrors?._form ? (
          <p className="form-error" role="alert">
            {t(result.fieldErrors._form === "auth.registerTooMany" ? "auth.registerTooMany" : "validation.fixErrors")}
          </p>
        ) : null}
        <div hidden aria-hidden="true">
          <label htmlFor="website">Website</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <Field name="username" label={t("auth.username")} error={errorFor("username")}>
          <input {...field("username")} autoComplete="username" />
        </Field>
        <Field name="displayName" label={t("auth.displayName")} error={errorFor("displayName")}>
          <input {...field("displayName")} autoComplete="organization" />
        </Field>
        <Field name="mobile" label={t("auth.mobile")} error={errorFor("mobile")}>
          <input {...field("mobile")} inputMode="numeric" autoComplete="tel" />
        </Field>
        <Field name="password" label={t("auth.password")} error={errorFor("password")} hint={t("auth.passwordHint")}>
          <input {...field("password")} type="password" autoComplete="new-password" />
        </Field>
        <Field name="confirmPassword" label={t("auth.confirmPassword")} error={errorFor("confirmPassword")}>
          <input {...field("confirmPassword")} type="password" autoComplete="new-password" />
        </Field>
        <div className="actions">
          <button type="submit">{t("auth.submitRegister")}</button>
          <span>
            {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
