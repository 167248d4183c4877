// The statuses an agreement passes through, in order, and those after both parties signed (the ones that
// carry tranches). Plain constants, so list pages can render their filters in the browser too.
export const AGREEMENT_STATUSES = ["draft", "org_signed", "signed", "terminated", "completed"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const SIGNED_AGREEMENT_STATUSES = ["signed", "terminated", "completed"] as const;
