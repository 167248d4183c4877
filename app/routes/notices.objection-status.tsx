// 异议处理结果查询: public, no account — the receipt number and the mobile number given when objecting.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { lookupObjection } from "~/services/notifications/objection-lookup.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("notify.lookup.title")} · ${t("app.name")}` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const result = await lookupObjection(getDb(), { receipt: form.get("receipt"), mobile: form.get("mobile") }, clientAddress(context), new Date());
  if (!result.ok) return data({ ok: false as const, message: t(result.key) }, { status: result.status });
  return result;
}

export default function ObjectionStatus() {
  const result = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>{t("notify.lookup.title")}</h1>
      <p className="muted">{t("notify.lookup.intro")}</p>
      <Form method="post" className="actions">
        <label>
          {t("notify.lookup.receipt")} <input name="receipt" inputMode="numeric" required autoComplete="off" />
        </label>
        <label>
          {t("notify.lookup.mobile")} <input name="mobile" type="tel" required autoComplete="tel" />
        </label>
        <button type="submit">{t("notify.lookup.submit")}</button>
      </Form>
      {result && !result.ok ? (
        <p className="alert" role="alert">
          {result.message}
        </p>
      ) : null}
      {result?.ok ? (
        <dl data-testid="objection-status" data-status={result.objection.status}>
          <dt>{t("notify.lookup.receipt")}</dt>
          <dd>{result.objection.receipt}</dd>
          <dt>{t("notify.lookup.project")}</dt>
          <dd>{result.objection.title}</dd>
          <dt>{t("notify.lookup.filedAt")}</dt>
          <dd>{formatShanghai(result.objection.filedAt)}</dd>
          <dt>{t("notify.lookup.status")}</dt>
          <dd>{t(`notify.outcome.${result.objection.status}`)}</dd>
          {result.objection.finding ? (
            <>
              <dt>{t("notify.lookup.finding")}</dt>
              <dd>{result.objection.finding}</dd>
            </>
          ) : null}
          {result.objection.decidedAt ? (
            <>
              <dt>{t("notify.lookup.decidedAt")}</dt>
              <dd>{formatShanghai(result.objection.decidedAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
