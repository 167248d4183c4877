// The organizer's home page (工作台) for the competition shown: its stage, the next deadline, what is
// waiting (each count links to the page where the work is done), then every page grouped by stage.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompetitionPicker, staffHref } from "~/components/CompetitionPicker";
import { ROLE_NAV, groupNav } from "~/components/nav";
import { getDb } from "~/db.server";
import { TODO_KINDS, TODO_PATHS } from "~/domain/organizer-todos";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { DATE_LABELS } from "~/schemas/competition";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { loadOrganizerHome } from "~/services/organizer-home.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const now = new Date();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url), now);
  const home = competition ? await loadOrganizerHome(db, competition.id, now) : null;
  return { displayName: user.display_name, competitions, competition, home };
}

export default function OrganizerHome() {
  const { displayName, competitions, competition, home } = useLoaderData<typeof loader>();
  const groups = groupNav(ROLE_NAV.organizer.slice(1));
  const href = (path: string) => (competition ? staffHref(path, competition) : path);
  return (
    <section data-testid="home-organizer">
      <h1>{t("dashboard.welcome", { name: displayName })}</h1>
      <p className="muted">
        {t("role.organizer")} · {t("dashboard.organizerIntro")}
      </p>
      <CompetitionPicker competitions={competitions} current={competition} />
      {!competition || !home ? (
        <p className="card">
          {t("shell.home.noCompetition")} <Link to="/organizer/competitions/new">{t("shell.home.newCompetition")}</Link>
        </p>
      ) : (
        <>
          <section className="card" data-testid="organizer-stage">
            <h2>{competition.name}</h2>
            <dl className="facts">
              <dt>{t("shell.home.stage")}</dt>
              <dd data-testid="organizer-stage-name">{home.stage ? t(`stage.${home.stage}`) : t("shell.home.draft")}</dd>
              <dt>{t("shell.home.next")}</dt>
              <dd data-testid="organizer-next-deadline">
                {home.next
                  ? `${home.next.field === "notice_period_ends_at" ? t("shell.home.noticePeriodEnds") : t(DATE_LABELS[home.next.field])}：${formatShanghai(home.next.at)}`
                  : t("shell.home.noNext")}
              </dd>
            </dl>
            {home.status === "draft" ? (
              <p>
                {t("shell.home.publishHint")} <Link to={`/organizer/competitions/${competition.id}`}>{t("shell.home.openSettings")}</Link>
              </p>
            ) : null}
          </section>
          <section className="card">
            <h2>{t("shell.home.todo")}</h2>
            {TODO_KINDS.every((k) => home.todos[k] === 0) ? <p className="muted">{t("shell.home.todoNone")}</p> : null}
            <ul className="todo-list" data-testid="organizer-todos">
              {TODO_KINDS.map((kind) => (
                <li key={kind} data-todo={kind} className={home.todos[kind] > 0 ? "todo-open" : "todo-done"}>
                  <Link to={href(TODO_PATHS[kind])}>
                    <span className="todo-count" data-testid={`todo-${kind}`}>
                      {home.todos[kind]}
                    </span>{" "}
                    {t(`shell.todo.${kind}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <section className="card">
        <h2>{t("shell.home.allPages")}</h2>
        <div className="stage-groups">
          {groups.map((g) => (
            <div key={g.group ?? g.items[0].to}>
              {g.group ? <h3>{t(g.group)}</h3> : null}
              <ul>
                {g.items.map((item) => (
                  <li key={item.to}>
                    <Link to={href(item.to)}>{t(item.label)}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </section>
  );
}
