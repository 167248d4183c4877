// Change one's own password (any role). Every other session of the account ends at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { getDb } from "~/db.server";
import { t, tMaybe } from "~/i18n";
import { changePassword, requireUser } from "~/services/auth.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("account.password.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const currentPassword = String(form.get("currentPassword") ?? "");
  const newPassword = String(form.get("newPassword") ?? "");
  if (newPassword !== String(form.get("confirmPassword") ?? "")) {
    return data({ ok: false as const, fieldErrors: { confirmPassword: "auth.passwordMismatch" } as Record<string, string> }, { status: 400 });
  }
  const result = await changePassword(getDb(), request, user, { currentPassword, newPassword }, new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors }, { status: 400 });
  return { ok: true as const, fieldErrors: {} as Record<string, string> };
}

export default function ChangePassword() {
  const result = useActionData<typeof action>();
  const error = (name: string) => (result?.fieldErrors[name] ? tMaybe(result.fieldErrors[name]) : undefined);
  return (
    <section className="card">
      <h1>{t("account.password.title")}</h1>
      {result?.ok ? (
        <p className="flash" role="status">
          {t("account.password.changed")}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <Field name="currentPassword" label={t("account.password.current")} error={error("currentPassword")}>
          <input {...fieldA11y("currentPassword", error("currentPassword"))} type="password" autoComplete="current-password" required />
        </Field>
        <Field name="newPassword" label={t("account.password.new")} error={error("newPassword")} hint={t("auth.passwordHint")}>
          <input {...fieldA11y("newPassword", error("newPassword"))} type="password" autoComplete="new-password" required />
        </Field>
        <Field name="confirmPassword" label={t("account.password.confirm")} error={error("confirmPassword")}>
          <input {...fieldA11y("confirmPassword", error("confirmPassword"))} type="password" autoComplete="new-password" required />
        </Field>
        <div className="actions">
          <button type="submit">{t("account.password.submit")}</button>
        </div>
      </Form>
    </section>
  );
}
