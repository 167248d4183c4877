// The public archive (往届大赛): every published competition, newest first, with its stage, fund,
// funded projects and money paid, and links to its home, notices and transparency. Rehearsals never appear.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompetitionLinks, competitionPath } from "~/components/CompetitionHome";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { t } from "~/i18n";
import { listPublicCompetitions } from "~/services/competition-scope.server";

export const meta: MetaFunction = () => [{ title: `${t("multi.archive.title")} · ${t("app.name")}` }];

export async function loader(_: LoaderFunctionArgs) {
  return { competitions: await listPublicCompetitions(getDb(), new Date()) };
}

export default function Archive() {
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("multi.archive.title")}</h1>
      <p className="muted">{t("multi.archive.intro")}</p>
      {competitions.length === 0 ? <p>{t("home.noCompetition")}</p> : null}
      {competitions.map((c) => (
        <article key={c.id} className="card" data-testid="archive-entry">
          <h2>
            <Link to={competitionPath(c.slug)}>{c.name}</Link>
          </h2>
          <p className="muted">
            {t("multi.archive.year", { year: c.year })} · {t(`stage.${c.stage}` as "stage.registration")}
          </p>
          <p>
            {t("multi.archive.summary", { fund: formatYuan(c.fundFen), funded: c.funded, paid: formatYuan(c.paidFen) })}
          </p>
          <CompetitionLinks slug={c.slug} withHome={false} />
        </article>
      ))}
    </section>
  );
}
