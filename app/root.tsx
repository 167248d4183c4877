// The document shell: a compact header whose menu folds away on phones (a CSS checkbox, so it works
// without JavaScript), the display switches (长者模式, 中文/English), main content, the footer, and the
// error page. Preferences come from cookies read here, so every page honours them on first paint.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ElderModeSwitch, LanguageSwitch } from "./components/DisplaySwitches";
import { PUBLIC_NAV, ROLE_NAV } from "./components/nav";
import { SiteNav } from "./components/SiteNav";
import { SiteFooter } from "./components/SiteFooter";
import { TABLE_CARDS_SCRIPT } from "./components/tableCards";
import { getDb } from "./db.server";
import { type MessageKey, setPageLocale, t } from "./i18n";
import { getOptionalUser } from "./services/auth.server";
import { countUnread } from "./services/notifications/inbox.server";
import { loadSiteContact } from "./services/site.server";
import { demoAccountsPresent } from "./services/demo.server";
import styles from "./styles/app.css";
import shellStyles from "./styles/shell.css";
import { useNonce } from "./utils/nonce";
import { readPreferences } from "./utils/preferences.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: shellStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Pages that do not name themselves get their title from here (route id → title).
const TITLES: Record<string, MessageKey> = {
  "routes/_index": "shell.title.home",
  "routes/organizer._index": "shell.title.organizer",
  "routes/applicant._index": "shell.title.applicant",
  "routes/sponsor._index": "shell.title.sponsor",
};

export const meta: MetaFunction = ({ matches }) => {
  const key = TITLES[matches[matches.length - 1]?.id ?? ""];
  return [{ title: key ? `${t(key)} · ${t("app.name")}` : t("app.name") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, site] = await Promise.all([getOptionalUser(request), loadSiteContact(getDb())]);
  const unread = user ? await countUnread(getDb(), user.id) : 0; // 站内信 badge
  const { elder, locale } = readPreferences(request);
  const demo = await demoAccountsPresent(getDb()); // 演示数据 banner (cached)
  return { user: user ? { id: user.id, role: user.role, displayName: user.display_name } : null, unread, site, elder, locale, demo };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const locale = data?.locale ?? "zh-CN";
  // In the browser `t()` follows the reader's choice; the server uses a request-scoped locale instead.
  if (typeof document !== "undefined") setPageLocale(locale);
  const nav = [...PUBLIC_NAV, ...(user ? ROLE_NAV[user.role] : [])];
  const location = useLocation();
  const menuToggle = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (menuToggle.current) menuToggle.current.checked = false; // a followed link closes the phone menu
  }, [location.pathname, location.search]);
  return (
    <html lang={locale} className={data?.elder ? "elder" : undefined} data-table-label={t("shell.table")}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        {data?.demo ? (
          <p className="demo-banner" role="note" data-testid="demo-banner">
            {t("demo.banner")}
          </p>
        ) : null}
        <header className="site-header">
          <input ref={menuToggle} type="checkbox" id="menu-toggle" className="menu-toggle" aria-controls="site-menu" />
          <div className="header-bar">
            <Link to="/" className="brand" aria-label={t("app.name")}>
              <span className="brand-full">{t("app.name")}</span>
              <span className="brand-short" aria-hidden="true">
                {t("app.shortName")}
              </span>
            </Link>
            <ElderModeSwitch elder={!!data?.elder} />
            <label htmlFor="menu-toggle" className="menu-button">
              {t("shell.menu")}
              {data?.unread ? <span className="menu-badge">{data.unread}</span> : null}
            </label>
          </div>
          <div className="site-menu" id="site-menu">
            <SiteNav items={nav} label={t("shell.mainNav")} />
            <div className="account">
              {user ? (
                <>
                  <Link to="/inbox" data-testid="inbox-link">
                    {data?.unread ? t("nav.inboxUnread", { count: data.unread }) : t("nav.inbox")}
                  </Link>
                  <span className="who" data-testid="current-user">
                    {user.displayName}（{t(`role.${user.role}`)}）
                  </span>
                  <Link to="/account/password">{t("nav.changePassword")}</Link>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </>
              ) : (
                <>
                  <Link to="/login">{t("nav.login")}</Link>
                  <Link to="/register">{t("nav.register")}</Link>
                </>
              )}
              <LanguageSwitch locale={locale} />
            </div>
          </div>
        </header>
        <main id="main">{children}</main>
        <SiteFooter site={data?.site ?? null} />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TABLE_CARDS_SCRIPT }} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let message = t("error.generic");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 403) message = t("error.forbidden");
    else if (status === 404) message = t("error.notFound");
    else if (status === 429) message = t("error.tooManyRequests");
    else if (typeof error.data === "string" && error.data && status < 500) message = error.data;
  }
  return (
    <section className="error-page" data-status={status}>
      <h1>{t("error.title")}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}
