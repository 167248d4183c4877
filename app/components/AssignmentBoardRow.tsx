// One proposal's row on the organizer's assignment board: progress per round, the experts as one line of
// text, and (only for the row being adjusted) the full list and the remove/add forms.
import { Link } from "@remix-run/react";
import { AddForm, RemoveForm } from "~/components/AssignmentForms";
import { formatCenti } from "~/domain/scoring";
import { t } from "~/i18n";
import type { Board, BoardProposal, Conflict, Outcome } from "~/routes/organizer.assignments";

function scoreState(a: { score_status: string | null; total_centi: number | null }) {
  if (a.score_status === "submitted") return t("panel.assign.score.submitted", { score: formatCenti(a.total_centi ?? 0) });
  if (a.score_status === "draft") return t("panel.assign.score.draft");
  return t("panel.assign.score.none");
}

export function ProposalRow(props: { proposal: BoardProposal; board: Board; conflicts: Conflict[]; organizationId: number; divisionId: number; result: Outcome | undefined; open: boolean; adjustHref: string }) {
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

