// The applicant's home page (工作台): the profile to fill in first, then the applicant's proposals.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RoleHome } from "~/components/RoleHome";
import { getDb } from "~/db.server";
import { type MessageKey, t } from "~/i18n";
import { applicantTypeLabel } from "~/schemas/proposal";
import { requireUser } from "~/services/auth.server";
import { loadOrganizationProfile } from "~/services/organizations.server";
import { listApplicantProposals } from "~/services/proposals.server";
import { statusClass } from "~/components/StatusBadge";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const [profile, proposals] = await Promise.all([loadOrganizationProfile(getDb(), user.id), listApplicantProposals(getDb(), user.id)]);
  const organization = profile ? { name: profile.organization.name, type: profile.organization.applicant_type } : null;
  return { displayName: user.display_name, organization, proposals };
}

export default function ApplicantHome() {
  const { displayName, organization, proposals } = useLoaderData<typeof loader>();
  return (
    <RoleHome role="applicant" displayName={displayName}>
      <section className="card" data-testid="home-profile">
        <h2>{t("registration.home.profile")}</h2>
        <p>
          {organization
            ? t("registration.home.profileDone", { name: organization.name, type: applicantTypeLabel(organization.type) })
            : t("registration.home.profileMissing")}{" "}
          <Link to="/applicant/profile">{t("registration.home.editProfile")}</Link>
        </p>
      </section>
      <section className="card" data-testid="home-proposals">
        <h2>{t("registration.home.myProposals")}</h2>
        {proposals.length === 0 ? <p className="muted">{t("registration.home.noProposals")}</p> : null}
        <ul>
          {proposals.map((p) => (
            <li key={p.id}>
              <Link to={`/applicant/proposals/${p.id}`}>{p.title || t("registration.proposal.untitled")}</Link> · {p.competition_name} ·{" "}
              <span className={statusClass("proposal", p.status)}>{t(`registration.status.${p.status}` as MessageKey)}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/applicant/proposals">{t("registration.home.newProposal")}</Link>
        </p>
      </section>
    </RoleHome>
  );
}
