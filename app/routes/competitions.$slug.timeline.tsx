// A competition's public timeline: the stages with their dates, and every change of a date since
// publication with its reason and time (issue 11: dates that cannot rewrite history).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionLinks } from "~/components/CompetitionHome";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t } from "~/i18n";
import { DATE_LABELS, type DateField } from "~/schemas/competition";
import { competitionBySlug } from "~/services/competition-scope.server";
import { loadCompetitionTimeline } from "~/services/competitions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t("rules.timeline.title")} · ${data?.timeline.name ?? ""} · ${t("app.name")}` }];


export async function loader({ params }: LoaderFunctionArgs) {
  const competition = await competitionBySlug(getDb(), params.slug);
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { timeline: await loadCompetitionTimeline(getDb(), competition) };
}

export default function CompetitionTimeline() {
  const { timeline } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{timeline.name} · {t("rules.timeline.title")}</h1>
      <CompetitionLinks slug={timeline.slug} />
      <h2>{t("rules.timeline.stages")}</h2>
      <ol className="timeline">
        {timeline.timeline.map((s) => (
          <li key={s.stage}>
            <strong>{t(`stage.${s.stage}` as MessageKey)}</strong> {formatShanghai(s.from)} – {formatShanghai(s.to)}
          </li>
        ))}
      </ol>
      <h2>{t("rules.timeline.changes")}</h2>
      {timeline.changes.length === 0 ? <p>{t("rules.timeline.noChanges")}</p> : null}
      <ul data-testid="date-changes">
        {timeline.changes.map((c) => (
          <li key={c.id}>
            {t("rules.timeline.change", {
              at: formatShanghai(c.at),
              field: c.field in DATE_LABELS ? t(DATE_LABELS[c.field as DateField]) : c.field,
              from: formatShanghai(c.from),
              to: formatShanghai(c.to),
            })}
            <div className="muted">{t("rules.timeline.reason", { reason: c.reason })}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
