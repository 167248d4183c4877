// The organizer's assignment board: seeded draws (seed shown and reusable), proposals × experts with
// score progress, adjustments with a required reason and their history, conflicts, loads per expert.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatCenti } from "~/domain/scoring";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { addAssignment, loadAssignmentBoard, removeAssignment, runAssignment } from "~/services/assignments.server";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { CompetitionPicker } from "~/components/PanelFields";
import { AddForm, RemoveForm, RunForm } from "~/components/AssignmentForms";
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
  if (!competition) return { competitions, competition: null, board: null, conflicts: [], organizationOf: {} as Record<number, number>, list, adjust };
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
  return { competitions, competition, board: { ...board, proposals: rows, expertNames }, conflicts, organizationOf, list, adjust };
}

type Outcome =
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

type Board = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["board"]>;
type BoardProposal = Board["proposals"][number];
type Conflict = ReturnType<typeof useLoaderData<typeof loader>>["conflicts"][number];

const roundLabel = (round: string) => t(`panel.round.${round as "desk"}`);

export default function OrganizerAssignments() {
  const { competitions, competition, board, conflicts, organizationOf, list, adjust } = useLoaderData<typeof loader>();
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
        values={result && !result.ok && result.intent === "run" ? result.values : undefined}
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

function scoreState(a: { score_status: string | null; total_centi: number | null }) {
  if (a.score_status === "submitted") return t("panel.assign.score.submitted", { score: formatCenti(a.total_centi ?? 0) });
  if (a.score_status === "draft") return t("panel.assign.score.draft");
  return t("panel.assign.score.none");
}

function ProposalRow(props: { proposal: BoardProposal; board: Board; conflicts: Conflict[]; organizationId: number; divisionId: number; result: Outcome | undefined; open: boolean; adjustHref: string }) {
  const { proposal: p, board, conflicts, organizationId, divisionId, result, open, adjustHref } = props;
  const conflictedExperts = new Set(conflicts.filter((c) => c.organization_id === organizationId).map((c) => c.expert_id));
  const eligible = board.experts.filter((e) => e.division_id === null || e.division_id === divisionId);
  const mine = result && result.proposalId === p.id ? result : undefined;
  const name = (expertId: number) => board.expertNames[expertId] ?? `#${expertId}`;
  // the full list (withdrawn ones struck through) and the forms only for the row being adjusted
  const adjustable = open
    ? { id: p.id, rounds: p.rounds.map((r) => ({ round: r.round, assignments: r.assignments.map((a) => ({ ...a, round: r.round, expert_name: name(a.expert_id) })) })) }
    : null;
  return (
    <tr data-testid="board-row" data-proposal-id={p.id}>
      <td>
        {p.title}
        <div className="muted">{p.organization_name}</div>
      </td>
      {p.rounds.map((r) => (
        <td key={r.round}>
          <div data-testid={`progress-${r.round}`}>
            {t("panel.assign.progress")} {r.submitted}/{r.assigned}
          </div>
          {open ? (
            <ul>
              {r.assignments.map((a) => (
                <li key={a.id} data-testid="board-assignment" data-expert-id={a.expert_id} data-active={a.active ? "1" : "0"}>
                  {a.active ? name(a.expert_id) : <s>{name(a.expert_id)}</s>} <span className="muted">{a.active ? scoreState(a) : t("panel.assign.removed")}</span>
                  {conflictedExperts.has(a.expert_id) ? <span className="badge bad">{t("panel.assign.conflicted")}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <div className="muted">
              {r.assignments
                .filter((a) => a.active)
                .map((a) => `${name(a.expert_id)} ${scoreState(a)}${conflictedExperts.has(a.expert_id) ? `（${t("panel.assign.conflicted")}）` : ""}`)
                .join("、")}
            </div>
          )}
        </td>
      ))}
      <td>
        {adjustable ? (
          <div className="stack" data-testid="adjust-forms">
            <RemoveForm
              proposal={adjustable}
              serverErrors={mine && !mine.ok && mine.intent === "remove" ? mine.fieldErrors : undefined}
              values={mine && !mine.ok && mine.intent === "remove" ? mine.values : undefined}
            />
            <AddForm
              proposal={adjustable}
              rounds={board.rounds}
              experts={eligible.filter((e) => !conflictedExperts.has(e.id))}
              serverErrors={mine && !mine.ok && mine.intent === "add" ? mine.fieldErrors : undefined}
              values={mine && !mine.ok && mine.intent === "add" ? mine.values : undefined}
            />
            {conflictedExperts.size > 0 ? (
              <p className="muted">
                {t("panel.assign.conflicted")}：{board.experts.filter((e) => conflictedExperts.has(e.id)).map((e) => e.display_name).join("、")}
              </p>
            ) : null}
          </div>
        ) : (
          <Link to={adjustHref}>{t("panel.assign.manual")}</Link>
        )}
      </td>
    </tr>
  );
}

