// A competition's public home: its fund, stages and dates, divisions and categories, and the way to
// its notices and money. `/` shows the current competition; `/competitions/:slug` any published one.
import { Link } from "@remix-run/react";
import { formatYuan } from "../domain/money";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { RehearsalBanner } from "./CompetitionPicker";

type Home = {
  slug: string; name: string; summary: string; host: string; operator: string; fundFen: number; isRehearsal: number;
  registration: readonly [string, string]; stage: string; timeline: { stage: string; from: string; to: string }[];
  divisions: { code: string; name: string; budgetFen: number }[]; categories: string[];
};

export const competitionPath = (slug: string, rest = "") => `/competitions/${encodeURIComponent(slug)}${rest}`;

/** Links to a competition's own pages: its home, notices and money (results). */
export function CompetitionLinks({ slug, withHome = true, rehearsal = false }: { slug: string; withHome?: boolean; rehearsal?: boolean }) {
  return (
    <nav className="actions competition-links" aria-label={t("multi.links.label")}>
      {withHome ? <Link to={competitionPath(slug)}>{t("multi.links.home")}</Link> : null}
      <Link to={competitionPath(slug, "/notices")}>{t("multi.links.notices")}</Link>
      <Link to={competitionPath(slug, "/timeline")}>{t("rules.timeline.link")}</Link>
      {rehearsal ? null : <Link to={competitionPath(slug, "/transparency")}>{t("multi.links.transparency")}</Link>}
    </nav>
  );
}

/** "Other competitions": the archive's entries a current-competition page links to. */
export function OtherCompetitions({ others, section = "" }: { others: { slug: string; name: string }[]; section?: "" | "/notices" | "/transparency" }) {
  return (
    <section className="card no-print" data-testid="other-competitions">
      <h2>{t("multi.others.title")}</h2>
      {others.length ? (
        <ul>
          {others.map((c) => (
            <li key={c.slug}>
              <Link to={competitionPath(c.slug, section)}>{c.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("multi.others.none")}</p>
      )}
      <Link to="/competitions">{t("multi.archive.link")}</Link>
    </section>
  );
}

export function CompetitionHome({ competition }: { competition: Home }) {
  const order = competition.timeline.map((s) => s.stage);
  const currentIndex = order.indexOf(competition.stage);
  return (
    <div className={competition.isRehearsal ? "rehearsal" : undefined}>
      <RehearsalBanner competition={{ is_rehearsal: competition.isRehearsal }} />
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
              {formatShanghai(competition.registration[0], false)} {t("common.to")} {formatShanghai(competition.registration[1], false)}
            </div>
            <div className="muted">{t("home.openTo")}</div>
          </div>
          <div>
            <div className="muted">{t("home.currentStage")}</div>
            <div data-testid="current-stage">{t(`stage.${competition.stage}` as "stage.registration")}</div>
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
        <CompetitionLinks slug={competition.slug} withHome={false} rehearsal={!!competition.isRehearsal} />
      </section>

      <section className="card">
        <h2>{t("home.stages")}</h2>
        <ol className="stages">
          {competition.timeline.map((s, i) => (
            <li key={s.stage} className={i === currentIndex ? "current" : currentIndex > i || competition.stage === "closed" ? "done" : ""}>
              {t(`stage.${s.stage}` as "stage.registration")}
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
    </div>
  );
}
