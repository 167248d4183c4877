// 消息通知 (organizer): which channels are on, the per-competition event switches, and the delivery log.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DeliveryLogTable } from "~/components/DeliveryLog";
import { ChannelStatusCard, EventSwitchesForm } from "~/components/NotificationChannels";
import { getDb } from "~/db.server";
import { type MessageKey, t } from "~/i18n";
import { CompetitionPicker, staffHref } from "~/components/CompetitionPicker";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { channelStatus } from "~/services/notifications/channels.server";
import { listDeliveryLog, loadSwitches, saveSwitches } from "~/services/notifications/delivery-log.server";
import { NOTIFY_EVENTS } from "~/services/notifications/events.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("notify.organizer.title")} · ${t("app.name")}` }];

const idParam = (raw: string | null) => (raw && /^\d{1,12}$/.test(raw) ? Number(raw) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const competitionId = competition?.id ?? null;
  const [switches, log] = await Promise.all([
    competitionId ? loadSwitches(db, competitionId) : null,
    listDeliveryLog(db, { page: idParam(url.searchParams.get("page")) ?? 1, status: url.searchParams.get("status") ?? undefined, event: url.searchParams.get("event") ?? undefined }),
  ]);
  return { status: channelStatus(), competitions, competition, competitionId, switches, log, events: NOTIFY_EVENTS };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const form = await readForm(request);
  const competitionId = idParam(String(form.get("competitionId") ?? ""));
  if (!competitionId) throw new Response(t("error.notFound"), { status: 404 });
  const enabled = new Set(form.getAll("enabled").map(String));
  const db = getDb();
  const result = await saveSwitches(db, { id: user.id, role: user.role }, competitionId, enabled, new Date());
  if (!result.ok) throw new Response(t(result.status === 403 ? "error.forbidden" : "error.notFound"), { status: result.status });
  const saved = await db.selectFrom("competitions").select("slug").where("id", "=", competitionId).executeTakeFirstOrThrow();
  return redirect(`${staffHref("/organizer/notifications", saved)}&saved=1`);
}

export default function OrganizerNotifications() {
  const { status, competitions, competition, competitionId, switches, log, events } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page) })}`;
  return (
    <>
      <h1>{t("notify.organizer.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <ChannelStatusCard status={status} />
      <EventSwitchesForm competitionId={competitionId} switches={switches} saved={params.get("saved") === "1"} />
      <section className="card">
        <h2>{t("notify.organizer.log")}</h2>
        <Form method="get" className="actions">
          {competition ? <input type="hidden" name="competition" value={competition.slug} /> : null}
          <select name="status" defaultValue={params.get("status") ?? ""} aria-label={t("notify.organizer.status")}>
            <option value="">{t("notify.inbox.filterAll")}</option>
            {(["queued", "sending", "sent", "failed"] as const).map((s) => (
              <option key={s} value={s}>{t(`notify.status.${s}`)}</option>
            ))}
          </select>
          <select name="event" defaultValue={params.get("event") ?? ""} aria-label={t("notify.organizer.event")}>
            <option value="">{t("notify.inbox.filterAll")}</option>
            {events.map((e) => (
              <option key={e} value={e}>{t(`notify.event.${e}` as MessageKey)}</option>
            ))}
          </select>
          <button type="submit">→</button>
        </Form>
        <DeliveryLogTable rows={log.rows} />
        <div className="actions">
          {log.page > 1 ? <Link to={pageLink(log.page - 1)}>←</Link> : null}
          {log.hasMore ? <Link to={pageLink(log.page + 1)}>→</Link> : null}
        </div>
      </section>
    </>
  );
}
