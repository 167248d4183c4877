// Rehearsal mode (演练) for organizers: create a rehearsal competition and advance its clock —
// to the end of registration, of 初审, of expert review, of the notice period, or by N days.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { competitionPath } from "~/components/CompetitionHome";
import { getDb } from "~/db.server";
import { CLOCK_TARGETS } from "~/domain/clock";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { advanceRehearsalClock, createRehearsal, listRehearsals } from "~/services/rehearsal.server";
import { OnceField } from "~/components/OnceField";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { newFormKey } from "~/services/once.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("multi.rehearsal.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  return { rehearsals: await listRehearsals(getDb(), new Date()), formKey: newFormKey() };
}

type Result = { ok: boolean; intent: string; competitionId?: number; clock?: string; fieldErrors: Record<string, string>; values?: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const input = formDataToObject(formData);
  const actor = { id: user.id, role: user.role };
  if (intent === "create") {
    const r = await createRehearsal(getDb(), actor, input, new Date());
    if (!r.ok) return data<Result>({ ok: false, intent, fieldErrors: r.fieldErrors, values: echoValues(input) }, { status: r.status });
    return data<Result>({ ok: true, intent, competitionId: r.competitionId, fieldErrors: {} });
  }
  if (intent === "advance") {
    const competitionId = Number(input.competitionId);
    const step = typeof input.to === "string" && input.to ? { to: input.to } : { days: input.days };
    const r = await advanceRehearsalClock(getDb(), actor, competitionId, step, new Date(), formData.get(FORM_KEY_FIELD));
    if (!r.ok) return data<Result>({ ok: false, intent, competitionId, fieldErrors: r.fieldErrors, values: echoValues(input) }, { status: r.status });
    return data<Result>({ ok: true, intent, competitionId, clock: r.clock, fieldErrors: {} });
  }
  return data<Result>({ ok: false, intent, fieldErrors: { _form: "validation.fixErrors" } }, { status: 400 });
}

export default function RehearsalDesk() {
  const { rehearsals, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const errorFor = (id: number | undefined) => (result && !result.ok && result.competitionId === id ? Object.values(result.fieldErrors)[0] : undefined);
  /** What a refused post typed into `name` (without JavaScript the page comes back from the server). */
  const typed = (intent: string, name: string, competitionId?: number) => {
    const v = result && !result.ok && result.intent === intent && result.competitionId === competitionId ? result.values?.[name] : undefined;
    return typeof v === "string" ? v : undefined;
  };
  return (
    <section className="rehearsal">
      <p><Link to="/organizer/competitions">← {t("registration.competition.listTitle")}</Link></p>
      <h1>{t("multi.rehearsal.title")} <span className="badge rehearsal">{t("multi.rehearsal.badge")}</span></h1>
      <p className="muted">{t("multi.rehearsal.intro")}</p>
      <Form method="post" className="card actions">
        <input type="hidden" name="intent" value="create" />
        <OnceField value={formKey} />
        <label>
          {t("multi.rehearsal.name")} <input name="name" maxLength={60} defaultValue={typed("create", "name")} aria-invalid={result?.intent === "create" && !result.ok ? true : undefined} />
        </label>
        <button type="submit" disabled={busy}>{t("multi.rehearsal.create")}</button>
        {result?.intent === "create" && result.ok ? <p className="flash" role="status">{t("multi.rehearsal.created")}</p> : null}
        {result?.intent === "create" && !result.ok ? <p className="alert" role="alert">{tMaybe(Object.values(result.fieldErrors)[0] ?? "error.generic")}</p> : null}
      </Form>
      {rehearsals.length === 0 ? <p className="muted">{t("multi.rehearsal.none")}</p> : null}
      {rehearsals.map((r) => (
        <article key={r.id} className="card" data-testid="rehearsal" data-slug={r.slug}>
          <h2>
            <Link to={competitionPath(r.slug)}>{r.name}</Link> <span className="badge rehearsal">{t("multi.rehearsal.badge")}</span>
          </h2>
          <p data-testid="rehearsal-clock">{t("multi.rehearsal.clockNow", { at: formatShanghai(r.clock) })}</p>
          <p data-testid="rehearsal-stage">{t("multi.rehearsal.stage", { stage: t(`stage.${r.stage}` as "stage.registration") })}</p>
          {result?.ok && result.intent === "advance" && result.competitionId === r.id && result.clock ? (
            <p className="flash" role="status">{t("multi.rehearsal.advanced", { at: formatShanghai(result.clock) })}</p>
          ) : null}
          {errorFor(r.id) ? <p className="alert" role="alert">{tMaybe(errorFor(r.id)!)}</p> : null}
          <div className="actions">
            {CLOCK_TARGETS.map((to) => (
              <Form method="post" key={to}>
                <input type="hidden" name="intent" value="advance" />
                <input type="hidden" name="competitionId" value={r.id} />
                <input type="hidden" name="to" value={to} />
                <OnceField value={formKey} />
                <button type="submit" className="secondary" disabled={busy}>{t(`multi.rehearsal.to.${to}`)}</button>
              </Form>
            ))}
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="advance" />
              <input type="hidden" name="competitionId" value={r.id} />
              <OnceField value={formKey} />
              <label>
                {t("multi.rehearsal.plusDays")}{" "}
                <input name="days" type="number" min={1} max={400} defaultValue={typed("advance", "days", r.id) ?? 1} inputMode="numeric" style={{ width: "5em" }} aria-invalid={errorFor(r.id) ? true : undefined} />
              </label>
              <button type="submit" className="secondary" disabled={busy}>{t("multi.rehearsal.plusDaysButton")}</button>
            </Form>
          </div>
        </article>
      ))}
    </section>
  );
}
