// Competition rules, settings manifest, dates and the working-day calendar (issue 11, comp-rules).
import type { rules as zh } from "../zh-CN/rules";

export const rules: Record<keyof typeof zh, string> = {
  "rules.creditCode.notCivilAffairs": "This is not the code of a civil-affairs registered social organization (those start with 51, 52, 53 or 59; enterprises start with 91). Choose another applicant type or check the code",
  "rules.contribution.overPledge": "Received {received} yuan is more than the pledged {pledged} yuan: check the bank slip; record the excess as a new pledge before booking it",
  "rules.contribution.short": "{short} yuan short of the pledge",
};
