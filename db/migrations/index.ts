// The migration list, in order. Imported statically so the Remix server bundle carries them.
import type { Migration } from "kysely";
import * as core from "./2026_11_22_01_core";
import * as registration from "./2026_11_22_02_registration";
import * as review from "./2026_11_22_03_review";
import * as notice from "./2026_11_22_04_notice";
import * as ledger from "./2026_11_22_05_ledger";
import * as competitionFund from "./2026_11_23_01_competition_fund";
import * as attachmentBlobs from "./2026_12_02_60_attachment_blobs";
import * as sessionsRateLimits from "./2026_12_02_10_sessions_rate_limits";
import * as notifications from "./2026_12_02_70_notifications";
import * as holidaySchedules from "./2026_12_02_30_holiday_schedules";
import * as competitionDateChanges from "./2026_12_02_31_competition_date_changes";
import * as rankingSnapshot from "./2026_12_02_50_ranking_snapshot";
import * as rehearsalAndPreferences from "./2026_12_02_40_rehearsal_and_preferences";
import * as formSubmissions from "./2026_12_02_41_form_submissions";
import * as recusalAndAuditAnchor from "./2026_12_02_20_recusal_and_audit_anchor";
import * as auditAnchorSeal from "./2026_12_02_21_audit_anchor_seal";
import * as scaleIndexes from "./2026_12_02_51_scale_indexes";
import * as discordanceNotes from "./2026_12_02_90_discordance_notes";
import * as moneyChanges from "./2026_12_03_10_money_changes";
import * as lotterySeeds from "./2026_12_03_20_lottery_seeds";

export const migrations: Record<string, Migration> = {
  "2026_11_22_01_core": core,
  "2026_11_22_02_registration": registration,
  "2026_11_22_03_review": review,
  "2026_11_22_04_notice": notice,
  "2026_11_22_05_ledger": ledger,
  "2026_11_23_01_competition_fund": competitionFund,
  "2026_12_02_60_attachment_blobs": attachmentBlobs,
  "2026_12_02_10_sessions_rate_limits": sessionsRateLimits,
  "2026_12_02_70_notifications": notifications,
  "2026_12_02_30_holiday_schedules": holidaySchedules,
  "2026_12_02_31_competition_date_changes": competitionDateChanges,
  "2026_12_02_50_ranking_snapshot": rankingSnapshot,
  "2026_12_02_40_rehearsal_and_preferences": rehearsalAndPreferences,
  "2026_12_02_41_form_submissions": formSubmissions,
  "2026_12_02_20_recusal_and_audit_anchor": recusalAndAuditAnchor,
  "2026_12_02_21_audit_anchor_seal": auditAnchorSeal,
  "2026_12_02_51_scale_indexes": scaleIndexes,
  "2026_12_02_90_discordance_notes": discordanceNotes,
  "2026_12_03_10_money_changes": moneyChanges,
  "2026_12_03_20_lottery_seeds": lotterySeeds,
};
