// The organizer's to-do list (工作台): what each count means. Pure, so the page and the service share it.
export const TODO_KINDS = ["initialReview", "sheets", "objections", "agreements", "reports", "overdue"] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** Where each kind of work is done (the staff page that the count links to). */
export const TODO_PATHS: Record<TodoKind, string> = {
  initialReview: "/organizer/proposals",
  sheets: "/organizer/assignments",
  objections: "/organizer/objections",
  agreements: "/organizer/agreements",
  reports: "/organizer/finance/milestones",
  overdue: "/organizer/finance/milestones",
};
