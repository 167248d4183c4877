// A QR code (SVG from the server, see services/share.server.ts) and the plain link beside it, so a
// notice can be opened on a phone or passed on in WeChat.
import { t } from "../i18n";

export function ShareQr(props: { url: string; qrSvg: string; title: string }) {
  return (
    <section className="share no-print" data-testid="share">
      <div className="qr" role="img" aria-label={t("shell.share.qr")} dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
      <div>
        <h2>{props.title}</h2>
        <p className="muted">{t("shell.share.qr")}</p>
        <p>
          {t("shell.share.link")}：<a href={props.url}>{props.url}</a>
        </p>
      </div>
    </section>
  );
}

/** Title, description and Open Graph tags for a shared page (WeChat and others read og:*). */
export function shareMeta(title: string, description: string, url?: string) {
  const tags = [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
  ];
  return url ? [...tags, { property: "og:url", content: url }] : tags;
}
