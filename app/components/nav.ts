// Navigation links per role. Each area adds its pages here.
import type { Role } from "../../db/schema";
import type { MessageKey } from "../i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
}

export const ROLE_NAV: Record<Role, NavItem[]> = {
  organizer: [{ to: "/organizer", label: "nav.myHome" }, { to: "/organizer/finance", label: "nav.finance" }],
  reviewer: [{ to: "/review", label: "nav.myHome" }],
  expert: [{ to: "/expert", label: "nav.myHome" }],
  applicant: [{ to: "/applicant", label: "nav.myHome" }, { to: "/applicant/milestones", label: "nav.myMilestones" }],
  sponsor: [{ to: "/sponsor", label: "nav.myHome" }],
};

export const PUBLIC_NAV: NavItem[] = [{ to: "/", label: "nav.home" }, { to: "/transparency", label: "nav.transparency" }];
