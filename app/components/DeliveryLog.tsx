// The delivery log table: one line per outbox row (recipient × channel) with status, attempts and reason.
import { TableWrap } from "./TableWrap";
import { Link } from "@remix-run/react";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t } from "~/i18n";

export interface DeliveryRow {
  id: number;
  event: string;
  channel: string;
  address: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  display_name: string | null;
}

export function statusBadge(status: string) {
  const cls = status === "sent" ? "ok" : status === "failed" ? "bad" : "warn";
  return <span className={`badge ${cls}`}>{t(`notify.status.${status}` as MessageKey)}</span>;
}

export function reasonText(error: string | null): string {
  if (!error) return "";
  if (error === "channel_off") return t("notify.settings.channelOff");
  if (error === "outcome_unknown") return t("notify.result.unknown");
  return error;
}

export function DeliveryLogTable({ rows }: { rows: DeliveryRow[] }) {
  if (rows.length === 0) return <p className="muted">{t("notify.organizer.logEmpty")}</p>;
  return (
    <TableWrap>
      <table data-testid="delivery-log">
        <thead>
          <tr>
            <th>{t("notify.organizer.createdAt")}</th>
            <th>{t("notify.organizer.event")}</th>
            <th>{t("notify.organizer.recipient")}</th>
            <th>{t("notify.organizer.channel")}</th>
            <th>{t("notify.organizer.status")}</th>
            <th>{t("notify.organizer.attempts")}</th>
            <th>{t("notify.organizer.lastError")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`delivery-${r.id}`} data-status={r.status}>
              <td>
                <Link to={`/organizer/notifications/${r.id}`}>{formatShanghai(r.created_at)}</Link>
              </td>
              <td>{t(`notify.event.${r.event}` as MessageKey)}</td>
              <td>
                {r.display_name ?? t("notify.organizer.noAccount")} <span className="muted">{r.address}</span>
              </td>
              <td>{t(`notify.organizer.channel.${r.channel}` as MessageKey)}</td>
              <td>{statusBadge(r.status)}</td>
              <td>{r.attempts}</td>
              <td>{reasonText(r.last_error)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
