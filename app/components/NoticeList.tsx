// A list of notice cards (公示公告) with each one's objection window; the notice itself lives at /notices/:id.
import { Link } from "@remix-run/react";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";

export type NoticeCard = { id: number; title: string; version: number; competitionName: string; publishedAt: string; endsAt: string; open: boolean };

export function NoticeList({ notices }: { notices: NoticeCard[] }) {
  if (notices.length === 0) return <p>{t("notice.none")}</p>;
  return (
    <>
      {notices.map((n) => (
        <article key={n.id} className="card" data-testid="notice-card">
          <h2>
            <Link to={`/notices/${n.id}`}>{n.title}</Link>
          </h2>
          <p className="muted">
            {n.competitionName} · {t("notice.version", { version: n.version })} · {t("notice.publishedAt")} {formatShanghai(n.publishedAt)}
          </p>
          <p>
            <span className={n.open ? "badge ok" : "badge"}>{n.open ? t("notice.windowOpen") : t("notice.windowClosed")}</span>{" "}
            {t("notice.periodEndsAt")}：{formatShanghai(n.endsAt)}
          </p>
        </article>
      ))}
    </>
  );
}
