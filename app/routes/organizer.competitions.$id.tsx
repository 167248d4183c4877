// Editing one competition's settings (编辑大赛), and publishing it so applicants can see it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db.server";
import { t, tMaybe } from "~/i18n";
import { type CompetitionFormValues, competitionToFormValues, withSpareRows } from "~/schemas/competition";
import { requireUser } from "~/services/auth.server";
import { loadCompetitionSettings, publishCompetition, updateCompetition } from "~/services/competitions.server";
import { COMPETITION_ROW_LISTS, CompetitionForm } from "~/components/CompetitionForm";
import { addRowRequest, echoValues, formDataToObject, withAddedRow } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { statusClass } from "~/components/StatusBadge";
import { ConfirmCheck } from "~/components/ConfirmCheck";
import { RefusedSummary } from "~/components/ErrorSummary";
import { OnceField } from "~/components/OnceField";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { newFormKey } from "~/services/once.server";
import { CONFIRM_REQUIRED, confirmed } from "~/utils/confirm";

export const meta: MetaFunction = () => [{ title: `${t("registration.competition.editTitle")} · ${t("app.name")}` }];

const SPARE_ROWS = 2;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const db = getDb();
  const settings = await loadCompetitionSettings(db, Number(params.id));
  if (!settings) throw new Response("Not Found", { status: 404 });
  const { detail } = settings;
  return {
    competition: { id: detail.competition.id, name: detail.competition.name, status: detail.competition.status },
    locked: settings.rulesFrozen,
    frozen: settings.frozen,
    lockedDates: settings.lockedDates,
    values: withSpareRows(competitionToFormValues(detail), SPARE_ROWS),
    formKey: newFormKey(), // 发布大赛 clicked twice publishes once
  };
}

type ActionData =
  | { ok: true; intent: string; fieldErrors: Record<string, string> }
  | { ok: false; intent: string; fieldErrors: Record<string, string>; values?: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const actor = { id: user.id, role: user.role };
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "save");
  const db = getDb();
  if (intent === "publish") {
    // 发布大赛 cannot be undone: it needs the ticked confirmation
    if (!confirmed(formData)) return data<ActionData>({ ok: false, intent, fieldErrors: { confirm: CONFIRM_REQUIRED } }, { status: 400 });
    const result = await publishCompetition(db, actor, Number(params.id), new Date(), formData.get(FORM_KEY_FIELD));
    if (!result.ok) return data<ActionData>({ ok: false, intent, fieldErrors: result.fieldErrors }, { status: result.status });
    return data<ActionData>({ ok: true, intent, fieldErrors: {} });
  }
  const values = formDataToObject(formData);
  // 添加一行 without JavaScript: the form again as typed, one row longer in that list; nothing is saved.
  const addRow = addRowRequest(formData, COMPETITION_ROW_LISTS);
  if (addRow) return data<ActionData>({ ok: false, intent: "add-row", fieldErrors: {}, values: withAddedRow(echoValues(values), addRow) });
  const result = await updateCompetition(db, actor, Number(params.id), values, new Date());
  if (!result.ok) return data<ActionData>({ ok: false, intent, fieldErrors: result.fieldErrors, values: echoValues(values) }, { status: result.status });
  return data<ActionData>({ ok: true, intent, fieldErrors: {} });
}

export default function EditCompetition() {
  const { competition, locked, frozen, lockedDates, values, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const refusedSave = result && !result.ok && (result.intent === "save" || result.intent === "add-row") ? result : undefined;
  const shown = (refusedSave?.values ? { ...values, ...refusedSave.values } : values) as CompetitionFormValues;
  return (
    <section className="card">
      <h1>
        {t("registration.competition.editTitle")}：{competition.name}
      </h1>
      <p>
        <Link to="/organizer/competitions">{t("common.back")}</Link>
      </p>
      <p>
        {t("registration.competition.status")}：
        <span className={statusClass("competition", competition.status)} data-testid="competition-status">
          {t(`registration.competition.status.${competition.status}`)}
        </span>
      </p>
      {search.get("created") && !result ? (
        <p className="flash" role="status">
          {t("competitionSetup.created")}
        </p>
      ) : null}
      {result?.ok ? (
        <p className="flash" role="status">
          {result.intent === "publish" ? t("competitionSetup.published") : t("registration.competition.saved")}
        </p>
      ) : null}
      {result && !result.ok && result.intent !== "add-row" ? (
        <p className="alert" role="alert" data-testid="form-error">
          {result.fieldErrors._form ? tMaybe(result.fieldErrors._form) : t("validation.fixErrors")}
        </p>
      ) : null}
      {locked ? <p className="muted">{t("registration.competition.locked")}</p> : null}
      {competition.status === "draft" ? (
        <Form method="post" className="card" data-testid="publish">
          <RefusedSummary errors={result && !result.ok && result.intent === "publish" ? result.fieldErrors : undefined} idOf={(name) => (name === "confirm" ? "publish-confirm" : name)} translate={tMaybe} />
          <p>{t("competitionSetup.draftNotice")}</p>
          <p className="muted">{t("competitionSetup.publishHint")}</p>
          <OnceField value={formKey} />
          <ConfirmCheck id="publish-confirm" what={t("shell.confirm.publishCompetition")} error={result && !result.ok && result.intent === "publish" ? result.fieldErrors.confirm : undefined} />
          <button type="submit" name="intent" value="publish" disabled={busy}>
            {t("competitionSetup.publish")}
          </button>
        </Form>
      ) : null}
      <CompetitionForm
        key={refusedSave ? "refused" : JSON.stringify(values)}
        values={shown}
        serverErrors={refusedSave?.fieldErrors}
        submitLabel={t("registration.competition.save")}
        published={competition.status === "published"}
        frozen={frozen}
        lockedDates={lockedDates}
      />
    </section>
  );
}
