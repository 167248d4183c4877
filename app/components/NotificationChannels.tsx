// The organizer's view of which notification channels run, and the per-competition event switches.
import { Form } from "@remix-run/react";
import { type MessageKey, t } from "~/i18n";

type State = "on" | "off" | "log";

export function ChannelStatusCard({ status }: { status: { email: State; sms: State } }) {
  const badge = (s: State) => <span className={`badge ${s === "on" ? "ok" : s === "log" ? "warn" : "bad"}`}>{s === "off" ? t("notify.organizer.off") : t("notify.organizer.on")}</span>;
  return (
    <section className="card" data-testid="channel-status">
      <h2>{t("notify.organizer.channels")}</h2>
      <ul>
        <li>
          {t("notify.organizer.channel.inapp")} <span className="badge ok">{t("notify.organizer.inappAlways")}</span>
        </li>
        <li data-testid="channel-email" data-state={status.email}>
          {t("notify.organizer.channel.email")} {badge(status.email)} {status.email === "off" ? <span className="muted">{t("notify.organizer.emailOff")}</span> : null}
        </li>
        <li data-testid="channel-sms" data-state={status.sms}>
          {t("notify.organizer.channel.sms")} {badge(status.sms)}{" "}
          {status.sms === "off" ? <span className="muted">{t("notify.organizer.smsOff")}</span> : status.sms === "log" ? <span className="muted">{t("notify.organizer.smsLog")}</span> : null}
        </li>
      </ul>
    </section>
  );
}

/** The switches of the competition the page's one staff picker shows. */
export function EventSwitchesForm(props: {
  competitionId: number | null;
  switches: Record<string, boolean> | null;
  saved: boolean;
}) {
  const { competitionId, switches, saved } = props;
  return (
    <section className="card">
      <h2>{t("notify.organizer.switches")}</h2>
      <p className="muted">{t("notify.organizer.switchesIntro")}</p>
      {switches && competitionId ? (
        <Form method="post" data-testid="switches-form">
          <input type="hidden" name="competitionId" value={competitionId} />
          {saved ? <p className="flash" role="status">{t("notify.organizer.switchesSaved")}</p> : null}
          <div className="grid">
            {Object.entries(switches).map(([event, on]) => (
              <label key={event}>
                <input type="checkbox" name="enabled" value={event} defaultChecked={on} /> {t(`notify.event.${event}` as MessageKey)}
              </label>
            ))}
          </div>
          <button type="submit" name="intent" value="switches">
            {t("notify.organizer.saveSwitches")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
