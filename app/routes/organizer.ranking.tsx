// The organizer's ranking page: per division, one page of the stored ranking with search, sort and an
// outcome filter; the computation behind a row (scores, drops, weights, tie-break, budget walk) and its
// award/reopen forms open on demand with ?explain=<proposalId>; selected rows can be confirmed at once.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatCenti } from "~/domain/scoring";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { confirmRequestedAwards, decideAward, loadSubmittedScores } from "~/services/ranking.server";
import { RANKING_OUTCOMES, RANKING_SORTS } from "~/domain/ranking-list";
import { ensureRankingSnapshot, loadRankingRows, loadRowExplanation } from "~/services/ranking-snapshot.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { reopenScore } from "~/services/scores.server";
import { addDiscordanceNote, loadDiscordanceNotes } from "~/services/discordance.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { parseListQuery } from "~/utils/list-query.server";
import { readForm } from "~/utils/request-body.server";
import { CompetitionPicker } from "~/components/PanelFields";
import { ListSearch, Pagination, queryString } from "~/components/ListControls";
import { OUTCOME_BADGE, RankingExplanation } from "~/components/RankingExplanation";
import { DivisionDrawCard } from "~/components/LotteryDraw";
import { ReliabilitySummary } from "~/components/ReliabilitySummary";

export const meta: MetaFunction = () => [{ title: `${t("panel.ranking.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  if (!competition) return { competitions, competition: null, snapshot: null };
  const { summary, computedAt } = await ensureRankingSnapshot(db, competition.id, new Date());
  const division = summary.divisions.find((d) => d.id === Number(url.searchParams.get("division"))) ?? summary.divisions[0] ?? null;
  const list = parseListQuery(url, { sorts: RANKING_SORTS, filters: { outcome: RANKING_OUTCOMES } });
  const { rows, total } = division
    ? await loadRankingRows(db, competition.id, { divisionId: division.id, page: list.page, pageSize: list.pageSize, q: list.q, sort: list.sort, outcome: list.filters.outcome as (typeof RANKING_OUTCOMES)[number] })
    : { rows: [], total: 0 };
  const explainId = Number(url.searchParams.get("explain")) || null;
  const explanation = explainId ? await loadRowExplanation(db, competition.id, explainId) : null;
  const scores = explanation ? await loadSubmittedScores(db, explanation.row.proposalId) : [];
  const note = explanation?.row.discordant ? ((await loadDiscordanceNotes(db, competition.id)).get(explanation.row.proposalId) ?? null) : null;
  return { competitions, competition, snapshot: { summary, computedAt, division, rows, total, list, explainId, explanation, scores, note } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const raw = formData.get("intent");
  const intent = raw === "reopen" ? ("reopen" as const) : raw === "bulk" ? ("bulk" as const) : raw === "note" ? ("note" as const) : ("award" as const);
  const input = formDataToObject(formData);
  const actor = { id: user.id, role: user.role };
  const db = getDb();
  if (intent === "bulk") {
    const ids = formData.getAll("selected").map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (ids.length === 0) return data({ ok: false as const, intent, proposalId: null, done: 0, fieldErrors: { _form: "scale.ranking.bulkNone" } }, { status: 400 });
    const result = await confirmRequestedAwards(db, actor, ids, input.reason, new Date());
    if (!result.ok) return data({ ok: false as const, intent, proposalId: null, done: result.done, fieldErrors: result.fieldErrors }, { status: result.status });
    return { ok: true as const, intent, proposalId: null, done: result.done, fieldErrors: {} as Record<string, string> };
  }
  const proposalId = Number(input.proposalId) || null;
  const result =
    intent === "reopen" ? await reopenScore(db, actor, input, new Date())
    : intent === "note" ? await addDiscordanceNote(db, actor, input, new Date())
    : await decideAward(db, actor, input, new Date());
  if (!result.ok) return data({ ok: false as const, intent, proposalId, done: 0, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, intent, proposalId, done: 0, fieldErrors: {} as Record<string, string> };
}

export default function OrganizerRanking() {
  const { competitions, competition, snapshot } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!competition || !snapshot) return <p>{t("panel.noCompetition")}</p>;
  const { summary, division, rows, total, list, explanation, explainId, scores, note } = snapshot;
  const review = summary.review;
  const discordant = new Set(summary.flags?.discordant ?? []);
  const belowMin = new Set(summary.flags?.belowMinExperts ?? []);
  const params = { competition: competition.id, division: division?.id, q: list.q, sort: list.sort === "rank" ? null : list.sort, outcome: list.filters.outcome === "all" ? null : list.filters.outcome, page: list.page === 1 ? null : list.page };
  const explainHref = (id: number) => queryString({ ...params, explain: id });
  const flash = result?.ok ? (result.intent === "bulk" ? t("scale.ranking.bulkDone", { count: result.done }) : t(result.intent === "reopen" ? "panel.reopen.saved" : result.intent === "note" ? "fair.note.saved" : "panel.award.saved")) : null;
  return (
    <section>
      <h1>{t("panel.ranking.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition.id} />
      <p className="muted">{t("panel.ranking.intro")}</p>
      <p>
        {t("panel.ranking.rules", { method: t(`panel.ranking.method.${review.aggregation}`), line: formatCenti(review.qualificationLineCenti), outlier: formatCenti(review.outlierDistanceCenti) })}
      </p>
      {review.normalisation ? (
        <p data-testid="fair-rules-line">
          {t("fair.ranking.rules", {
            method: t(`fair.settings.normalisation.${review.normalisation}`),
            min: review.normalisationMinScores,
            discordance: review.discordanceCenti ? formatCenti(review.discordanceCenti) : t("fair.ranking.discordanceOff"),
            minExperts: review.minExpertsPerProposal,
          })}
        </p>
      ) : null}
      {summary.reliability && summary.reliability.ratings > 0 ? <ReliabilitySummary figure={summary.reliability} competitionId={competition.id} /> : null}
      <p className="muted" data-testid="ranking-computed-at">{t("scale.ranking.computedAt", { at: formatShanghai(snapshot.computedAt) })}</p>
      {flash ? <p className="flash" role="status">{flash}</p> : null}
      {result && !result.ok && result.fieldErrors._form ? <p className="alert" role="alert">{tMaybe(result.fieldErrors._form)}</p> : null}
      {explainId && !explanation ? <p className="alert" role="alert">{t("scale.ranking.notFound")}</p> : null}
      {explanation ? (
        <>
          <p><Link to={queryString(params)}>{t("scale.ranking.backToList")}</Link></p>
          <RankingExplanation
            explanation={explanation}
            review={review}
            scores={scores}
            note={note}
            errors={result && !result.ok && result.proposalId === explanation.row.proposalId ? { intent: result.intent, fieldErrors: result.fieldErrors, values: "values" in result ? result.values : undefined } : undefined}
          />
        </>
      ) : null}
      <nav aria-label={t("panel.ranking.title")} className="no-print">
        {summary.divisions.map((d) => (
          <span key={d.id}>
            {d.id === division?.id ? <strong aria-current="page">{d.name}（{d.rows}）</strong> : <Link to={queryString({ competition: competition.id, division: d.id })}>{d.name}（{d.rows}）</Link>}{" "}
          </span>
        ))}
      </nav>
      {division ? (
        <section className="card" data-testid="ranking-division">
          <h2>{t("panel.ranking.division", { name: division.name, budget: formatYuan(division.budgetFen), granted: formatYuan(division.grantedFen), remaining: formatYuan(division.remainingFen) })}</h2>
          {division.grantsFen.length ? (
            <details className="explain">
              <summary>{t("panel.ranking.budgetExplain")}</summary>
              <p data-testid="budget-why">
                {t("panel.ranking.budgetFormula", { budget: formatYuan(division.budgetFen), grants: division.grantsFen.map((g) => formatYuan(g)).join(" − "), remaining: formatYuan(division.remainingFen) })}
              </p>
            </details>
          ) : null}
          {division.draw ? (
            <>
              <DivisionDrawCard division={division.name} draw={division.draw} />
              <p><Link to={`/organizer/lottery?competition=${competition.id}`}>{t("nav.organizerLottery")}</Link></p>
            </>
          ) : null}
          <ListSearch
            q={list.q}
            keep={{ competition: competition.id, division: division.id }}
            sort={{ value: list.sort, options: RANKING_SORTS.map((s) => ({ value: s, label: t(`scale.ranking.sort.${s}`) })) }}
            filters={[{ name: "outcome", label: t("panel.ranking.funded"), value: list.filters.outcome, options: RANKING_OUTCOMES.map((o) => ({ value: o, label: o === "all" ? t("scale.list.all") : t(`panel.ranking.outcome.${o}`) })) }]}
          />
          {rows.length === 0 ? <p>{total === 0 && !list.q && list.filters.outcome === "all" ? t("panel.ranking.empty") : t("scale.list.none")}</p> : null}
          {rows.length ? (
            <Form method="post" id="ranking-bulk">
              <TableWrap>
                <table>
                  <thead>
                    <tr>
                      <th><span className="visually-hidden">{t("scale.list.selectedCount")}</span></th>
                      <th>{t("panel.ranking.rank")}</th>
                      <th>{t("panel.ranking.project")}</th>
                      <th className="num">{t("panel.ranking.finalScore")}</th>
                      <th className="num">{t("panel.ranking.requested")}</th>
                      <th className="num">{t("panel.ranking.approved")}</th>
                      <th>{t("panel.ranking.funded")}</th>
                      <th>{t("panel.ranking.flags")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.proposal_id} data-testid="ranking-row" data-proposal-id={row.proposal_id}>
                        <td><input type="checkbox" name="selected" value={row.proposal_id} aria-label={t("scale.list.selectRow", { name: row.title })} /></td>
                        <td data-testid="rank">{row.rank ?? t("panel.ranking.unranked")}</td>
                        <td>
                          <Link to={explainHref(row.proposal_id)}>{row.title}</Link>
                          <div className="muted">{row.organization_name}</div>
                        </td>
                        <td className="num"><Link to={explainHref(row.proposal_id)}><span data-testid="final-score">{row.final_centi === null ? "—" : formatCenti(row.final_centi)}</span></Link></td>
                        <td className="num" data-testid="requested">{formatYuan(row.requested_fen)}</td>
                        <td className="num" data-testid="approved">{formatYuan(row.approved_fen)}</td>
                        <td><span className={OUTCOME_BADGE[row.outcome as keyof typeof OUTCOME_BADGE]} data-testid="outcome" data-outcome={row.outcome}>{t(`panel.ranking.outcome.${row.outcome as "funded"}`)}</span></td>
                        <td>
                          {row.outlier_count > 0 ? <span className="badge warn" data-testid="outlier-flag">{t("panel.ranking.outlier", { count: row.outlier_count })}</span> : null}
                          {discordant.has(row.proposal_id) ? <span className="badge bad" data-testid="discordant-flag">{t("fair.ranking.discordantFlag")}</span> : null}
                          {belowMin.has(row.proposal_id) ? <span className="badge warn" data-testid="below-min-flag">{t("fair.ranking.belowMinFlag")}</span> : null}
                          {row.outlier_count === 0 && !discordant.has(row.proposal_id) && !belowMin.has(row.proposal_id) ? <span className="muted">{t("panel.ranking.noOutlier")}</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <fieldset className="no-print">
                <legend>{t("scale.list.selectedCount")}</legend>
                <label htmlFor="bulk-reason">{t("panel.reason")}</label>{" "}
                <input id="bulk-reason" name="reason" maxLength={500} />{" "}
                <button type="submit" name="intent" value="bulk" className="secondary">{t("scale.ranking.bulkConfirm")}</button>
              </fieldset>
            </Form>
          ) : null}
          <Pagination page={list.page} pageSize={list.pageSize} total={total} params={params} />
        </section>
      ) : null}
    </section>
  );
}
