// Navigation links per role. Each area adds its pages here.
import type { Role } from "../../db/schema";
import type { MessageKey } from "../i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** The stage of the work this page belongs to; consecutive items of one group are shown together. */
  group?: MessageKey;
}

/** The organizer's pages grouped by the stage of the competition they serve, in the order of the year. */
const ORGANIZER_GROUPS: { group: MessageKey; items: NavItem[] }[] = [
  { group: "shell.navGroup.setup", items: [{ to: "/organizer/competitions", label: "nav.organizerCompetitions" }, { to: "/organizer/calendar", label: "nav.organizerCalendar" }, { to: "/organizer/notifications", label: "nav.organizerNotifications" }] },
  { group: "shell.navGroup.registration", items: [{ to: "/organizer/proposals", label: "shell.nav.organizerProposals" }] },
  { group: "shell.navGroup.review", items: [{ to: "/organizer/experts", label: "nav.organizerExperts" }, { to: "/organizer/assignments", label: "nav.organizerAssignments" }, { to: "/organizer/ranking", label: "nav.organizerRanking" }, { to: "/organizer/reliability", label: "nav.organizerReliability" }] },
  { group: "shell.navGroup.notice", items: [{ to: "/organizer/lottery", label: "nav.organizerLottery" }, { to: "/organizer/notices", label: "nav.organizerNotices" }, { to: "/organizer/objections", label: "nav.organizerObjections" }] },
  { group: "shell.navGroup.delivery", items: [{ to: "/organizer/agreements", label: "nav.organizerAgreements" }, { to: "/organizer/finance", label: "nav.finance" }] },
];

/** Items in runs of one group (an item without a group is a run of its own). */
export function groupNav(items: NavItem[]): { group?: MessageKey; items: NavItem[] }[] {
  const runs: { group?: MessageKey; items: NavItem[] }[] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && item.group && last.group === item.group) last.items.push(item);
    else runs.push({ group: item.group, items: [item] });
  }
  return runs;
}

export const ROLE_NAV: Record<Role, NavItem[]> = {
  organizer: [{ to: "/organizer", label: "nav.myHome" }, ...ORGANIZER_GROUPS.flatMap((g) => g.items.map((i) => ({ ...i, group: g.group })))],
  reviewer: [{ to: "/review", label: "nav.myHome" }, { to: "/review?status=submitted", label: "nav.reviewQueue" }],
  expert: [{ to: "/expert", label: "nav.myHome" }, { to: "/expert/conflicts", label: "nav.expertConflicts" }],
  applicant: [{ to: "/applicant", label: "nav.myHome" }, { to: "/applicant/profile", label: "nav.myProfile" }, { to: "/applicant/proposals", label: "nav.myProposals" }, { to: "/applicant/milestones", label: "nav.myMilestones" }, { to: "/applicant/agreements", label: "nav.applicantAgreements" }],
  sponsor: [{ to: "/sponsor", label: "nav.myHome" }],
};

export const PUBLIC_NAV: NavItem[] = [{ to: "/", label: "nav.home" }, { to: "/notices", label: "nav.notices" }, { to: "/transparency", label: "nav.transparency" }];
