// The one-time invitation link an organizer sends a new expert: no login; set a password twice, then log in.
// Unknown, used or expired links get a clear page with a 4xx status.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { acceptInviteSchema } from "~/schemas/review";
import { acceptInvite, loadInvite } from "~/services/experts.server";
import { formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("review.invite.title")} · ${t("app.name")}` }, { name: "robots", content: "noindex" }];

const STATUS = { unknown: 404, used: 410, expired: 410 } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invite = await loadInvite(getDb(), params.token ?? "", new Date());
  // Right after a successful activation the link is used: that page is a success (200), not a 410.
  if (invite.state === "used" && new URL(request.url).searchParams.get("activated") === "1") {
    return data({ ...invite, done: true }, { headers: { "Referrer-Policy": "no-referrer" } });
  }
  if (invite.state !== "valid") return data({ ...invite, done: false }, { status: STATUS[invite.state], headers: { "Referrer-Policy": "no-referrer" } });
  return data({ ...invite, done: false }, { headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const input = formDataToObject(await readForm(request));
  const result = await acceptInvite(getDb(), params.token ?? "", input, new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors }, { status: result.status });
  return redirect(`/invite/${encodeURIComponent(params.token ?? "")}?activated=1`, { headers: { "Referrer-Policy": "no-referrer" } });
}

export default function InvitePage() {
  const invite = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined;
  const { register, errorFor, onSubmit, summary } = useValidatedForm(acceptInviteSchema, { serverErrors });

  if (invite.done) {
    return (
      <section className="card" data-testid="invite-done">
        <h1>{t("review.invite.title")}</h1>
        <p className="flash" role="status">
          {t("review.invite.done", { username: invite.username ?? "" })}
        </p>
        <p>
          <Link to="/login">{t("review.invite.goLogin")}</Link>
        </p>
      </section>
    );
  }
  if (invite.state !== "valid") {
    return (
      <section className="card" data-testid="invite-refused">
        <h1>{t("review.invite.failedTitle")}</h1>
        <p className="alert" role="alert">
          {t(`review.invite.state.${invite.state}`)}
        </p>
        <p>
          <Link to="/login">{t("review.invite.goLogin")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("review.invite.title")}</h1>
      <p>{t("review.invite.greeting", { name: invite.displayName ?? "" })}</p>
      <p>{t("review.invite.intro", { username: invite.username ?? "" })}</p>
      <p className="muted">{t("review.invite.invitedBy", { by: invite.invitedBy ?? t("role.organizer"), at: invite.expiresAt ? formatShanghai(invite.expiresAt) : "" })}</p>
      {serverErrors?._form ? (
        <p className="alert" role="alert">
          {tMaybe(serverErrors._form)}
        </p>
      ) : null}
      <Form method="post" className="stack" onSubmit={onSubmit} noValidate>
        {summary}
        <input type="text" name="username" autoComplete="username" defaultValue={invite.username ?? ""} hidden readOnly />
        <Field name="password" label={t("review.invite.password")} hint={t("auth.passwordHint")} error={errorFor("password")}>
          <input type="password" autoComplete="new-password" {...fieldA11y("password", errorFor("password"))} {...register("password")} />
        </Field>
        <Field name="confirm" label={t("review.invite.confirm")} error={errorFor("confirm")}>
          <input type="password" autoComplete="new-password" {...fieldA11y("confirm", errorFor("confirm"))} {...register("confirm")} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("review.invite.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
