// The organizer's assignment forms: a seeded draw for a division and round, and the by-hand
// adjustments of one proposal (withdraw or add an expert), each with a required reason.
import { OnceField } from "./OnceField";
import { Form, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { t, tMaybe } from "~/i18n";
import { addAssignmentSchema, removeAssignmentSchema, runAssignmentSchema } from "~/schemas/review";
import { ErrorText, ReasonField } from "~/components/PanelFields";

const roundLabel = (round: string) => t(`panel.round.${round as "desk"}`);

type AdjustableProposal = { id: number; rounds: { round: string; assignments: { id: number; active: number; round: string; expert_name: string }[] }[] };

/** The value a field shows: what was typed before a refused post (`valueOf` reads the echo first), else its default. */
const shown = (valueOf: (name: string) => unknown, name: string) => String(valueOf(name) ?? "");

export function RemoveForm({ proposal, serverErrors, values }: { proposal: AdjustableProposal; serverErrors?: Record<string, string>; values?: Record<string, unknown> }) {
  const busy = useNavigation().state !== "idle";
  const active = proposal.rounds.flatMap((r) => r.assignments.filter((a) => a.active));
  const { register, valueOf, errorFor, onSubmit, summary } = useValidatedForm(removeAssignmentSchema, {
    serverErrors,
    values,
    defaultValues: { assignmentId: active[0] ? String(active[0].id) : "", reason: "" },
  });
  const p = `remove-${proposal.id}`;
  if (active.length === 0) return null;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="remove-form">
      {summary}
      <fieldset>
        <legend>{t("panel.assign.removeLegend")}</legend>
        <input type="hidden" name="proposalId" value={proposal.id} />
        <div className="field">
          <label htmlFor={`${p}-assignment`}>{t("panel.assign.expert")}</label>
          <select id={`${p}-assignment`} {...register("assignmentId")} defaultValue={shown(valueOf, "assignmentId")}>
            {active.map((a) => (
              <option key={a.id} value={a.id}>
                {roundLabel(a.round)} · {a.expert_name}
              </option>
            ))}
          </select>
          <ErrorText id={`${p}-assignment-error`} message={errorFor("assignmentId")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} defaultValue={shown(valueOf, "reason")} />
        <ErrorText id={`${p}-form-error`} message={serverErrors?._form ? tMaybe(serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="remove" className="secondary" disabled={busy}>
          {t("panel.assign.remove")}
        </button>
      </fieldset>
    </Form>
  );
}

export function AddForm(props: { proposal: AdjustableProposal; rounds: string[]; experts: { id: number; display_name: string }[]; serverErrors?: Record<string, string>; values?: Record<string, unknown> }) {
  const busy = useNavigation().state !== "idle";
  const { register, valueOf, errorFor, onSubmit, summary } = useValidatedForm(addAssignmentSchema, {
    serverErrors: props.serverErrors,
    values: props.values,
    defaultValues: { proposalId: String(props.proposal.id), expertId: props.experts[0] ? String(props.experts[0].id) : "", round: props.rounds[0] ?? "", reason: "" },
  });
  const p = `add-${props.proposal.id}`;
  return (
    <Form method="post" className="stack" onSubmit={onSubmit} noValidate data-testid="add-form">
      {summary}
      <fieldset>
        <legend>{t("panel.assign.addLegend")}</legend>
        <input type="hidden" defaultValue={props.proposal.id} {...register("proposalId")} />
        <div className="field">
          <label htmlFor={`${p}-expert`}>{t("panel.assign.expert")}</label>
          <select id={`${p}-expert`} {...register("expertId")} defaultValue={shown(valueOf, "expertId")}>
            {props.experts.map((e) => (
              <option key={e.id} value={e.id}>
                {e.display_name}
              </option>
            ))}
          </select>
          <ErrorText id={`${p}-expert-error`} message={errorFor("expertId")} />
        </div>
        <div className="field">
          <label htmlFor={`${p}-round`}>{t("panel.assign.round")}</label>
          <select id={`${p}-round`} {...register("round")} defaultValue={shown(valueOf, "round")}>
            {props.rounds.map((r) => (
              <option key={r} value={r}>
                {roundLabel(r)}
              </option>
            ))}
          </select>
          <ErrorText id={`${p}-round-error`} message={errorFor("round")} />
        </div>
        <ReasonField prefix={p} error={errorFor("reason")} register={register} defaultValue={shown(valueOf, "reason")} />
        <ErrorText id={`${p}-form-error`} message={props.serverErrors?._form ? tMaybe(props.serverErrors._form) : undefined} />
        <button type="submit" name="intent" value="add" disabled={busy}>
          {t("panel.assign.add")}
        </button>
      </fieldset>
    </Form>
  );
}

export function RunForm(props: { competitionId: number; divisions: { id: number; name: string }[]; rounds: string[]; serverErrors?: Record<string, string>; values?: Record<string, unknown>; formKey?: string | null }) {
  const busy = useNavigation().state !== "idle";
  const { register, field, errorFor, onSubmit, summary } = useValidatedForm(runAssignmentSchema, {
    serverErrors: props.serverErrors,
    values: props.values,
    defaultValues: { competitionId: String(props.competitionId), divisionId: props.divisions[0] ? String(props.divisions[0].id) : "", round: props.rounds[0] ?? "", seed: "" },
  });
  return (
    <Form method="post" className="card stack" onSubmit={onSubmit} noValidate data-testid="run-form">
      {summary}
      <h2>{t("panel.assign.runLegend")}</h2>
      {props.serverErrors?._form ? (
        <p className="alert" role="alert">
          {tMaybe(props.serverErrors._form)}
        </p>
      ) : null}
      <input type="hidden" defaultValue={props.competitionId} {...register("competitionId")} />
      <OnceField value={props.formKey} />
      <Field name="divisionId" label={t("panel.assign.division")} error={errorFor("divisionId")}>
        <select {...field("divisionId")}>
          {props.divisions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="round" label={t("panel.assign.round")} error={errorFor("round")}>
        <select {...field("round")}>
          {props.rounds.map((r) => (
            <option key={r} value={r}>
              {roundLabel(r)}
            </option>
          ))}
        </select>
      </Field>
      <Field name="seed" label={t("panel.assign.seed")} hint={t("panel.assign.seedHint")} error={errorFor("seed")}>
        <input autoComplete="off" {...field("seed")} />
      </Field>
      <div className="actions">
        <button type="submit" name="intent" value="run" disabled={busy}>
          {t("panel.assign.run")}
        </button>
      </div>
    </Form>
  );
}

