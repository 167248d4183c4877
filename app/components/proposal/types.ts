// What the applicant's proposal page hands its parts (the route's loader and action data).
import type { ActionData, loader } from "../../routes/applicant.proposals.$id";

export type ProposalPageData = Awaited<ReturnType<typeof loader>>;
export type ProposalActionData = ActionData;
