// Kysely table types: the one contract between migrations, services and seeds.
// Conventions (see docs/decisions): money columns end in `_fen` and hold integer fen;
// instants end in `_at` and hold ISO-8601 UTC strings; calendar dates end in `_on`
// and hold Asia/Shanghai dates as YYYY-MM-DD; JSON columns end in `_json`; booleans are 0/1.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "organizer" | "reviewer" | "expert" | "applicant" | "sponsor";
export const ROLES: readonly Role[] = ["organizer", "reviewer", "expert", "applicant", "sponsor"];

type Id = Generated<number>;
type Instant = string;
type CreatedAt = ColumnType<string, string, never>;

export interface UsersTable {
  id: Id;
  username: string;
  password_hash: string | null; // null until an invited expert sets a password
  role: Role;
  display_name: string;
  mobile: string | null;
  disabled: Generated<number>;
  created_at: CreatedAt;
}

export interface ExpertInvitesTable {
  id: Id;
  user_id: number;
  token_sha256: string;
  expires_at: Instant;
  used_at: Instant | null;
  created_by: number;
  created_at: CreatedAt;
}

export interface CompetitionsTable {
  id: Id;
  slug: string;
  name: string;
  year: number;
  host: string; // 主办单位
  operator: string; // 承办单位
  summary: string;
  status: "draft" | "published";
  rules_json: string; // CompetitionRules, validated by app/domain/competition-rules.ts
  total_fund_fen: Generated<number | null>; // 资助资金总额; null = not yet set
  registration_opens_at: Instant;
  registration_closes_at: Instant;
  initial_review_ends_at: Instant;
  review_starts_at: Instant;
  review_ends_at: Instant;
  signing_ends_at: Instant;
  implementation_ends_at: Instant;
  created_at: CreatedAt;
  updated_at: Instant;
  is_rehearsal: Generated<number>; // 1 = 演练 (decision 011): never in public lists or totals
  clock_offset_seconds: Generated<number>; // a rehearsal's clock runs this far ahead of real time
}

export interface DivisionsTable {
  id: Id;
  competition_id: number;
  code: string;
  name: string;
  budget_fen: number;
  sort_order: number;
}

export interface CategoriesTable {
  id: Id;
  competition_id: number;
  code: string;
  name: string;
  sort_order: number;
}

export type ApplicantType = "social_org" | "community_group" | "resident_team";

export interface OrganizationsTable {
  id: Id;
  user_id: number;
  name: string;
  applicant_type: ApplicantType;
  credit_code: string | null; // 统一社会信用代码, social_org only
  filing_number: string | null; // 备案编号, community_group only
  legal_rep: string | null;
  contact_name: string;
  contact_mobile: string;
  address: string;
  created_at: CreatedAt;
  updated_at: Instant;
}

export interface TeamMembersTable {
  id: Id;
  organization_id: number;
  name: string;
  mobile: string;
  sort_order: number;
}

export type ProposalStatus =
  | "draft"
  | "submitted"
  | "returned"
  | "rejected"
  | "passed"
  | "disqualified"
  | "contracted"
  | "terminated"
  | "completed";

export interface ProposalsTable {
  id: Id;
  competition_id: number;
  organization_id: number;
  division_id: number | null;
  category_id: number | null;
  status: ProposalStatus;
  title: string;
  community: string;
  beneficiaries: string;
  beneficiary_count: number;
  goals: string;
  activities_json: string; // [{name, startOn, endOn, description}]
  budget_json: string; // [{category, item, amountFen}]
  requested_fen: number;
  self_raised_fen: number;
  version: Generated<number>; // latest frozen version, 0 = never submitted
  first_submitted_at: Instant | null;
  last_submitted_at: Instant | null;
  correction_deadline_at: Instant | null;
  created_at: CreatedAt;
  updated_at: Instant;
}

export interface ProposalVersionsTable {
  id: Id;
  proposal_id: number;
  version: number;
  snapshot_json: string;
  sha256: string;
  submitted_at: Instant;
  submitted_by: number;
}

export interface ProposalEventsTable {
  id: Id;
  proposal_id: number;
  at: Instant;
  actor_id: number | null;
  kind: string; // i18n key suffix: created, submitted, returned, resubmitted, passed, rejected ...
  note: string | null;
}

export type AttachmentOwner = "proposal" | "objection" | "milestone_report";

export interface AttachmentsTable {
  id: Id;
  owner_type: AttachmentOwner;
  owner_id: number;
  original_name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  created_at: CreatedAt;
}

export interface InitialReviewsTable {
  id: Id;
  proposal_id: number;
  proposal_version: number;
  reviewer_id: number;
  decision: "pass" | "return" | "reject";
  checklist_json: string;
  reasons: string | null;
  correction_deadline_at: Instant | null;
  created_at: CreatedAt;
}

export interface ExpertAppointmentsTable {
  id: Id;
  competition_id: number;
  expert_id: number;
  division_id: number | null; // null = may serve any division
  letter_no: string;
  issued_at: Instant;
  issued_by: number;
}

export interface ConflictDeclarationsTable {
  id: Id;
  competition_id: number;
  expert_id: number;
  organization_id: number;
  ground: string;
  note: string | null;
  declared_at: Instant;
  /** Set when the declaration came from recusing from one assignment (the expert may not know the applicant). */
  recused_assignment_id: number | null;
}

export type ReviewRound = "desk" | "live";

export interface AssignmentRunsTable {
  id: Id;
  competition_id: number;
  division_id: number;
  round: ReviewRound;
  seed: string;
  experts_per_proposal: number;
  created_by: number;
  created_at: CreatedAt;
}

export interface AssignmentsTable {
  id: Id;
  competition_id: number;
  proposal_id: number;
  expert_id: number;
  round: ReviewRound;
  run_id: number | null; // null = added by hand
  active: Generated<number>;
  reason: string | null; // required when added or removed by hand
  created_at: CreatedAt;
  updated_at: Instant;
}

export interface ScoresTable {
  id: Id;
  assignment_id: number;
  criteria_json: string; // {criterionKey: centipoints}
  total_centi: number; // sum of criteria, in hundredths of a point
  comment: string;
  status: "draft" | "submitted";
  submitted_at: Instant | null;
  updated_at: Instant;
}

export interface AwardDecisionsTable {
  id: Id;
  proposal_id: number;
  approved_fen: number;
  reason: string;
  decided_by: number;
  decided_at: Instant;
}

/** A panel note on a discordant proposal (append-only; the latest is the one shown). */
export interface DiscordanceNotesTable {
  id: Id;
  competition_id: number;
  proposal_id: number;
  note: string;
  noted_by: number;
  noted_at: Instant;
}

/** The public lottery's announcement (how and when the seed is fixed) and then the seed itself; one of each per competition. */
export interface LotterySeedsTable {
  id: Id;
  competition_id: number;
  kind: "announcement" | "seed";
  text: string;
  /** announcement: the instant from which the seed may be entered */
  draw_at: Instant | null;
  recorded_by: number;
  recorded_at: Instant;
}

export interface NoticesTable {
  id: Id;
  competition_id: number;
  version: number;
  title: string;
  body: string;
  snapshot_json: string; // frozen shortlist rows + panel names
  sha256: string;
  published_at: Instant;
  published_by: number;
  period_starts_on: string;
  period_ends_on: string;
  period_ends_at: Instant; // last instant of period_ends_on in Asia/Shanghai
  supersedes_id: number | null;
}

export interface CalendarOverridesTable {
  id: Id;
  date_on: string;
  kind: "holiday" | "workday";
  note: string;
  created_by: number;
  created_at: CreatedAt;
}

export interface ObjectionsTable {
  id: Id;
  notice_id: number;
  proposal_id: number;
  name: string;
  mobile: string;
  relation: string;
  reasons: string;
  status: "pending" | "upheld" | "dismissed";
  finding: string | null;
  decided_by: number | null;
  decided_at: Instant | null;
  filed_at: Instant;
}

export interface AgreementsTable {
  id: Id;
  proposal_id: number;
  competition_id: number;
  notice_id: number;
  amount_fen: number;
  text: string;
  text_sha256: string;
  status: "draft" | "org_signed" | "signed" | "terminated" | "completed";
  org_signed_by: number | null;
  org_signed_at: Instant | null;
  organizer_signed_by: number | null;
  organizer_signed_at: Instant | null;
  created_at: CreatedAt;
}

export type MilestoneStatus =
  | "pending"
  | "submitted"
  | "rectifying"
  | "paid"
  | "failed"
  | "cancelled";

export interface MilestonesTable {
  id: Id;
  agreement_id: number;
  seq: number;
  name: string;
  percent: number;
  amount_fen: number;
  due_on: string;
  deliverables: string;
  requires_report: number; // the signing tranche pays without a report
  status: MilestoneStatus;
  fail_count: Generated<number>;
}

export interface MilestoneReportsTable {
  id: Id;
  milestone_id: number;
  summary: string;
  submitted_by: number;
  submitted_at: Instant;
}

export interface MilestoneEvaluationsTable {
  id: Id;
  milestone_id: number;
  report_id: number;
  grade: "excellent" | "good" | "pass" | "fail";
  score_centi: number;
  note: string;
  evaluator_id: number;
  created_at: CreatedAt;
}

export interface SponsorsTable {
  id: Id;
  user_id: number | null;
  name: string;
  contact: string;
}

export interface ContributionsTable {
  id: Id;
  sponsor_id: number;
  competition_id: number;
  pledged_fen: number;
  pledged_on: string;
  received_fen: Generated<number>;
  received_on: string | null;
  voucher_no: string | null;
  status: "pledged" | "received";
}

export interface LedgerAccountsTable {
  id: Id;
  code: string; // e.g. pool:1, commitment:7, paid:3, sponsor:2, recovered:3
  name: string;
  kind: "sponsor" | "pool" | "commitment" | "paid" | "recovered";
  normal_side: "debit" | "credit";
  competition_id: number;
  ref_id: number | null;
}

export interface LedgerEntriesTable {
  id: Id;
  idempotency_key: string;
  kind: string;
  memo: string;
  competition_id: number;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface LedgerLinesTable {
  id: Id;
  entry_id: number;
  account_id: number;
  side: "debit" | "credit";
  amount_fen: number;
}

export interface AuditLogTable {
  id: Id;
  at: Instant;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

// --- notifications (issue 12): outbox rows, attempts, preferences, switches, verified contacts ---
export type NotificationChannel = "inapp" | "email" | "sms";
export type ExternalChannel = "email" | "sms";

export interface NotificationsTable {
  id: Id;
  user_id: number | null; // null only for recipients without an account
  channel: NotificationChannel;
  address: string | null; // email or mobile for external channels; null for in-app
  event: string;
  template_id: string;
  params_json: string; // template parameters, never another party's private data
  link: string | null;
  competition_id: number | null;
  batch_key: string; // rows written for one recipient by one event share it
  dedupe_key: string | null; // reminders: unique per (event, item, due date, recipient, channel)
  idempotency_key: string; // given to providers as message id, so a retry is recognised
  status: "queued" | "sending" | "sent" | "failed";
  attempts: Generated<number>;
  next_attempt_at: Instant;
  claimed_by: string | null;
  claim_expires_at: Instant | null;
  last_error: string | null;
  provider_id: string | null;
  sent_at: Instant | null;
  read_at: Instant | null;
  created_at: CreatedAt;
}

export interface NotificationAttemptsTable {
  id: Id;
  notification_id: number;
  at: Instant;
  channel: NotificationChannel;
  worker_id: string;
  result: "sent" | "failed" | "retry" | "unknown";
  error: string | null;
}

export interface NotificationPreferencesTable {
  user_id: number;
  channel: ExternalChannel;
  enabled: number;
  updated_at: Instant;
}

export interface NotificationSwitchesTable {
  competition_id: number;
  event: string;
  enabled: number;
  updated_by: number;
  updated_at: Instant;
}

export interface UserContactsTable {
  user_id: number;
  channel: ExternalChannel;
  address: string;
  verified_at: Instant;
}

export interface ContactVerificationsTable {
  id: Id;
  user_id: number;
  channel: ExternalChannel;
  address: string;
  code_sha256: string;
  expires_at: Instant;
  failed_attempts: Generated<number>;
  consumed_at: Instant | null;
  created_at: CreatedAt;
}
// --- end notifications ---
// --- comp-rules (issue 11): entered holiday schedules, competition date changes ---------------
export interface HolidaySchedulesTable {
  id: Id;
  year: number;
  holidays_json: string; // HolidayRange[] of app/domain/calendar.ts
  workdays_json: string; // CalendarDate[] (调休 working weekend days)
  source: string; // e.g. 国务院办公厅关于2027年部分节假日安排的通知
  entered_by: number;
  entered_at: Instant;
}

export interface CompetitionDateChangesTable {
  id: Id;
  competition_id: number;
  field: string; // one of the competitions' stage date columns
  from_at: Instant;
  to_at: Instant;
  reason: string;
  changed_by: number;
  changed_at: Instant;
}
// --- end comp-rules ---------------------------------------------------------------------------
// scale (issue 15): the stored ranking, invalidated by triggers appending to ranking_changes
export interface RankingChangesTable {
  id: Id;
  source: string;
}

/** one row per write to a table the public money figures read (triggers, migration 2026_12_03_10) */
export interface MoneyChangesTable {
  id: Id;
  source: string;
}

export interface RankingSnapshotsTable {
  id: Id;
  competition_id: number;
  /** max(id) and count(*) of ranking_changes when the inputs were read */
  changes_max: number;
  changes_count: number;
  computed_at: Instant;
  summary_json: string;
}

export interface RankingRowsTable {
  id: Id;
  competition_id: number;
  division_id: number;
  /** order within the division, 1 = first */
  position: number;
  proposal_id: number;
  rank: number | null;
  title: string;
  organization_name: string;
  final_centi: number | null;
  requested_fen: number;
  approved_fen: number;
  grant_fen: number;
  outcome: string;
  outlier_count: number;
  explain_json: string;
}

// --- postgres (issue 13): attachment bytes when ATTACHMENTS_STORE=db ---
export interface AttachmentBlobsTable {
  storage_key: string;
  bytes: Buffer;
  size_bytes: number;
  created_at: string;
}

// --- security (issue 10): server-side sessions, shared rate-limit counters, known login addresses ---
export interface SessionsTable {
  id_sha256: string; // SHA-256 (hex) of the random token in the cookie
  user_id: number;
  created_at: Instant;
  expires_at: Instant;
}

export interface RateLimitsTable {
  key: string; // e.g. "login:acct-addr:<user>|<address>", "objection:addr:<address>"
  count: number; // hits in the window that started at window_started_at
  window_started_at: Instant;
  blocked_until: Instant | null; // set by backoff policies
}

export interface LoginAddressesTable {
  user_id: number;
  address: string; // normalised (IPv6 to its /64)
  last_success_at: Instant;
}
// --- end security ---

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  login_addresses: LoginAddressesTable;
  expert_invites: ExpertInvitesTable;
  competitions: CompetitionsTable;
  divisions: DivisionsTable;
  categories: CategoriesTable;
  organizations: OrganizationsTable;
  team_members: TeamMembersTable;
  proposals: ProposalsTable;
  proposal_versions: ProposalVersionsTable;
  proposal_events: ProposalEventsTable;
  attachments: AttachmentsTable;
  initial_reviews: InitialReviewsTable;
  expert_appointments: ExpertAppointmentsTable;
  conflict_declarations: ConflictDeclarationsTable;
  audit_anchor: AuditAnchorTable;
  assignment_runs: AssignmentRunsTable;
  assignments: AssignmentsTable;
  scores: ScoresTable;
  award_decisions: AwardDecisionsTable;
  discordance_notes: DiscordanceNotesTable;
  lottery_seeds: LotterySeedsTable;
  notices: NoticesTable;
  calendar_overrides: CalendarOverridesTable;
  objections: ObjectionsTable;
  agreements: AgreementsTable;
  milestones: MilestonesTable;
  milestone_reports: MilestoneReportsTable;
  milestone_evaluations: MilestoneEvaluationsTable;
  sponsors: SponsorsTable;
  contributions: ContributionsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lines: LedgerLinesTable;
  audit_log: AuditLogTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_switches: NotificationSwitchesTable;
  user_contacts: UserContactsTable;
  contact_verifications: ContactVerificationsTable;
  holiday_schedules: HolidaySchedulesTable;
  competition_date_changes: CompetitionDateChangesTable;
  // scale (issue 15): the stored ranking
  ranking_changes: RankingChangesTable;
  money_changes: MoneyChangesTable;
  ranking_snapshots: RankingSnapshotsTable;
  ranking_rows: RankingRowsTable;
  user_preferences: UserPreferencesTable; // comp-multi (decision 011)
  attachment_blobs: AttachmentBlobsTable;
  form_submissions: FormSubmissionsTable; // one-time forms (issue 14)
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Competition = Selectable<CompetitionsTable>;
export type Division = Selectable<DivisionsTable>;
export type Category = Selectable<CategoriesTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Proposal = Selectable<ProposalsTable>;
export type ProposalUpdate = Updateable<ProposalsTable>;

// --- comp-multi (decision 011): per-user preferences ---------------------------------------------
export interface UserPreferencesTable {
  user_id: number;
  name: string; // e.g. "staff.competition"
  value: string;
  updated_at: Instant;
}

// --- issue 10 (input half): the audit chain's keyed anchor ---
/** One row (id 1): how long the audit chain is and its head, sealed with an HMAC whose key is not in the database. */
export interface AuditAnchorTable {
  id: number;
  row_count: number;
  head_id: number;
  head_hash: string;
  mac: string;
  updated_at: Instant;
}

// --- issue 14 (organizer half): one-time forms ---
/** The stored result of a form's first successful post, keyed by the random key rendered into the form. */
export interface FormSubmissionsTable {
  user_id: number; // 0 = a visitor without an account
  action: string; // e.g. "contribution.pledge"
  form_key: string;
  result_json: string;
  created_at: Instant;
}
