// Log in with username and password (remix-auth FormStrategy); rate-limited per account.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { t } from "~/i18n";
import {
  LoginError,
  ROLE_HOME,
  authenticateLogin,
  createUserSession,
  getOptionalUser,
  safeRedirect,
} from "~/services/auth.server";
import { formRequest, readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.loginTitle")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(ROLE_HOME[user.role]);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const user = await authenticateLogin(formRequest(request, form), context);
    return createUserSession(request, user, safeRedirect(form.get("redirectTo"), ROLE_HOME[user.role]));
  } catch (error) {
    if (error instanceof LoginError) {
      return data({ error: error.key, username: String(form.get("username") ?? "") }, { status: error.status });
    }
    throw error;
  }
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card">
      <h1>{t("auth.loginTitle")}</h1>
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        {result?.error ? (
          <p className="form-error" role="alert">
            {t(result.error)}
          </p>
        ) : null}
        <Field name="username" label={t("auth.username")}>
          <input {...fieldA11y("username")} autoComplete="username" required defaultValue={result?.username} />
        </Field>
        <Field name="password" label={t("auth.password")}>
          <input {...fieldA11y("password")} type="password" autoComplete="current-password" required />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("auth.submitLogin")}
          </button>
          <span>
            {t("auth.noAccount")} <Link to="/register">{t("nav.register")}</Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
