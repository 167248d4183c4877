// The two steps of the public lottery's seed: the announcement (how and when the seed is fixed) and,
// from the announced time, the seed itself. Both are plain POST forms; react-hook-form adds instant
// messages from the same schemas, and what was typed comes back after a refused post.
import { Form, useNavigation } from "@remix-run/react";
import { Field } from "./Field";
import { ConfirmCheck } from "./ConfirmCheck";
import { useValidatedForm } from "./useValidatedForm";
import { lotteryAnnouncementSchema, lotterySeedSchema } from "../schemas/fair";
import { t } from "../i18n";

type Errors = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

export function AnnounceLotteryForm({ competitionId, errors, values }: { competitionId: number; errors: Errors; values: Values }) {
  const busy = useNavigation().state !== "idle";
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(lotteryAnnouncementSchema, { serverErrors: errors, values });
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="lottery-announce">
      {summary}
      <input type="hidden" {...register("competitionId")} value={competitionId} />
      <input type="hidden" name="intent" value="announce" />
      <Field name="statement" label={t("fair.lottery.statement")} hint={t("fair.lottery.statementHint")} error={errorFor("statement")}>
        <textarea {...field("statement")} rows={3} maxLength={500} />
      </Field>
      <Field name="drawAt" label={t("fair.lottery.drawAt")} hint={t("fair.lottery.drawAtHint")} error={errorFor("drawAt")}>
        <input type="datetime-local" {...field("drawAt")} />
      </Field>
      <ConfirmCheck id="confirm" what={t("fair.lottery.confirmAnnounce")} error={errors?.confirm} />
      <div className="actions">
        <button type="submit" disabled={busy}>{t("fair.lottery.announce")}</button>
      </div>
    </Form>
  );
}

export function LotterySeedForm({ competitionId, errors, values }: { competitionId: number; errors: Errors; values: Values }) {
  const busy = useNavigation().state !== "idle";
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(lotterySeedSchema, { serverErrors: errors, values });
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="lottery-seed">
      {summary}
      <input type="hidden" {...register("competitionId")} value={competitionId} />
      <input type="hidden" name="intent" value="seed" />
      <Field name="seed" label={t("fair.lottery.seedLabel")} hint={t("fair.lottery.seedHint")} error={errorFor("seed")}>
        <input {...field("seed")} maxLength={200} autoComplete="off" />
      </Field>
      <ConfirmCheck id="confirm" what={t("fair.lottery.confirmSeed")} error={errors?.confirm} />
      <div className="actions">
        <button type="submit" disabled={busy}>{t("fair.lottery.enterSeed")}</button>
      </div>
    </Form>
  );
}
