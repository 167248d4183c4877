// The organizer's ranking page: per division the ranked list with every number expandable to its
// computation (scores, drops, weights, tie-break, budget walk), the award decision and score reopening.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { fenToYuanInput, formatYuan } from "~/domain/money";
import { type Fraction, formatCenti } from "~/domain/scoring";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { awardDecisionSchema, reopenScoreSchema } from "~/schemas/review";
import { loadAssignmentBoard } from "~/services/assignments.server";
import { requireUser } from "~/services/auth.server";
import { decideAward, loadRanking, type RankedProposal } from "~/services/ranking.server";
import { pickCompetition } from "~/services/review-common.server";
import { reopenScore } from "~/services/scores.server";
import { formDataToObject } from "~/utils/forms";
import { ErrorText, ReasonField, CompetitionPicker } from "~/components/PanelFields";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("panel.ranking.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const db = getDb();
  const wanted = Number(new URL(request.url).searchParams.get("competition")) || null;
  const { competitions, competition } = await pickCompetition(db, wanted);
  if (!competition) return { competitions, competition: null, ranking: null, submittedScores: {} };
  const [ranking, board] = await Promise.all([loadRanking(db, competition.id), loadAssignmentBoard(db, competition.id)]);
  // submitted scores per proposal, so the organizer can reopen one
  const submittedScores: Record<number, { scoreId: number; round: string; expertName: string; totalCenti: number }[]> = {};
  for (const p of board.proposals) {
    submittedScores[p.id] = p.rounds.flatMap((r) =>
      r.assignments
        .filter((a) => a.active && a.score_status === "submitted" && a.score_id !== null)
        .map((a) => ({ scoreId: a.score_id!, round: a.round, expertName: a.expert_name, totalCenti: a.total_centi ?? 0 })),
    );
  }
  return { competitions, competition, ranking, submittedScores };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const intent = formData.get("intent") === "reopen" ? ("reopen" as const) : ("award" as const);
  const input = formDataToObject(formData);
  const proposalId = Number(input.proposalId) || null;
  const actor = { id: user.id, role: user.role };
  const result = intent === "reopen" ? await reopenScore(getDb(), actor, input, new Date()) : await decideAward(getDb(), actor, input, new Date());
  if (!result.ok) return data({ ok: false as const, intent, proposalId, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ok: true as const, intent, proposalId, fieldErrors: {} as Record<string, string> };
}

/** An exact fraction of centipoints as points: up to 4 decimals, "…" when the decimal goes on. */
function formatExact(f: Fraction): string {
  const den = f.den * 100;
  let rem = f.num % den;
  let digits = "";
  for (let i = 0; i < 4; i++) {
    rem *= 10;
    digits += String(Math.floor(rem / den));
    rem %= den;
  }
  digits = digits.replace(/0+$/, "").padEnd(2, "0");
  return `${Math.floor(f.num / den)}.${digits}${rem !== 0 ? "…" : ""}`;
}

const OUTCOME_BADGE = { funded: "badge ok", partial: "badge ok", belowLine: "badge bad", doesNotFit: "badge warn", unscored: "badge" } as const;

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = RankedProposal;

export default function OrganizerRanking() {
  const { competitions, competition, ranking, submittedScores } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!competition || !ranking) return <p>{t("panel.noCompetition")}</p>;
  const review = ranking.rules.review;
  const outlierTotal = (r: Row) => r.rounds.reduce((s, x) => s + (x.aggregate?.outliers.length ?? 0), 0);
  return (
    <section>
      <h1>{t("panel.ranking.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition.id} />
      <p className="muted">{t("panel.ranking.intro")}</p>
      <p>
        {t("panel.ranking.rules", {
          method: t(`panel.ranking.method.${review.aggregation}`),
          line: formatCenti(review.qualificationLineCenti),
          outlier: formatCenti(review.outlierDistanceCenti),
        })}
      </p>
      {result?.ok ? (
        <p className="flash" role="status">
          {t(result.intent === "reopen" ? "panel.reopen.saved" : "panel.award.saved")}
        </p>
      ) : null}
      {result && !result.ok && result.fieldErrors._form ? (
        <p className="alert" role="alert">
          {tMaybe(result.fieldErrors._form)}
        </p>
      ) : null}
      {ranking.divisions.map((d) => (
        <section key={d.division.id} className="card" data-testid="ranking-division">
          <h2>
            {t("panel.ranking.division", {
              name: d.division.name,
              budget: formatYuan(d.division.budgetFen),
              granted: formatYuan(d.grantedFen),
              remaining: formatYuan(d.remainingFen),
            })}
          </h2>
          {d.rows.some((r) => r.selection.grantFen > 0) ? (
            <details className="explain">
              <summary>{t("panel.ranking.budgetExplain")}</summary>
              <p data-testid="budget-why">
                {t("panel.ranking.budgetFormula", {
                  budget: formatYuan(d.division.budgetFen),
                  grants: d.rows.filter((r) => r.selection.grantFen > 0).map((r) => formatYuan(r.selection.grantFen)).join(" − "),
                  remaining: formatYuan(d.remainingFen),
                })}
              </p>
            </details>
          ) : null}
          {d.rows.length === 0 ? <p>{t("panel.ranking.empty")}</p> : null}
          {d.rows.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("panel.ranking.rank")}</th>
                    <th>{t("panel.ranking.project")}</th>
                    <th className="num">{t("panel.ranking.finalScore")}</th>
                    <th className="num">{t("panel.ranking.requested")}</th>
                    <th className="num">{t("panel.ranking.approved")}</th>
                    <th>{t("panel.ranking.funded")}</th>
                    <th>{t("panel.ranking.flags")}</th>
                    <th>{t("panel.ranking.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((row, i) => (
                    <tr key={row.proposalId} data-testid="ranking-row" data-proposal-id={row.proposalId}>
                      <td>
                        <RankCell row={row} previous={i > 0 ? d.rows[i - 1] : null} firstName={row.firstCriterion.name} />
                      </td>
                      <td>
                        {row.title}
                        <div className="muted">{row.organizationName}</div>
                      </td>
                      <td className="num">
                        <ScoreCell row={row} expertNames={ranking.expertNames} outlierDistance={review.outlierDistanceCenti} trimMinScores={review.trimMinScores} />
                      </td>
                      <td className="num">
                        <details className="explain">
                          <summary data-testid="requested">{formatYuan(row.requestedFen)}</summary>
                          <p className="muted">{t("panel.ranking.requestedWhy")}</p>
                        </details>
                      </td>
                      <td className="num">
                        <details className="explain">
                          <summary data-testid="approved">{formatYuan(row.award?.approvedFen ?? row.requestedFen)}</summary>
                          <p className="muted">
                            {row.award && row.award.approvedFen !== row.requestedFen
                              ? t("panel.ranking.approvedLower", {
                                  at: formatShanghai(row.award.decidedAt),
                                  amount: formatYuan(row.award.approvedFen),
                                  reason: row.award.reason,
                                })
                              : t("panel.ranking.approvedSame")}
                          </p>
                        </details>
                      </td>
                      <td>
                        <SelectionCell row={row} lineCenti={review.qualificationLineCenti} />
                      </td>
                      <td>
                        {outlierTotal(row) > 0 ? (
                          <details className="explain">
                            <summary>
                              <span className="badge warn" data-testid="outlier-flag">
                                {t("panel.ranking.outlier", { count: outlierTotal(row) })}
                              </span>
                            </summary>
                            <p className="muted">{t("panel.ranking.outlierWhy", { distance: formatCenti(review.outlierDistanceCenti) })}</p>
                            <ul>
                              {row.rounds.flatMap((r) =>
                                (r.aggregate?.outliers ?? []).map((o) => (
                                  <li key={`${r.round}-${o.expertId}`}>
                                    {t(`panel.round.${r.round}`)} · {t("panel.ranking.expertScore", { name: ranking.expertNames[o.expertId] ?? `#${o.expertId}`, score: formatCenti(o.totalCenti) })}
                                    {r.aggregate ? ` · ${t("panel.ranking.outlierMean", { mean: formatExact(r.aggregate.panelMean) })}` : null}
                                  </li>
                                )),
                              )}
                            </ul>
                          </details>
                        ) : (
                          <span className="muted">{t("panel.ranking.noOutlier")}</span>
                        )}
                      </td>
                      <td>
                        <RowActions row={row} scores={submittedScores[row.proposalId] ?? []} result={result} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ))}
    </section>
  );
}

function ScoreCell(props: { row: Row; expertNames: Record<number, string>; outlierDistance: number; trimMinScores: number }) {
  const { row, expertNames, outlierDistance, trimMinScores } = props;
  const name = (id: number) => expertNames[id] ?? `#${id}`;
  const roundLabel = (round: string) => t(`panel.round.${round as "desk"}`);
  return (
    <details className="explain" data-testid="score-explain">
      <summary>
        <span data-testid="final-score">{row.finalCenti === null ? "—" : formatCenti(row.finalCenti)}</span>
      </summary>
      <div className="stack" style={{ textAlign: "left" }}>
        {row.rounds.map((r) => {
          const agg = r.aggregate;
          return (
            <div key={r.round} data-testid={`round-${r.round}`}>
              <strong>{t("panel.ranking.roundLine", { round: roundLabel(r.round), weight: r.weightPercent, submitted: r.submitted, assigned: r.assigned })}</strong>
              {!r.complete ? <div className="muted">{t("panel.ranking.roundIncomplete")}</div> : null}
              {agg ? (
                <>
                  <div className="muted">{t(`panel.ranking.method.${agg.method}`, { min: trimMinScores })}</div>
                  <ul>
                    {agg.scores.map((s) => {
                      const dropped = agg.dropped.some((x) => x.expertId === s.expertId);
                      const outlier = agg.outliers.some((x) => x.expertId === s.expertId);
                      return (
                        <li key={s.expertId} data-testid="expert-score">
                          {dropped ? <s>{t("panel.ranking.expertScore", { name: name(s.expertId), score: formatCenti(s.totalCenti) })}</s> : t("panel.ranking.expertScore", { name: name(s.expertId), score: formatCenti(s.totalCenti) })}
                          {dropped ? t("panel.ranking.dropped") : null}
                          {outlier ? (
                            <span className="badge warn">
                              {t("panel.ranking.outlierMark", { mean: formatExact(agg.panelMean), distance: formatCenti(outlierDistance) })}
                            </span>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                  <div data-testid="round-value">
                    {agg.method === "median"
                      ? t("panel.ranking.medianValue", { exact: formatExact(agg.value) })
                      : t("panel.ranking.roundValue", {
                          formula: `(${agg.kept.map((k) => formatCenti(k.totalCenti)).join(" + ")}) ÷ ${agg.kept.length}`,
                          exact: formatExact(agg.value),
                        })}
                  </div>
                </>
              ) : (
                <div className="muted">{t("panel.ranking.roundNoScores")}</div>
              )}
            </div>
          );
        })}
        {row.composite ? (
          <div data-testid="composite">
            {row.composite.terms.length > 1
              ? t("panel.ranking.composite", {
                  formula: row.composite.terms.map((term) => `${formatExact(term.value)} × ${term.weightPercent}%`).join(" + "),
                  exact: formatExact(row.composite.value),
                  rounded: formatCenti(row.composite.roundedCenti),
                })
              : t("panel.ranking.compositeOneRound", { exact: formatExact(row.composite.value), rounded: formatCenti(row.composite.roundedCenti) })}
          </div>
        ) : null}
        <div className="muted">{t("panel.ranking.roundingNote")}</div>
      </div>
    </details>
  );
}

function RankCell({ row, previous, firstName }: { row: Row; previous: Row | null; firstName: string }) {
  const score = (c: number | null) => (c === null ? "—" : formatCenti(c));
  const firstOf = (r: Row) => r.firstCriterion.aggregate?.roundedCenti ?? null;
  let why: string;
  if (row.rank === null) why = t("panel.ranking.unrankedWhy");
  else if (!previous || row.decidedBy === null) why = t("panel.ranking.tie.first");
  else {
    const by = row.decidedBy;
    const pair =
      by === "final" ? [score(previous.finalCenti), score(row.finalCenti)]
      : by === "live" ? [score(previous.liveCenti), score(row.liveCenti)]
      : by === "firstCriterion" ? [score(firstOf(previous)), score(firstOf(row))]
      : by === "requested" ? [formatYuan(previous.requestedFen), formatYuan(row.requestedFen)]
      : by === "submittedAt" ? [previous.firstSubmittedAt ? formatShanghai(previous.firstSubmittedAt) : "—", row.firstSubmittedAt ? formatShanghai(row.firstSubmittedAt) : "—"]
      : ["", ""];
    why = t(`panel.ranking.tie.${by}`, { prev: pair[0], mine: pair[1], name: firstName });
  }
  return (
    <details className="explain">
      <summary data-testid="rank">{row.rank ?? t("panel.ranking.unranked")}</summary>
      <p data-testid="rank-why">{why}</p>
      <p className="muted">
        {t("panel.ranking.tie.values", {
          live: score(row.liveCenti),
          first: score(firstOf(row)),
          requested: formatYuan(row.requestedFen),
          submitted: row.firstSubmittedAt ? formatShanghai(row.firstSubmittedAt) : "—",
        })}
      </p>
    </details>
  );
}

function SelectionCell({ row, lineCenti }: { row: Row; lineCenti: number }) {
  const s = row.selection;
  const amount = row.award?.approvedFen ?? row.requestedFen;
  const params = {
    before: formatYuan(s.remainingBeforeFen),
    after: formatYuan(s.remainingAfterFen),
    grant: formatYuan(s.grantFen),
    amount: formatYuan(amount),
    score: row.finalCenti === null ? "—" : formatCenti(row.finalCenti),
    line: formatCenti(lineCenti),
  };
  return (
    <details className="explain">
      <summary>
        <span className={OUTCOME_BADGE[s.outcome]} data-testid="outcome" data-outcome={s.outcome}>
          {t(`panel.ranking.outcome.${s.outcome}`)}
        </span>
      </summary>
      <p data-testid="outcome-why">{t(`panel.ranking.why.${s.outcome}`, params)}</p>
    </details>
  );
}

type ActionResult = ReturnType<typeof useActionData<typeof action>>;

function RowActions({ row, scores, result }: { row: Row; scores: { scoreId: number; round: string; expertName: string; totalCenti: number }[]; result: ActionResult }) {
  const mine = result && result.proposalId === row.proposalId ? result : undefined;
  const hasErrors = !!mine && !mine.ok;
  return (
    <details className="explain" open={hasErrors}>
      <summary>{t("panel.ranking.actions")}</summary>
      <AwardForm row={row} serverErrors={mine && !mine.ok && mine.intent === "award" ? mine.fieldErrors : undefined} />
      <ReopenForm row={row} scores={scores} serverErrors={mine && !mine.ok && mine.intent === "reopen" ? mine.fieldErrors : undefined} />
    </details>
  );
}

function AwardForm({ row, serverErrors }: { row: Row; serverErrors?: Record<string, string> }) {
  const busy = useNavigation().state !== "idle";
  const { register, errorFor, onSubmit } = useValidatedForm(awardDecisionSchema, {
    serverErrors,
    defaultValues: { proposalId: String(row.proposalId), approvedYuan: fenToYuanInput(row.award?.approvedFen ?? row.requestedFen), reason: "" },
  });
  const p = `award-${row.proposalId}`;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="award-form">
      <fieldset>
        <legend>{t("panel.award.legend")}</legend>
        <input type="hidden" defaultValue={row.proposalId} {...register("proposalId")} />
        <div className="field">
          <label htmlFor={`${p}-amount`}>{t("panel.award.amount")}</label>
          <input id={`${p}-amount`} inputMode="decimal" defaultValue={fenToYuanInput(row.award?.approvedFen ?? row.requestedFen)} aria-invalid={errorFor("approvedYuan") ? true : undefined} aria-describedby={errorFor("approvedYuan") ? `${p}-amount-error` : undefined} {...register("approvedYuan")} />
          <span className="hint">{t("panel.award.amountHint", { requested: formatYuan(row.requestedFen) })}</span>
          <ErrorText id={`${p}-amount-error`} message={errorFor("approvedYuan")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} />
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="award" disabled={busy}>
          {t("panel.award.submit")}
        </button>
      </fieldset>
    </Form>
  );
}

function ReopenForm({ row, scores, serverErrors }: { row: Row; scores: { scoreId: number; round: string; expertName: string; totalCenti: number }[]; serverErrors?: Record<string, string> }) {
  const busy = useNavigation().state !== "idle";
  const { register, errorFor, onSubmit } = useValidatedForm(reopenScoreSchema, { serverErrors, defaultValues: { scoreId: scores[0] ? String(scores[0].scoreId) : "", reason: "" } });
  const p = `reopen-${row.proposalId}`;
  if (scores.length === 0) return <p className="muted">{t("panel.reopen.none")}</p>;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="reopen-form">
      <fieldset>
        <legend>{t("panel.reopen.legend")}</legend>
        <input type="hidden" name="proposalId" value={row.proposalId} />
        <div className="field">
          <label htmlFor={`${p}-score`}>{t("panel.reopen.score")}</label>
          <select id={`${p}-score`} {...register("scoreId")}>
            {scores.map((s) => (
              <option key={s.scoreId} value={s.scoreId}>
                {t("panel.reopen.option", { round: t(`panel.round.${s.round as "desk"}`), name: s.expertName, score: formatCenti(s.totalCenti) })}
              </option>
            ))}
          </select>
          <ErrorText id={`${p}-score-error`} message={errorFor("scoreId")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} />
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="reopen" className="secondary" disabled={busy}>
          {t("panel.reopen.submit")}
        </button>
      </fieldset>
    </Form>
  );
}
