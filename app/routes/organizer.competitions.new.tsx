// A new competition (新建大赛): the settings form prefilled with the defaults of domain-practice §7.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { shanghaiDate } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { type CompetitionFormValues, newCompetitionFormValues, withSpareRows } from "~/schemas/competition";
import { requireUser } from "~/services/auth.server";
import { createCompetition } from "~/services/competitions.server";
import { COMPETITION_ROW_LISTS, CompetitionForm } from "~/components/CompetitionForm";
import { addRowRequest, echoValues, formDataToObject, withAddedRow } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("registration.competition.new")} · ${t("app.name")}` }];

const SPARE_ROWS = 2;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  return { values: withSpareRows(newCompetitionFormValues(year), SPARE_ROWS) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const values = formDataToObject(formData);
  // 添加一行 without JavaScript: the form again as typed, one row longer in that list; nothing is created.
  const addRow = addRowRequest(formData, COMPETITION_ROW_LISTS);
  if (addRow) return { ok: false as const, addRow: true, fieldErrors: {} as Record<string, string>, values: withAddedRow(echoValues(values), addRow) };
  const result = await createCompetition(getDb(), { id: user.id, role: user.role }, values, new Date());
  if (!result.ok) return data({ ok: false as const, addRow: false, fieldErrors: result.fieldErrors, values: echoValues(values) }, { status: result.status });
  return redirect(`/organizer/competitions/${result.competitionId}?created=1`);
}

export default function NewCompetition() {
  const { values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a refused POST, show what was typed (a browser without JavaScript needs it back).
  const shown = (result?.values ? { ...values, ...result.values } : values) as CompetitionFormValues;
  return (
    <section className="card">
      <h1>{t("registration.competition.new")}</h1>
      <p>
        <Link to="/organizer/competitions">{t("common.back")}</Link>
      </p>
      <p className="muted">{t("competitionSetup.newIntro")}</p>
      {result && !result.ok && !result.addRow ? (
        <p className="alert" role="alert" data-testid="form-error">
          {result.fieldErrors._form ? tMaybe(result.fieldErrors._form) : t("validation.fixErrors")}
        </p>
      ) : null}
      <CompetitionForm key={result ? "refused" : "fresh"} values={shown} serverErrors={result?.fieldErrors} submitLabel={t("competitionSetup.create")} />
    </section>
  );
}
