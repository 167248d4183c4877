// One notification's delivery (organizer): every channel written for that recipient, and each attempt.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { reasonText, statusBadge } from "~/components/DeliveryLog";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadDeliveryDetail } from "~/services/notifications/delivery-log.server";

export const meta: MetaFunction = () => [{ title: `${t("notify.organizer.log")} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const id = /^\d{1,12}$/.test(params.id ?? "") ? Number(params.id) : 0;
  const detail = await loadDeliveryDetail(getDb(), id);
  if (!detail) throw new Response(t("error.notFound"), { status: 404 });
  return detail;
}

export default function DeliveryDetail() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/organizer/notifications">{t("notify.organizer.back")}</Link>
      </p>
      <h1>
        {t(`notify.event.${rows[0].event}` as MessageKey)} · {rows[0].display_name ?? t("notify.organizer.noAccount")}
      </h1>
      {rows.map((r) => (
        <section key={r.id} className="card" data-testid={`delivery-detail-${r.channel}`}>
          <h2>
            {t(`notify.organizer.channel.${r.channel}` as MessageKey)} {statusBadge(r.status)} <span className="muted">{r.address}</span>
          </h2>
          <p className="muted">
            {t("notify.organizer.createdAt")} {formatShanghai(r.created_at)}
            {r.sent_at ? ` · ${t("notify.status.sent")} ${formatShanghai(r.sent_at)}` : ""}
            {r.status === "queued" && r.attempts > 0 ? ` · ${t("notify.result.retry")} ${formatShanghai(r.next_attempt_at)}` : ""}
          </p>
          {r.last_error ? <p className="alert">{reasonText(r.last_error)}</p> : null}
          {r.tries.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>{t("notify.organizer.attemptAt")}</th>
                  <th>{t("notify.organizer.result")}</th>
                  <th>{t("notify.organizer.lastError")}</th>
                  <th>{t("notify.organizer.worker")}</th>
                </tr>
              </thead>
              <tbody>
                {r.tries.map((a) => (
                  <tr key={a.id} data-result={a.result}>
                    <td>{formatShanghai(a.at)}</td>
                    <td>{t(`notify.result.${a.result}` as MessageKey)}</td>
                    <td>{reasonText(a.error)}</td>
                    <td className="muted">{a.worker_id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
    </>
  );
}
