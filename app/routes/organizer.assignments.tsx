// The organizer's assignment board: seeded draws (seed shown and reusable), proposals × experts with
// score progress, adjustments with a required reason and their history, conflicts, loads per expert.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { addAssignment, loadAssignmentBoard, removeAssignment, runAssignment } from "~/services/assignments.server";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { newFormKey } from "~/services/once.server";
import { CompetitionPicker } from "~/components/PanelFields";
import { RunForm } from "~/components/AssignmentForms";
import { ProposalRow } from "~/components/AssignmentBoardRow";
import { readForm } from "~/utils/request-body.server";
import { parseListQuery } from "~/utils/list-query.server";
import { ListSearch, Pagination, queryString } from "~/components/ListControls";

export const meta: MetaFunction = () => [{ title: `${t("panel.assign.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const url = new URL(request.url);
  const { competitions, competition } = await pickStaffCompetition(db, user, url);
  const list = parseListQuery(url, { sorts: ["id"] });
  const adjust = Number(url.searchParams.get("adjust")) || null;
  if (!competition) return { competitions, competition: null, board: null, conflicts: [], organizationOf: {} as Record<number, number>, list, adjust, formKey: null };
  const { conflicts, organizationOf, proposals, ...board } = await loadAssignmentBoard(db, competition.id, {
    divisionId: Number(url.searchParams.get("division")) || null, page: list.page, pageSize: list.pageSize, q: list.q,
  });
  // only what the rows show goes to the page (names once, not once per assignment)
  const expertNames: Record<number, string> = {};
  const rows = proposals.map((p) => ({
    id: p.id, title: p.title, organization_name: p.organization_name,
    rounds: p.rounds.map((r) => ({
      round: r.round, assigned: r.assigned, submitted: r.submitted,
      assignments: r.assignments.map((a) => {
        expertNames[a.expert_id] = a.expert_name;
        return { id: a.id, expert_id: a.expert_id, active: a.active, score_status: a.score_status, total_centi: a.total_centi };
      }),
    })),
  }));
  return { competitions, competition, board: { ...board, proposals: rows, expertNames }, conflicts, organizationOf, list, adjust, formKey: newFormKey() };
}

export type Outcome =
  | { ok: true; intent: "run"; proposalId: null; seed: string; drawn: number; shortfalls: number; fieldErrors: Record<string, string> }
  | { ok: true; intent: "add" | "remove"; proposalId: number | null; fieldErrors: Record<string, string> }
  | { ok: false; intent: "run" | "add" | "remove"; proposalId: number | null; fieldErrors: Record<string, string>; values: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const raw = formData.get("intent");
  const intent = raw === "add" || raw === "remove" ? raw : ("run" as const);
  const input = formDataToObject(formData);
  const proposalId = Number(input.proposalId) || null;
  const actor = { id: user.id, role: user.role };
  const now = new Date();
  const db = getDb();
  if (intent === "run") {
    const result = await runAssignment(db, actor, input, now);
    if (!result.ok) return data<Outcome>({ ok: false, intent, proposalId, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
    return data<Outcome>({ ok: true, intent, proposalId: null, seed: result.seed, drawn: result.drawn, shortfalls: result.shortfalls.length, fieldErrors: {} });
  }
  const result = intent === "add" ? await addAssignment(db, actor, input, now) : await removeAssignment(db, actor, input, now);
  if (!result.ok) return data<Outcome>({ ok: false, intent, proposalId, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return data<Outcome>({ ok: true, intent, proposalId, fieldErrors: {} });
}

export type Board = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["board"]>;
export type BoardProposal = Board["proposals"][number];
export type Conflict = ReturnType<typeof useLoaderData<typeof loader>>["conflicts"][number];

const roundLabel = (round: string) => t(`panel.round.${round as "desk"}`);

export default function OrganizerAssignments() {
  const { competitions, competition, board, conflicts, organizationOf, list, adjust, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Outcome | undefined;
  if (!competition || !board) return <p>{t("panel.noCompetition")}</p>;
  const k = board.rules.review.expertsPerProposal;
  const divisionName = (id: number | null) => board.divisions.find((d) => d.id === id)?.name ?? "";
  const history = board.history;
  const params = { competition: competition.id, division: board.division?.id, q: list.q, page: list.page === 1 ? null : list.page };
  // the adjustment forms of one proposal open on demand (?adjust=<id>), or after a refused adjustment
  const adjustId = result && !result.ok && result.proposalId ? result.proposalId : adjust;
  return (
    <section>
      <h1>{t("panel.assign.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition.id} />
      <p className="muted">{t("panel.assign.intro", { k })}</p>
      {result?.ok && result.intent === "run" ? (
        <div className="flash" role="status">
          <p data-testid="run-result">{t("panel.assign.ran", { seed: result.seed, drawn: result.drawn })}</p>
          {result.shortfalls > 0 ? <p className="error">{t("panel.assign.shortfall", { count: result.shortfalls, k })}</p> : null}
        </div>
      ) : null}
      {result?.ok && result.intent !== "run" ? (
        <p className="flash" role="status">
          {t("panel.assign.saved")}
        </p>
      ) : null}

      <RunForm competitionId={competition.id} divisions={board.divisions} rounds={board.rounds} serverErrors={result && !result.ok && result.intent === "run" ? result.fieldErrors : undefined}
        values={result && !result.ok && result.intent === "run" ? result.values : undefined} formKey={formKey}
      />

      <section className="card">
        <h2>{t("panel.assign.runs")}</h2>
        {board.runs.length === 0 ? <p className="muted">{t("panel.assign.runsNone")}</p> : null}
        <ul>
          {board.runs.map((run) => (
            <li key={run.id} data-testid="assignment-run">
              {t("panel.assign.runLine", {
                at: formatShanghai(run.created_at),
                division: divisionName(run.division_id),
                round: roundLabel(run.round),
                seed: run.seed,
                k: run.experts_per_proposal,
                by: run.created_by_name,
              })}
            </li>
          ))}
        </ul>
      </section>

      <nav aria-label={t("panel.assign.board")} className="no-print">
        {board.divisions.map((d) => (
          <span key={d.id}>
            {d.id === board.division?.id ? <strong aria-current="page">{d.name}</strong> : <Link to={queryString({ competition: competition.id, division: d.id })}>{d.name}</Link>}{" "}
          </span>
        ))}
      </nav>
      {board.division ? (
        <section className="card">
          <h2>
            {t("panel.assign.board")} · {board.division.name}
          </h2>
          <ListSearch q={list.q} keep={{ competition: competition.id, division: board.division.id }} />
          {board.proposals.length === 0 ? <p className="muted">{list.q ? t("scale.list.none") : t("panel.assign.noProposals")}</p> : null}
          {board.proposals.length ? (
            <TableWrap>
              <table>
                <thead>
                  <tr>
                    <th>{t("panel.assign.project")}</th>
                    {board.rounds.map((r) => (
                      <th key={r}>{t("panel.assign.experts", { round: roundLabel(r) })}</th>
                    ))}
                    <th>{t("panel.assign.manual")}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.proposals.map((p) => (
                    <ProposalRow key={p.id} proposal={p} board={board} conflicts={conflicts} organizationId={organizationOf[p.id]} divisionId={board.division!.id} result={result} open={p.id === adjustId} adjustHref={queryString({ ...params, adjust: p.id })} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          <Pagination page={board.page} pageSize={board.pageSize} total={board.total} params={params} />
        </section>
      ) : null}

      <section className="card">
        <h2>{t("panel.assign.progressExperts")}</h2>
        <TableWrap>
          <table>
            <thead>
              <tr>
                <th>{t("panel.assign.expert")}</th>
                <th>{t("panel.assign.letterNo")}</th>
                <th>{t("panel.assign.division")}</th>
                <th className="num">{t("panel.assign.assigned")}</th>
                <th className="num">{t("panel.assign.submitted")}</th>
                <th className="num">{t("panel.assign.drafts")}</th>
              </tr>
            </thead>
            <tbody>
              {board.progressByExpert.map((e) => (
                <tr key={e.id} data-testid="expert-progress" data-expert-id={e.id}>
                  <td>{e.display_name}</td>
                  <td>{e.letter_no}</td>
                  <td>{e.division_id ? divisionName(e.division_id) : t("panel.experts.allDivisions")}</td>
                  <td className="num">{e.assigned}</td>
                  <td className="num" data-testid="expert-submitted">
                    {e.submitted}/{e.assigned}
                  </td>
                  <td className="num">{e.drafts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section className="card">
        <h2>{t("panel.assign.conflicts")}</h2>
        {conflicts.length === 0 ? <p className="muted">{t("panel.assign.noConflicts")}</p> : null}
        <ul>
          {conflicts.map((c) => (
            <li key={c.id} data-testid="conflict">
              {t("panel.assign.conflictLine", { expert: c.expert_name, organization: c.organization_name, ground: tMaybe(`review.ground.${c.ground}`) })}
              {c.note ? `（${c.note}）` : null} <span className="muted">{formatShanghai(c.declared_at)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card">
        <h2>{t("panel.assign.history")}</h2>
        {history.length === 0 ? <p className="muted">{t("panel.assign.noHistory")}</p> : null}
        <ul>
          {history.map((h) => (
            <li key={h.id} data-testid="assignment-history">
              {h.title} ·{" "}
              {t("panel.assign.historyLine", {
                expert: h.expert_name,
                round: roundLabel(h.round),
                state: t(h.active ? "panel.assign.historyAdded" : "panel.assign.historyRemoved"),
                reason: h.reason ?? "",
              })}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
