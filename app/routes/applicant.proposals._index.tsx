// The applicant's proposals (我的申报) and the competitions now accepting them, each with "新建申报".
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadOrganizationProfile } from "~/services/organizations.server";
import { createDraftProposal, listApplicantProposals, listOpenCompetitions } from "~/services/proposals.server";
import { readForm } from "~/utils/request-body.server";
import { RehearsalMark } from "~/components/CompetitionPicker";
import { statusClass } from "~/components/StatusBadge";
import { OnceField } from "~/components/OnceField";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { newFormKey } from "~/services/once.server";

export const meta: MetaFunction = () => [{ title: `${t("registration.home.myProposals")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const db = getDb();
  const now = new Date();
  const [proposals, competitions, profile] = await Promise.all([
    listApplicantProposals(db, user.id),
    listOpenCompetitions(db, now),
    loadOrganizationProfile(db, user.id),
  ]);
  return { proposals, competitions, hasProfile: profile !== null, formKey: newFormKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const formData = await readForm(request);
  const result = await createDraftProposal(getDb(), { id: user.id, role: user.role }, Number(formData.get("competitionId")), new Date(), formData.get(FORM_KEY_FIELD));
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: result.status });
  return redirect(`/applicant/proposals/${result.proposalId}`);
}

export default function MyProposals() {
  const { proposals, competitions, hasProfile, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>{t("registration.home.myProposals")}</h1>
      {result?.fieldErrors._form ? (
        <p className="alert" role="alert">
          {tMaybe(result.fieldErrors._form)}
        </p>
      ) : null}
      {!hasProfile ? (
        <p className="alert" data-testid="profile-missing">
          {t("registration.home.needProfile")} <Link to="/applicant/profile">{t("registration.home.editProfile")}</Link>
        </p>
      ) : null}
      <section className="card">
        <h2>{t("registration.home.openCompetitions")}</h2>
        {competitions.length === 0 ? <p className="muted">{t("registration.home.noOpen")}</p> : null}
        <ul>
          {competitions.map((c) => (
            <li key={c.id} data-testid={`open-competition-${c.id}`}>
              <strong>{c.name}</strong> <RehearsalMark competition={c} />{" "}
              <span className="muted">
                {t("registration.home.window", { from: formatShanghai(c.registration_opens_at), to: formatShanghai(c.registration_closes_at) })}
              </span>
              <Form method="post" className="actions">
                <input type="hidden" name="competitionId" value={c.id} />
                <OnceField value={formKey} />
                <button type="submit" disabled={!hasProfile}>
                  {t("registration.home.newProposal")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("registration.home.myProposals")}</h2>
        <ProposalTable proposals={proposals} />
      </section>
    </>
  );
}

type ProposalRow = Awaited<ReturnType<typeof listApplicantProposals>>[number];

/** The applicant's proposals as a table. */
function ProposalTable({ proposals }: { proposals: ProposalRow[] }) {
  if (proposals.length === 0) return <p className="muted">{t("registration.home.noProposals")}</p>;
  return (
    <TableWrap>
      <table>
        <thead>
          <tr>
            <th>{t("registration.proposal.title")}</th>
            <th>{t("registration.proposal.competition")}</th>
            <th>{t("registration.proposal.requested")}</th>
            <th>{t("registration.proposal.status")}</th>
            <th>{t("registration.proposal.updatedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr key={p.id} data-testid={`proposal-row-${p.id}`}>
              <td>
                <Link to={`/applicant/proposals/${p.id}`}>{p.title || t("registration.proposal.untitled")}</Link>
              </td>
              <td>{p.competition_name} <RehearsalMark competition={p} /></td>
              <td>{formatYuan(p.requested_fen)} 元</td>
              <td>
                <span className={statusClass("proposal", p.status)}>{t(`registration.status.${p.status}` as MessageKey)}</span>
              </td>
              <td>{formatShanghai(p.last_submitted_at ?? p.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
