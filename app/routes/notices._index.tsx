// The public list of notices (公示公告): the latest version of each competition's notice. No login.
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { periodEnded } from "~/domain/notice";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { listPublicNotices } from "~/services/notices.server";
import styles from "~/styles/notice.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${t("notice.listTitle")} · ${t("app.name")}` }];

export async function loader() {
  const now = new Date();
  const notices = await listPublicNotices(getDb());
  return {
    notices: notices.map((n) => ({
      id: n.id, title: n.title, version: n.version, competitionName: n.competitionName,
      publishedAt: n.published_at, startsOn: n.period_starts_on, endsAt: n.period_ends_at, open: !periodEnded(n, now),
    })),
  };
}

export default function Notices() {
  const { notices } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("notice.listTitle")}</h1>
      <p className="muted">{t("notice.listIntro")}</p>
      {notices.length === 0 ? <p>{t("notice.none")}</p> : null}
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
    </section>
  );
}
