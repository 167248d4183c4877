// The public home page: the competition, its fund, stages and dates, divisions and categories.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatYuan } from "~/domain/money";
import { publicTimeline, stageAt } from "~/domain/stages";
import { formatShanghai } from "~/domain/time";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { getFeaturedCompetition } from "~/services/competitions.server";
import { latestNotice } from "~/services/notices.server";

export async function loader(_: LoaderFunctionArgs) {
  const detail = await getFeaturedCompetition(getDb());
  if (!detail) return { competition: null };
  const { competition, divisions, categories } = detail;
  const now = new Date();
  const notice = await latestNotice(getDb(), competition.id);
  return {
    competition: {
      name: competition.name,
      summary: competition.summary,
      host: competition.host,
      operator: competition.operator,
      fundFen: divisions.reduce((sum, d) => sum + d.budget_fen, 0),
      registration: [competition.registration_opens_at, competition.registration_closes_at] as const,
      stage: stageAt(competition, now, !!notice && now.getTime() <= Date.parse(notice.period_ends_at)),
      timeline: publicTimeline(competition),
      divisions: divisions.map((d) => ({ code: d.code, name: d.name, budgetFen: d.budget_fen })),
      categories: categories.map((c) => c.name),
    },
  };
}

export default function Home() {
  const { competition } = useLoaderData<typeof loader>();
  if (!competition) return <p>{t("home.noCompetition")}</p>;
  const order = competition.timeline.map((s) => s.stage);
  const currentIndex = order.indexOf(competition.stage);
  return (
    <>
      <section className="card hero">
        <p className="muted">{t("home.heroTag")}</p>
        <h1>{competition.name}</h1>
        <p>{competition.summary}</p>
        <div className="grid">
          <div>
            <div className="muted">{t("home.fund")}</div>
            <div className="fund" data-testid="fund">
              {formatYuan(competition.fundFen)} {t("common.yuan")}
            </div>
          </div>
          <div>
            <div className="muted">{t("home.registration")}</div>
            <div data-testid="registration-window">
              {formatShanghai(competition.registration[0], false)} {t("common.to")}{" "}
              {formatShanghai(competition.registration[1], false)}
            </div>
            <div className="muted">{t("home.openTo")}</div>
          </div>
          <div>
            <div className="muted">{t("home.currentStage")}</div>
            <div data-testid="current-stage">{t(`stage.${competition.stage}`)}</div>
            {competition.stage === "registration" ? (
              <Link className="button" to="/applicant">
                {t("home.applyNow")}
              </Link>
            ) : null}
          </div>
        </div>
        <p className="muted">
          {t("home.host")}：{competition.host}　{t("home.operator")}：{competition.operator}
        </p>
      </section>

      <section className="card" data-testid="home-notices">
        <h2>{t("notice.homeSection")}</h2>
        <Link to="/notices">{t("notice.homeLink")}</Link>
      </section>

      <section className="card">
        <h2>{t("home.stages")}</h2>
        <ol className="stages">
          {competition.timeline.map((s, i) => (
            <li key={s.stage} className={i === currentIndex ? "current" : currentIndex > i || competition.stage === "closed" ? "done" : ""}>
              {t(`stage.${s.stage}`)}
              <span className="muted">
                　{formatShanghai(s.from, false)} – {formatShanghai(s.to, false)}
              </span>
            </li>
          ))}
        </ol>
      </section>

      <div className="grid">
        <section className="card">
          <h2>{t("home.divisions")}</h2>
          <ul className="tags" data-testid="divisions">
            {competition.divisions.map((d) => (
              <li key={d.code}>
                {d.name}　<span className="muted">{t("home.divisionBudget")} {formatYuan(d.budgetFen)} {t("common.yuan")}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h2>{t("home.categories")}</h2>
          <ul className="tags" data-testid="categories">
            {competition.categories.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
