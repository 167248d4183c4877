// The organizer's expert panel: every expert with invite and appointment state, inviting a new
// expert (the one-time link is shown once, right after it is made), reissuing a link, appointing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { inviteExpertSchema } from "~/schemas/review";
import { requireUser } from "~/services/auth.server";
import { appointExpert, inviteExpert, listExperts, reissueInvite } from "~/services/experts.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { CompetitionPicker } from "~/components/PanelFields";
import { loadCompetitionDetail } from "~/services/competitions.server";
import { readForm } from "~/utils/request-body.server";
import { ListSearch, Pagination } from "~/components/ListControls";
import { loadClampedPage, parseListQuery } from "~/utils/list-query.server";

export const meta: MetaFunction = () => [{ title: `${t("panel.experts.title")} · ${t("app.name")}` }];

/** The invite form: the service's fields plus the division to appoint to ("none" = do not appoint yet). */
const inviteFormSchema = inviteExpertSchema.extend({ divisionId: z.string().optional().default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  const parsed = parseListQuery(request.url, { sorts: ["id"], filters: { appointed: ["", "yes", "no"] } });
  const filter = { q: parsed.q, appointed: parsed.filters.appointed as "" | "yes" | "no" };
  const empty = { page: 1, pageSize: parsed.pageSize, total: 0, ...filter };
  if (!competition) return { competitions, competition: null, experts: [], divisions: [], list: empty };
  const now = new Date();
  const [{ list, result }, detail] = await Promise.all([
    loadClampedPage(parsed, (offset, limit) => listExperts(db, competition.id, now, { ...filter, offset, limit })),
    loadCompetitionDetail(db, competition.id),
  ]);
  const divisions = (detail?.divisions ?? []).map((d) => ({ id: d.id, name: d.name }));
  return { competitions, competition, experts: result.rows, divisions, list: { page: list.page, pageSize: list.pageSize, total: result.total, ...filter } };
}

type Outcome =
  | { ok: true; intent: "invite" | "reissue"; expertId: number; name: string; link: string; expiresAt: string; letterNo: string | null; appointError?: string }
  | { ok: true; intent: "appoint"; expertId: number; letterNo: string }
  | { ok: false; intent: string; expertId: number | null; fieldErrors: Record<string, string>; values: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const actor = { id: user.id, role: user.role };
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "invite");
  const input = formDataToObject(formData);
  const now = new Date();
  const linkFor = (token: string) => `${new URL(request.url).origin}/invite/${token}`;
  const fail = (status: number, fieldErrors: Record<string, string>, expertId: number | null = null) =>
    data<Outcome>({ ok: false, intent, expertId, fieldErrors, values: echoValues(input) }, { status });

  if (intent === "reissue") {
    const expertId = Number(input.expertId);
    const result = await reissueInvite(db, actor, expertId, now);
    if (!result.ok) return fail(result.status, result.fieldErrors, expertId);
    const name = (await db.selectFrom("users").select("display_name").where("id", "=", expertId).executeTakeFirst())?.display_name ?? "";
    return data<Outcome>({ ok: true, intent, expertId, name, link: linkFor(result.token), expiresAt: result.expiresAt, letterNo: null });
  }
  if (intent === "appoint") {
    const expertId = Number(input.expertId);
    const result = await appointExpert(db, actor, input, now);
    if (!result.ok) return fail(result.status, result.fieldErrors, expertId);
    return data<Outcome>({ ok: true, intent, expertId, letterNo: result.letterNo });
  }
  const invited = await inviteExpert(db, actor, input, now);
  if (!invited.ok) return fail(invited.status, invited.fieldErrors);
  let letterNo: string | null = null;
  let appointError: string | undefined;
  if (input.divisionId !== "none") {
    const appointed = await appointExpert(db, actor, { competitionId: input.competitionId, expertId: invited.expertId, divisionId: input.divisionId ?? "" }, now);
    if (appointed.ok) letterNo = appointed.letterNo;
    else appointError = Object.values(appointed.fieldErrors)[0];
  }
  return data<Outcome>({ ok: true, intent: "invite", expertId: invited.expertId, name: String(input.displayName ?? ""), link: linkFor(invited.token), expiresAt: invited.expiresAt, letterNo, appointError });
}

export default function OrganizerExperts() {
  const { competitions, competition, experts, divisions, list } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Outcome | undefined;
  const busy = useNavigation().state !== "idle";
  if (!competition) return <p>{t("panel.noCompetition")}</p>;
  return (
    <section>
      <h1>{t("panel.experts.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition.id} />
      <p className="muted">{t("panel.experts.intro")}</p>

      {result?.ok && (result.intent === "invite" || result.intent === "reissue") ? (
        <div className="flash" role="status" data-testid="invite-link-box">
          <p>
            <strong>{t("panel.experts.linkFor", { name: result.name })}</strong>
            {result.intent === "reissue" ? ` · ${t("panel.experts.reissued")}` : null}
          </p>
          <p>{t("panel.experts.linkOnce")}</p>
          <p>
            <code data-testid="invite-link">{result.link}</code>
          </p>
          <p className="muted">{t("panel.experts.linkExpires", { at: formatShanghai(result.expiresAt) })}</p>
          {result.letterNo ? <p>{t("panel.experts.appointed", { no: result.letterNo })}</p> : null}
          {result.appointError ? <p className="error">{tMaybe(result.appointError)}</p> : null}
        </div>
      ) : null}
      {result?.ok && result.intent === "appoint" ? (
        <p className="flash" role="status">
          {t("panel.experts.appointed", { no: result.letterNo })}
        </p>
      ) : null}
      {result && !result.ok && result.intent !== "invite" ? (
        <p className="alert" role="alert">
          {Object.values(result.fieldErrors).map((m) => tMaybe(m)).join("；")}
        </p>
      ) : null}

      <ListSearch
        q={list.q}
        placeholder={t("scale.experts.searchPlaceholder")}
        keep={{ competition: competition.id }}
        filters={[
          {
            name: "appointed", label: t("panel.experts.appointment"), value: list.appointed,
            options: [{ value: "", label: t("scale.list.all") }, { value: "yes", label: t("scale.experts.appointed") }, { value: "no", label: t("scale.experts.notAppointed") }],
          },
        ]}
      />
      <div className="table-wrap card">
        {experts.length === 0 ? <p>{list.q || list.appointed ? t("scale.list.none") : t("panel.experts.none")}</p> : null}
        <table>
          <thead>
            <tr>
              <th>{t("panel.experts.name")}</th>
              <th>{t("panel.experts.username")}</th>
              <th>{t("panel.experts.invite")}</th>
              <th>{t("panel.experts.appointment")}</th>
            </tr>
          </thead>
          <tbody>
            {experts.map((e) => (
              <tr key={e.id} data-testid="expert-row" data-expert-id={e.id}>
                <td>
                  {e.display_name}
                  {e.disabled ? <span className="badge bad">{t("panel.experts.disabled")}</span> : null}
                  <div className="muted">{t("panel.experts.load", { assignments: e.assignments, conflicts: e.conflicts })}</div>
                </td>
                <td>{e.username}</td>
                <td>
                  <span className={e.inviteState === "active" || e.inviteState === "used" ? "badge ok" : e.inviteState === "valid" ? "badge warn" : "badge"}>
                    {t(`panel.experts.invite.${e.inviteState}`)}
                  </span>
                  {e.inviteState !== "active" && e.inviteState !== "used" ? (
                    <Form method="post" className="no-print">
                      <input type="hidden" name="expertId" value={e.id} />
                      <button type="submit" name="intent" value="reissue" className="secondary" disabled={busy}>
                        {t("panel.experts.reissue")}
                      </button>
                    </Form>
                  ) : null}
                </td>
                <td>
                  {e.appointment ? (
                    <>
                      <Link to={`/organizer/experts/letters/${e.appointment.id}`} data-testid="letter-link">
                        {t("panel.experts.letter", { no: e.appointment.letter_no })}
                      </Link>
                      <div className="muted">{e.appointment.division_name ?? t("panel.experts.allDivisions")}</div>
                    </>
                  ) : (
                    <Form method="post" className="no-print">
                      <input type="hidden" name="competitionId" value={competition.id} />
                      <input type="hidden" name="expertId" value={e.id} />
                      <label htmlFor={`appoint-${e.id}`}>{t("panel.experts.appointDivision")}</label>{" "}
                      <select id={`appoint-${e.id}`} name="divisionId" defaultValue="">
                        <option value="">{t("panel.experts.allDivisions")}</option>
                        {divisions.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.name}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" name="intent" value="appoint" disabled={busy}>
                        {t("panel.experts.appoint")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={{ competition: competition.id, q: list.q, appointed: list.appointed }} />

      <InviteForm competitionId={competition.id} divisions={divisions} serverErrors={result && !result.ok && result.intent === "invite" ? result.fieldErrors : undefined}
        values={result && !result.ok && result.intent === "invite" ? result.values : undefined}
        busy={busy}
      />
    </section>
  );
}

function InviteForm(props: { competitionId: number; divisions: { id: number; name: string }[]; serverErrors?: Record<string, string>; values?: Record<string, unknown>; busy: boolean }) {
  const { field, errorFor, onSubmit, summary } = useValidatedForm(inviteFormSchema, { serverErrors: props.serverErrors, values: props.values, defaultValues: { divisionId: "" } });
  return (
    <Form method="post" className="card stack" onSubmit={onSubmit} noValidate data-testid="invite-form">
      {summary}
      <h2>{t("panel.experts.inviteLegend")}</h2>
      {props.serverErrors?._form ? (
        <p className="alert" role="alert">
          {tMaybe(props.serverErrors._form)}
        </p>
      ) : null}
      <input type="hidden" name="competitionId" value={props.competitionId} />
      <Field name="username" label={t("panel.experts.username.label")} hint={t("panel.experts.username.hint")} error={errorFor("username")}>
        <input autoComplete="off" {...field("username")} />
      </Field>
      <Field name="displayName" label={t("panel.experts.displayName")} error={errorFor("displayName")}>
        <input {...field("displayName")} />
      </Field>
      <Field name="mobile" label={t("panel.experts.mobile")} error={errorFor("mobile")}>
        <input inputMode="tel" {...field("mobile")} />
      </Field>
      <Field name="divisionId" label={t("panel.experts.division")} error={errorFor("divisionId")}>
        <select {...field("divisionId")}>
          <option value="">{t("panel.experts.allDivisions")}</option>
          {props.divisions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          <option value="none">{t("panel.experts.noAppointNow")}</option>
        </select>
      </Field>
      <div className="actions">
        <button type="submit" name="intent" value="invite" disabled={props.busy}>
          {t("panel.experts.inviteSubmit")}
        </button>
      </div>
    </Form>
  );
}

