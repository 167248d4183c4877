// The explanation of one ranked proposal (fetched on demand with ?explain=<id>): every score, what
// was dropped, weights, tie-break and budget walk, plus the award and reopen forms for that proposal.
import { Form, useNavigation } from "@remix-run/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { fenToYuanInput, formatYuan } from "~/domain/money";
import { type Fraction, formatCenti, trimNeeds } from "~/domain/scoring";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { awardDecisionSchema, reopenScoreSchema } from "~/schemas/review";
import { discordanceNoteSchema } from "~/schemas/fair";
import type { RankedProposal } from "~/services/ranking.server";
import type { RowExplanation } from "~/services/ranking-snapshot.server";
import { ErrorText, ReasonField } from "~/components/PanelFields";

type Row = RankedProposal;
export type SubmittedScore = { scoreId: number; round: string; expertName: string; totalCenti: number };

export const OUTCOME_BADGE = { funded: "badge ok", partial: "badge ok", belowLine: "badge bad", doesNotFit: "badge warn", quotaFull: "badge warn", awaitingDraw: "badge warn", unscored: "badge" } as const;

/** An exact fraction of centipoints as points: up to 4 decimals, "…" when the decimal goes on. */
export function formatExact(f: Fraction): string {
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

/** The review rules the explanation quotes (fields from before issue 16 may be missing in an old snapshot). */
export type ExplainedReview = {
  outlierDistanceCenti: number;
  trimMinScores: number;
  qualificationLineCenti: number;
  trimCount?: number;
  normalisation?: string;
  normalisationMinScores?: number;
  discordanceCenti?: number;
  minExpertsPerProposal?: number;
};

/** The whole explanation of one row, with its forms; `errors` are the last action's errors for this proposal. */
export function RankingExplanation(props: {
  explanation: RowExplanation;
  review: ExplainedReview;
  scores: SubmittedScore[];
  /** the latest panel note on a discordant row */
  note?: { note: string; notedAt: string; by: string } | null;
  errors?: { intent: "award" | "reopen" | "bulk" | "note"; fieldErrors: Record<string, string>; values?: Record<string, unknown> };
}) {
  const { explanation, review, scores, errors, note } = props;
  const { row, previous, names } = explanation;
  const outliers = row.rounds.flatMap((r) => (r.aggregate?.outliers ?? []).map((o) => ({ round: r.round, o, mean: r.aggregate!.panelMean })));
  return (
    <section className="card" data-testid="ranking-explanation" data-proposal-id={row.proposalId}>
      <h2>{t("scale.ranking.explainTitle", { title: row.title })}</h2>
      <p className="muted">{row.organizationName}</p>
      <h3>{t("panel.ranking.rank")}</h3>
      <RankCell row={row} previous={previous} firstName={row.firstCriterion.name} />
      <h3>{t("panel.ranking.finalScore")}</h3>
      <ScoreCell row={row} expertNames={names} review={review} />
      <FairFlags row={row} review={review} />
      {row.discordant ? <DiscordanceNoteForm row={row} note={note ?? null} serverErrors={errors?.intent === "note" ? errors.fieldErrors : undefined} values={errors?.intent === "note" ? errors.values : undefined} /> : null}
      <h3>{t("panel.ranking.approved")}</h3>
      <p className="muted">
        {row.award && row.award.approvedFen !== row.requestedFen
          ? t("panel.ranking.approvedLower", { at: formatShanghai(row.award.decidedAt), amount: formatYuan(row.award.approvedFen), reason: row.award.reason })
          : t("panel.ranking.approvedSame")}
      </p>
      <h3>{t("panel.ranking.funded")}</h3>
      <SelectionCell row={row} lineCenti={review.qualificationLineCenti} />
      {outliers.length ? (
        <>
          <h3>{t("panel.ranking.flags")}</h3>
          <p className="muted">{t("panel.ranking.outlierWhy", { distance: formatCenti(review.outlierDistanceCenti) })}</p>
          <ul>
            {outliers.map(({ round, o, mean }) => (
              <li key={`${round}-${o.expertId}`}>
                {t(`panel.round.${round}`)} · {t("panel.ranking.expertScore", { name: names[o.expertId] ?? `#${o.expertId}`, score: formatCenti(o.totalCenti) })}
                {` · ${t("panel.ranking.outlierMean", { mean: formatExact(mean) })}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("panel.ranking.actions")}</h3>
      <AwardForm row={row} serverErrors={errors?.intent === "award" ? errors.fieldErrors : undefined} values={errors?.intent === "award" ? errors.values : undefined} />
      <ReopenForm row={row} scores={scores} serverErrors={errors?.intent === "reopen" ? errors.fieldErrors : undefined} values={errors?.intent === "reopen" ? errors.values : undefined} />
    </section>
  );
}

/** Discordance and too few experts: what was measured against which setting. */
function FairFlags({ row, review }: { row: Row; review: ExplainedReview }) {
  const discordant = row.rounds.filter((r) => r.discordant);
  const short = row.rounds.filter((r) => r.belowMinExperts);
  if (!discordant.length && !short.length) return null;
  return (
    <div data-testid="fair-flags">
      {discordant.map((r) => (
        <p key={`d-${r.round}`} className="alert" data-testid="discordant-why">
          {t("fair.ranking.discordantWhy", { round: t(`panel.round.${r.round}`), spread: formatCenti(r.spreadCenti), threshold: formatCenti(review.discordanceCenti ?? 0) })}
        </p>
      ))}
      {short.map((r) => (
        <p key={`m-${r.round}`} className="alert" data-testid="below-min-why">
          {t("fair.ranking.belowMinWhy", { round: t(`panel.round.${r.round}`), assigned: r.assigned, min: review.minExpertsPerProposal ?? 0 })}
        </p>
      ))}
    </div>
  );
}

function ScoreCell(props: { row: Row; expertNames: Record<number, string>; review: ExplainedReview }) {
  const { row, expertNames, review } = props;
  const outlierDistance = review.outlierDistanceCenti;
  const k = review.trimCount ?? 1;
  const methodText = (method: string) =>
    method === "trimmed_mean" && k > 1 ? t("fair.ranking.trimmedK", { k })
    : method === "trimmed_mean_fallback_mean" ? t("fair.ranking.trimFallback", { min: trimNeeds(review.trimMinScores, k), k })
    : t(`panel.ranking.method.${method as "mean"}`, { min: review.trimMinScores });
  const formulaOf = (agg: NonNullable<Row["rounds"][number]["aggregate"]>) =>
    agg.method === "median"
      ? t("panel.ranking.medianValue", { exact: formatExact(agg.value) })
      : t("panel.ranking.roundValue", { formula: `(${agg.kept.map((x) => formatCenti(x.totalCenti)).join(" + ")}) ÷ ${agg.kept.length}`, exact: formatExact(agg.value) });
  const name = (id: number) => expertNames[id] ?? `#${id}`;
  const roundLabel = (round: string) => t(`panel.round.${round as "desk"}`);
  return (
    <details className="explain" data-testid="score-explain" open>
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
                  <div className="muted" data-testid="round-method">{methodText(agg.method)}</div>
                  {r.normalised ? <div className="muted">{t("fair.ranking.normalisedNote", { method: t(`fair.settings.normalisation.${(review.normalisation ?? "none") as "none"}`), min: review.normalisationMinScores ?? 0 })}</div> : null}
                  <ul>
                    {agg.scores.map((s) => {
                      const dropped = agg.dropped.some((x) => x.expertId === s.expertId);
                      const outlier = agg.outliers.some((x) => x.expertId === s.expertId);
                      const n = r.normalised?.find((x) => x.expertId === s.expertId);
                      const label = n
                        ? t("fair.ranking.rawAndNormalised", { name: name(s.expertId), raw: formatCenti(n.totalCenti), normalised: formatCenti(n.normalisedCenti) })
                        : t("panel.ranking.expertScore", { name: name(s.expertId), score: formatCenti(s.totalCenti) });
                      return (
                        <li key={s.expertId} data-testid="expert-score">
                          {dropped ? <s>{label}</s> : label}
                          {dropped ? t("panel.ranking.dropped") : null}
                          {n?.rawBecause && n.rawBecause !== "method-none" ? <span className="badge warn" data-testid="kept-raw">{t(`fair.ranking.rawBecause.${n.rawBecause}`, { min: review.normalisationMinScores ?? 0 })}</span> : null}
                          {outlier ? (
                            <span className="badge warn">
                              {t("panel.ranking.outlierMark", { mean: formatExact(agg.panelMean), distance: formatCenti(outlierDistance) })}
                            </span>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                  <div data-testid="round-value">{formulaOf(agg)}</div>
                  {r.rawAggregate ? <div className="muted" data-testid="raw-round-value">{t("fair.ranking.rawValue", { text: formulaOf(r.rawAggregate) })}</div> : null}
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
        {row.rawComposite ? <div className="muted" data-testid="raw-composite">{t("fair.ranking.rawComposite", { exact: formatExact(row.rawComposite.value), rounded: formatCenti(row.rawComposite.roundedCenti) })}</div> : null}
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
    <details className="explain" open>
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
    quota: s.quota ?? "",
  };
  return (
    <details className="explain" open>
      <summary>
        <span className={OUTCOME_BADGE[s.outcome]} data-testid="outcome" data-outcome={s.outcome}>
          {t(`panel.ranking.outcome.${s.outcome}`)}
        </span>
      </summary>
      <p data-testid="outcome-why">{t(`panel.ranking.why.${s.outcome}`, params)}</p>
      {row.drawn ? (
        <p data-testid="row-drawn">
          {row.drawn.place === null ? t("fair.lottery.rowPending") : t("fair.lottery.rowDrawn", { place: row.drawn.place, number: row.number, digest: row.drawn.digest ?? "" })}
        </p>
      ) : null}
    </details>
  );
}

/** What was typed before a refused post (the action's `values`), so a form without JavaScript loses nothing. */
type Echo = Record<string, unknown> | undefined;
const shown = (valueOf: (name: string) => unknown, name: string) => String(valueOf(name) ?? "");

function DiscordanceNoteForm({ row, note, serverErrors, values }: { row: Row; note: { note: string; notedAt: string; by: string } | null; serverErrors?: Record<string, string>; values: Echo }) {
  const busy = useNavigation().state !== "idle";
  const { register, valueOf, errorFor, onSubmit, summary } = useValidatedForm(discordanceNoteSchema, { serverErrors, values, defaultValues: { proposalId: String(row.proposalId), note: "" } });
  const p = `note-${row.proposalId}`;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="discordance-note-form">
      {summary}
      <fieldset>
        <legend>{t("fair.note.legend")}</legend>
        <p data-testid="discordance-note" className={note ? "muted" : "alert"}>
          {note ? t("fair.note.current", { at: formatShanghai(note.notedAt), by: note.by, note: note.note }) : t("fair.note.missing")}
        </p>
        <input type="hidden" defaultValue={row.proposalId} {...register("proposalId")} />
        <div className="field">
          <label htmlFor={`${p}-text`}>{t("fair.note.label")}</label>
          <textarea id={`${p}-text`} rows={3} maxLength={1000} aria-invalid={errorFor("note") ? true : undefined} aria-describedby={errorFor("note") ? `${p}-text-error` : undefined} {...register("note")} defaultValue={shown(valueOf, "note")} />
          <ErrorText id={`${p}-text-error`} message={errorFor("note")} />
        </div>
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="note" disabled={busy}>
          {t("fair.note.submit")}
        </button>
      </fieldset>
    </Form>
  );
}

function AwardForm({ row, serverErrors, values }: { row: Row; serverErrors?: Record<string, string>; values: Echo }) {
  const busy = useNavigation().state !== "idle";
  const { register, valueOf, errorFor, onSubmit, summary } = useValidatedForm(awardDecisionSchema, {
    serverErrors,
    values,
    defaultValues: { proposalId: String(row.proposalId), approvedYuan: fenToYuanInput(row.award?.approvedFen ?? row.requestedFen), reason: "" },
  });
  const p = `award-${row.proposalId}`;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="award-form">
      {summary}
      <fieldset>
        <legend>{t("panel.award.legend")}</legend>
        <input type="hidden" defaultValue={row.proposalId} {...register("proposalId")} />
        <div className="field">
          <label htmlFor={`${p}-amount`}>{t("panel.award.amount")}</label>
          <input id={`${p}-amount`} inputMode="decimal" defaultValue={shown(valueOf, "approvedYuan")} aria-invalid={errorFor("approvedYuan") ? true : undefined} aria-describedby={errorFor("approvedYuan") ? `${p}-amount-error` : undefined} {...register("approvedYuan")} />
          <span className="hint">{t("panel.award.amountHint", { requested: formatYuan(row.requestedFen) })}</span>
          <ErrorText id={`${p}-amount-error`} message={errorFor("approvedYuan")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} defaultValue={shown(valueOf, "reason")} />
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="award" disabled={busy}>
          {t("panel.award.submit")}
        </button>
      </fieldset>
    </Form>
  );
}

function ReopenForm(props: { row: Row; scores: { scoreId: number; round: string; expertName: string; totalCenti: number }[]; serverErrors?: Record<string, string>; values: Echo }) {
  const { row, scores, serverErrors, values } = props;
  const busy = useNavigation().state !== "idle";
  const { register, valueOf, errorFor, onSubmit, summary } = useValidatedForm(reopenScoreSchema, { serverErrors, values, defaultValues: { scoreId: scores[0] ? String(scores[0].scoreId) : "", reason: "" } });
  const p = `reopen-${row.proposalId}`;
  if (scores.length === 0) return <p className="muted">{t("panel.reopen.none")}</p>;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="reopen-form">
      {summary}
      <fieldset>
        <legend>{t("panel.reopen.legend")}</legend>
        <input type="hidden" name="proposalId" value={row.proposalId} />
        <div className="field">
          <label htmlFor={`${p}-score`}>{t("panel.reopen.score")}</label>
          <select id={`${p}-score`} {...register("scoreId")} defaultValue={shown(valueOf, "scoreId")}>
            {scores.map((s) => (
              <option key={s.scoreId} value={s.scoreId}>
                {t("panel.reopen.option", { round: t(`panel.round.${s.round as "desk"}`), name: s.expertName, score: formatCenti(s.totalCenti) })}
              </option>
            ))}
          </select>
          <ErrorText id={`${p}-score-error`} message={errorFor("scoreId")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} defaultValue={shown(valueOf, "reason")} />
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="reopen" className="secondary" disabled={busy}>
          {t("panel.reopen.submit")}
        </button>
      </fieldset>
    </Form>
  );
}
