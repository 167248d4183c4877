// 站内信: every role's own messages, newest first, with read/unread and a link to the thing each is about.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { listInbox, markAllRead, markRead, markUnread } from "~/services/notifications/inbox.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("notify.inbox.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const page = Number(url.searchParams.get("page")) || 1;
  return listInbox(getDb(), user.id, { unreadOnly: url.searchParams.get("filter") === "unread", page });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const raw = String(form.get("id") ?? "");
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  const db = getDb();
  const back = new URL(request.url);
  if (intent === "readAll") {
    await markAllRead(db, user.id, new Date());
    return redirect(back.pathname + back.search);
  }
  if (intent === "unread") {
    if (!(await markUnread(db, user.id, id))) throw new Response(t("error.notFound"), { status: 404 });
    return redirect(back.pathname + back.search);
  }
  const result = await markRead(db, user.id, id, new Date());
  if (!result.found) throw new Response(t("error.notFound"), { status: 404 });
  // "open" reads the message and follows its link; "read" stays on the inbox
  return redirect(intent === "open" && result.link ? result.link : back.pathname + back.search);
}

export default function Inbox() {
  const { messages, page, hasMore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const unreadOnly = params.get("filter") === "unread";
  return (
    <section className="card">
      <h1>{t("notify.inbox.title")}</h1>
      <div className="actions">
        <Link to="/inbox">{t("notify.inbox.filterAll")}</Link>
        <Link to="/inbox?filter=unread">{t("notify.inbox.filterUnread")}</Link>
        <Link to="/inbox/settings">{t("notify.inbox.settings")}</Link>
        <Form method="post">
          <button type="submit" name="intent" value="readAll">
            {t("notify.inbox.markAllRead")}
          </button>
        </Form>
      </div>
      {messages.length === 0 ? <p className="muted">{t("notify.inbox.empty")}</p> : null}
      <ul className="inbox-list">
        {messages.map((m) => (
          <li key={m.id} data-testid={`message-${m.id}`} data-event={m.event} className={m.readAt ? "read" : "unread"}>
            <h2>
              {m.readAt ? null : <span className="badge warn">{t("notify.inbox.unread")}</span>} {m.title}
            </h2>
            <p>{m.body}</p>
            <p className="muted">{formatShanghai(m.createdAt)}</p>
            <Form method="post" className="actions">
              <input type="hidden" name="id" value={m.id} />
              {m.link ? (
                <button type="submit" name="intent" value="open">
                  {t("notify.inbox.open")}
                </button>
              ) : null}
              {m.readAt ? (
                <button type="submit" name="intent" value="unread" className="link-button">
                  {t("notify.inbox.unread")}
                </button>
              ) : (
                <button type="submit" name="intent" value="read" className="link-button">
                  {t("notify.inbox.markRead")}
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
      <div className="actions">
        {page > 1 ? <Link to={`?${new URLSearchParams({ ...(unreadOnly ? { filter: "unread" } : {}), page: String(page - 1) })}`}>←</Link> : null}
        {hasMore ? <Link to={`?${new URLSearchParams({ ...(unreadOnly ? { filter: "unread" } : {}), page: String(page + 1) })}`}>→</Link> : null}
      </div>
    </section>
  );
}
