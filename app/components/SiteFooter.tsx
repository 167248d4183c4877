// The footer of every page: who organizes (主办/承办), whom to call (a tap-to-call `tel:` link), and
// where the public pages are. Data comes from the root loader (services/site.server.ts).
import { Link } from "@remix-run/react";
import { t } from "../i18n";
import type { SiteContact } from "../services/site.server";

export function SiteFooter({ site }: { site: SiteContact | null }) {
  return (
    <footer className="site-footer" data-testid="site-footer">
      <div className="footer-org">
        {site?.host ? (
          <p>
            {t("shell.footer.host")}：{site.host}
          </p>
        ) : null}
        {site?.operator ? (
          <p>
            {t("shell.footer.operator")}：{site.operator}
          </p>
        ) : null}
        <p>
          {t("shell.footer.contact")}：{site?.contactName ? `${site.contactName} ` : ""}
          <a href={`tel:${site?.phone ?? "12345"}`} data-testid="footer-tel">
            {site?.phone ?? "12345"}
          </a>
        </p>
      </div>
      <nav className="footer-links" aria-label={t("shell.footer.links")}>
        <Link to="/notices">{t("nav.notices")}</Link>
        <Link to="/transparency">{t("nav.transparency")}</Link>
      </nav>
      <p className="footer-name">{t("app.name")}</p>
    </footer>
  );
}
