// Navigation links per role. Each area adds its pages here.
import type { Role } from "../../db/schema";
import type { MessageKey } from "../i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
}

export const ROLE_NAV: Record<Role, NavItem[]> = {
  organizer: [{ to: "/organizer", label: "nav.myHome" }, { to: "/organizer/competitions", label: "nav.organizerCompetitions" }, { to: "/organizer/finance", label: "nav.finance" }, { to: "/organizer/notices", label: "nav.organizerNotices" }, { to: "/organizer/objections", label: "nav.organizerObjections" }, { to: "/organizer/agreements", label: "nav.organizerAgreements" }, { to: "/organizer/calendar", label: "nav.organizerCalendar" }, { to: "/organizer/experts", label: "nav.organizerExperts" }, { to: "/organizer/assignments", label: "nav.organizerAssignments" }, { to: "/organizer/ranking", label: "nav.organizerRanking" }, { to: "/organizer/reliability", label: "nav.organizerReliability" }, { to: "/organizer/notifications", label: "nav.organizerNotifications" }],
  reviewer: [{ to: "/review", label: "nav.myHome" }, { to: "/review?status=submitted", label: "nav.reviewQueue" }],
  expert: [{ to: "/expert", label: "nav.myHome" }, { to: "/expert/conflicts", label: "nav.expertConflicts" }],
  applicant: [{ to: "/applicant", label: "nav.myHome" }, { to: "/applicant/profile", label: "nav.myProfile" }, { to: "/applicant/proposals", label: "nav.myProposals" }, { to: "/applicant/milestones", label: "nav.myMilestones" }, { to: "/applicant/agreements", label: "nav.applicantAgreements" }],
  sponsor: [{ to: "/sponsor", label: "nav.myHome" }],
};

export const PUBLIC_NAV: NavItem[] = [{ to: "/", label: "nav.home" }, { to: "/notices", label: "nav.notices" }, { to: "/transparency", label: "nav.transparency" }];
