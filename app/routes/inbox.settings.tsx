// 通知设置: which channels a user receives, and verifying the email address and mobile number they go to.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { CODE_VALID_MINUTES, confirmVerification, loadNotificationSettings, requestVerification, savePreferences } from "~/services/notifications/preferences.server";
import { echoValues } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("notify.settings.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return loadNotificationSettings(getDb(), user.id, new Date());
}

type Result = { ok: boolean; intent: string; message?: string; fieldErrors: Record<string, string>; channel?: string; values?: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const channel = form.get("channel");
  const actor = { id: user.id, role: user.role };
  const db = getDb();
  const now = new Date();
  const reply = (r: { ok: true; message: string } | { ok: false; status: number; fieldErrors: Record<string, string> }) =>
    r.ok
      ? ({ ok: true, intent, message: r.message, fieldErrors: {}, channel: String(channel ?? "") } satisfies Result)
      : data(
          // what was typed comes back into the field (without JavaScript the page is the server's answer)
          { ok: false, intent, fieldErrors: r.fieldErrors, channel: String(channel ?? ""), values: echoValues({ address: form.get("address"), code: form.get("code") }) } satisfies Result,
          { status: r.status },
        );
  if (intent === "preferences") {
    await savePreferences(db, actor, { email: form.get("email") === "on", sms: form.get("sms") === "on" }, now);
    return reply({ ok: true, message: t("notify.settings.saved") });
  }
  if (intent === "send") {
    const r = await requestVerification(db, actor, { channel, address: form.get("address") }, now);
    return reply(r.ok ? { ok: true, message: t("notify.settings.codeSent", { address: r.address, minutes: CODE_VALID_MINUTES }) } : r);
  }
  if (intent === "confirm") {
    const r = await confirmVerification(db, actor, { channel, code: form.get("code") }, now);
    return reply(r.ok ? { ok: true, message: t("notify.settings.confirmed") } : r);
  }
  return reply({ ok: false, status: 400, fieldErrors: { _form: "notify.error.badRequest" } });
}

type ChannelView = Awaited<ReturnType<typeof loader>>["email"];

function ContactCard({ view, result }: { view: ChannelView; result: Result | undefined }) {
  const mine = result && result.channel === view.channel ? result : undefined;
  const label = t(`notify.settings.channel.${view.channel}`);
  const addressError = mine?.fieldErrors.address ?? (mine?.intent === "send" ? mine.fieldErrors._form : undefined);
  const codeError = mine?.fieldErrors.code ?? (mine?.intent === "confirm" ? mine.fieldErrors._form : undefined);
  const typed = (name: "address" | "code") => (mine && !mine.ok && typeof mine.values?.[name] === "string" ? (mine.values[name] as string) : undefined);
  return (
    <section className="card" data-testid={`contact-${view.channel}`}>
      <h2>{label}</h2>
      {view.state === "off" ? <p className="muted">{t("notify.settings.channelOff")}</p> : null}
      <p>{view.verified ? t("notify.settings.verified", { address: view.verified.address }) : t("notify.settings.notVerified")}</p>
      {mine?.ok ? <p className="flash" role="status">{mine.message}</p> : null}
      {view.state !== "off" ? (
        <Form method="post" className="actions">
          <input type="hidden" name="channel" value={view.channel} />
          <label>
            {t(`notify.settings.address.${view.channel}`)}{" "}
            <input name="address" type={view.channel === "email" ? "email" : "tel"} required autoComplete={view.channel === "email" ? "email" : "tel"} defaultValue={typed("address")} aria-invalid={addressError ? true : undefined} />
          </label>
          <button type="submit" name="intent" value="send">{t("notify.settings.sendCode")}</button>
          {addressError ? <span className="form-error" role="alert">{tMaybe(addressError)}</span> : null}
        </Form>
      ) : null}
      {view.pending ? (
        <Form method="post" className="actions">
          <input type="hidden" name="channel" value={view.channel} />
          <span className="muted">{view.pending.address} · {formatShanghai(view.pending.expires_at)}</span>
          <label>
            {t("notify.settings.code")} <input name="code" inputMode="numeric" pattern="\d{6}" maxLength={6} required autoComplete="one-time-code" defaultValue={typed("code")} aria-invalid={codeError ? true : undefined} />
          </label>
          <button type="submit" name="intent" value="confirm">{t("notify.settings.confirmCode")}</button>
          {codeError ? <span className="form-error" role="alert">{tMaybe(codeError)}</span> : null}
        </Form>
      ) : null}
    </section>
  );
}

export default function NotificationSettings() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <>
      <h1>{t("notify.settings.title")}</h1>
      <p className="muted">{t("notify.settings.intro")}</p>
      <p><Link to="/inbox">{t("notify.inbox.title")}</Link></p>
      <Form method="post" className="card">
        {result?.intent === "preferences" && result.ok ? <p className="flash" role="status">{result.message}</p> : null}
        {(["email", "sms"] as const).map((c) => (
          <label key={c} className="actions">
            <input type="checkbox" name={c} defaultChecked={settings[c].enabled} /> {t("notify.settings.receive", { channel: t(`notify.settings.channel.${c}`) })}
          </label>
        ))}
        <button type="submit" name="intent" value="preferences">{t("notify.settings.save")}</button>
      </Form>
      <ContactCard view={settings.email} result={result} />
      <ContactCard view={settings.sms} result={result} />
    </>
  );
}
