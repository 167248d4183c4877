// One public notice version: the frozen shortlist, the panel, its period, the versions list and
// (for the latest version, while open) the way to object. No login; phone-friendly; printable.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RehearsalBanner } from "~/components/CompetitionPicker";
import { NoticeTable } from "~/components/NoticeTable";
import { NoticeLotterySection } from "~/components/LotteryDraw";
import { PaperSignature } from "~/components/PaperSignature";
import { PrintButton } from "~/components/PrintButton";
import { ShareQr, shareMeta } from "~/components/ShareQr";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { loadNoticePage } from "~/services/notices.server";
import { shareFor } from "~/services/share.server";
import { getOptionalUser } from "~/services/auth.server";
import { etagOf, publicCacheHeaders } from "~/utils/http-cache.server";
import { readPreferences } from "~/utils/preferences.server";
import styles from "~/styles/notice.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  shareMeta(
    `${data?.notice.title ?? t("notice.listTitle")} · ${t("app.name")}`,
    data ? `${t("notice.periodEndsAt")}：${formatShanghai(data.notice.endsAt)}。${data.notice.body.replace(/\s+/g, " ").slice(0, 80)}` : t("notice.listTitle"),
    data?.share.url,
  );

// a published version is fixed: readers who are not logged in get a cacheable page and 304s
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ params, request }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const page = Number.isInteger(id) && id > 0 ? await loadNoticePage(getDb(), id, new Date()) : null;
  if (!page) throw new Response("Not Found", { status: 404 });
  const { notice, snapshot, versions, latestId, window, changes, rehearsal, issuers } = page;
  const share = await shareFor(request, `/notices/${notice.id}`);
  const anonymous = !(await getOptionalUser(request));
  const { locale, elder } = readPreferences(request);
  const etag = etagOf([notice.id, notice.sha256, versions.map((v) => v.id), window, rehearsal, issuers, share.url, locale, elder]);
  return data({
    notice: {
      id: notice.id, title: notice.title, body: notice.body, version: notice.version, sha256: notice.sha256,
      publishedAt: notice.published_at, startsOn: notice.period_starts_on, endsOn: notice.period_ends_on, endsAt: notice.period_ends_at,
    },
    snapshot,
    versions,
    latestId,
    window,
    changes,
    rehearsal,
    issuers,
    share,
  }, anonymous ? { headers: publicCacheHeaders(etag) } : undefined);
}

export default function NoticePage() {
  const { notice, snapshot, versions, latestId, window, changes, rehearsal, share, issuers } = useLoaderData<typeof loader>();
  return (
    <article className={rehearsal ? "card rehearsal" : "card"}>
      <RehearsalBanner competition={{ is_rehearsal: rehearsal }} />
      <h1 data-testid="notice-title">{notice.title}</h1>
      {window === "superseded" ? (
        <p className="alert" role="status">
          {t("notice.superseded")} <Link to={`/notices/${latestId}`}>{t("notice.viewLatest")}</Link>
        </p>
      ) : null}
      <dl className="notice-meta">
        <dt>{t("notice.publishedAt")}</dt>
        <dd>{formatShanghai(notice.publishedAt)} · {t("notice.version", { version: notice.version })}</dd>
        <dt>{t("notice.period")}</dt>
        <dd data-testid="notice-period">
          {t("notice.periodValue", {
            from: formatShanghai(`${notice.startsOn}T00:00:00+08:00`, false),
            to: formatShanghai(notice.endsOn + "T00:00:00+08:00", false),
            days: snapshot.workingDays,
          })}
        </dd>
        <dt>{t("notice.periodEndsAt")}</dt>
        <dd>
          {formatShanghai(notice.endsAt)}{" "}
          <span className={window === "open" ? "badge ok" : "badge"} data-testid="notice-window">
            {window === "open" ? t("notice.windowOpen") : t("notice.windowClosed")}
          </span>
        </dd>
      </dl>
      {/* The action comes first: on a phone the shortlist below is long. */}
      <div className="actions no-print object-action">
        {window === "open" ? (
          <Link className="button" to={`/notices/${notice.id}/objection`}>
            {t("notice.fileObjection")}
          </Link>
        ) : null}
        <PrintButton label={t("notice.print")} />
      </div>
      <p className="notice-body">{notice.body}</p>

      {changes && (changes.added.length || changes.removed.length || changes.changed.length) ? (
        <section>
          <h2>{t("notice.changes")}</h2>
          <ul data-testid="notice-changes">
            {changes.removed.map((r) => <li key={`r${r.proposalId}`}>{t("notice.changeRemoved", { title: r.title })}</li>)}
            {changes.added.map((r) => <li key={`a${r.proposalId}`}>{t("notice.changeAdded", { title: r.title })}</li>)}
            {changes.changed.map((c) => (
              <li key={`c${c.after.proposalId}`}>
                {t("notice.changeAmount", { title: c.after.title, before: formatYuan(c.before.approvedFen), after: formatYuan(c.after.approvedFen) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <NoticeTable rows={snapshot.rows} totalFen={snapshot.totalFen} />
      {snapshot.lottery ? <NoticeLotterySection lottery={snapshot.lottery} /> : null}

      <h2>{t("notice.panel")}</h2>
      <p data-testid="notice-panel">{snapshot.panel.join("、") || t("common.none")}</p>


      <PaperSignature
        testId="notice-paper-signature"
        parties={[
          { role: t("exports.print.host"), name: snapshot.competition?.host ?? issuers.host },
          ...((snapshot.competition?.operator ?? issuers.operator) ? [{ role: t("exports.print.operator"), name: snapshot.competition?.operator ?? issuers.operator }] : []),
        ]}
        date={notice.publishedAt}
      />

      <ShareQr url={share.url} qrSvg={share.qrSvg} title={t("shell.share.title")} />

      <p className="fingerprint">
        {t("notice.fingerprint")}：{notice.sha256}
      </p>

      <section className="no-print">
        <h2>{t("notice.versions")}</h2>
        <ol className="versions" data-testid="notice-versions">
          {versions.map((v) => (
            <li key={v.id}>
              {v.id === notice.id ? <strong>{v.title}</strong> : <Link to={`/notices/${v.id}`}>{v.title}</Link>}{" "}
              <span className="muted">
                {t("notice.version", { version: v.version })} · {formatShanghai(v.published_at)}
                {v.id === latestId ? ` · ${t("notice.latest")}` : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
