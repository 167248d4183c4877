// The document shell: header with role navigation, main content, and the error page.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { PUBLIC_NAV, ROLE_NAV } from "./components/nav";
import { t } from "./i18n";
import { getOptionalUser } from "./services/auth.server";
import { getDb } from "./db.server";
import { countUnread } from "./services/notifications/inbox.server";
import styles from "./styles/app.css";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: t("app.name") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const unread = user ? await countUnread(getDb(), user.id) : 0; // 站内信 badge
  return { user: user ? { id: user.id, role: user.role, displayName: user.display_name } : null, unread };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nav = [...PUBLIC_NAV, ...(user ? ROLE_NAV[user.role] : [])];
  return (
    <html lang="zh-CN">
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
        <header className="site-header">
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          <nav aria-label="主导航">
            {nav.map((item) => (
              <NavLink key={item.to} to={item.to} end>
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
          <div className="account">
            {user ? (
              <>
                <Link to="/inbox" data-testid="inbox-link">
                  {data?.unread ? t("nav.inboxUnread", { count: data.unread }) : t("nav.inbox")}
                </Link>
                <span className="who" data-testid="current-user">
                  {user.displayName}（{t(`role.${user.role}`)}）
                </span>
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
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">{t("app.name")}</footer>
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
