// The common frame of each role's home page: greeting, what the role does here, and its links.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "../../db/schema";
import { t } from "../i18n";
import { ROLE_NAV } from "./nav";

const INTRO = {
  organizer: "dashboard.organizerIntro",
  reviewer: "dashboard.reviewerIntro",
  expert: "dashboard.expertIntro",
  applicant: "dashboard.applicantIntro",
  sponsor: "dashboard.sponsorIntro",
} as const;

export function RoleHome(props: { role: Role; displayName: string; children?: ReactNode }) {
  const links = ROLE_NAV[props.role].slice(1);
  return (
    <section data-testid={`home-${props.role}`}>
      <h1>{t("dashboard.welcome", { name: props.displayName })}</h1>
      <p className="muted">
        {t(`role.${props.role}`)} · {t(INTRO[props.role])}
      </p>
      {links.length ? (
        <ul className="tags">
          {links.map((l) => (
            <li key={l.to}>
              <Link to={l.to}>{t(l.label)}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {props.children}
    </section>
  );
}
