// Competitions: reading them for the public pages and the organizer's workspace, and setting them up.
import type { DB } from "../../db/connection";
import { writeTransaction } from "../../db/connection";
import {
  APPLICANT_TYPES,
  BUDGET_CATEGORIES,
  type CompetitionRules,
  DEFAULT_RULES,
  competitionRulesSchema,
  parseRules,
} from "../domain/competition-rules";
import { clockFor } from "../domain/clock";
import { type CompetitionProgress, type FreezeDates, changedSettings, frozenFields, stagesBegun } from "../domain/competition-settings";
import { type StageDates, dateChangeProblem, lockedDates, noticeStateAt, publicTimeline, stageAt } from "../domain/stages";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { type CompetitionSettings, DATE_FIELDS, competitionFormSchema } from "../schemas/competition";
import { parseWithSchema } from "../utils/forms";
import { recordAudit } from "./audit.server";
import { once } from "./once.server";

export async function loadCompetitionDetail(db: DB, competitionId: number) {
  const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirst();
  if (!competition) return null;
  const [divisions, categories] = await Promise.all([
    db.selectFrom("divisions").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute(),
    db.selectFrom("categories").selectAll().where("competition_id", "=", competitionId).orderBy("sort_order").execute(),
  ]);
  return { competition, rules: parseRules(competition.rules_json), divisions, categories };
}

export type CompetitionDetail = NonNullable<Awaited<ReturnType<typeof loadCompetitionDetail>>>;

// ---------------------------------------------------------------------------------------------
// Competition setup (大赛设置) by the organizer: create, edit, publish. Guards that depend on what
// has already happened (submissions, review, agreements) live here, next to the data they read;
// rules about the settings alone live in the shared form schema so the browser shows them first.

type Actor = { id: number; role: string };
type SetupStatus = 400 | 403 | 404 | 409;
export type SetupFailure = { ok: false; status: SetupStatus; fieldErrors: Record<string, string> };

class SetupError extends Error {
  constructor(
    public readonly fieldErrors: Record<string, string>,
    public readonly status: SetupStatus = 409,
  ) {
    super(Object.values(fieldErrors)[0]);
    this.name = "SetupError";
  }
}

const refuse = (status: SetupStatus, fieldErrors: Record<string, string>): SetupFailure => ({ ok: false, status, fieldErrors });

/** Every rule of the settings form, over `base` (which keeps anything the form does not show). */
function rulesFromSettings(base: CompetitionRules, s: CompetitionSettings): CompetitionRules {
  const rounds: CompetitionRules["review"]["rounds"] =
    s.reviewRounds === "desk_live"
      ? [
          { round: "desk", weightPercent: s.deskWeightPercent },
          { round: "live", weightPercent: 100 - s.deskWeightPercent },
        ]
      : [{ round: s.reviewRounds, weightPercent: 100 }];
  return competitionRulesSchema.parse({
    ...base,
    budgetCapBase: s.budgetCapBase,
    review: {
      ...base.review,
      expertsPerProposal: s.expertsPerProposal,
      blind: s.blind,
      aggregation: s.aggregation,
      trimMinScores: s.trimMinScores,
      rounds,
      qualificationLineCenti: s.qualificationLine,
      outlierDistanceCenti: s.outlierDistance,
      trimCount: s.trimCount,
      normalisation: s.normalisation,
      normalisationMinScores: s.normalisationMinScores,
      discordanceCenti: s.discordance,
      minExpertsPerProposal: s.minExpertsPerProposal,
      maxLoadPerExpert: s.maxLoadPerExpert,
    },
    selection: {
      ...base.selection,
      allowPartialGrant: s.allowPartialGrant,
      minGrantFen: s.minGrant,
      categoryQuotas: s.categories.flatMap((k) => (k.maxFunded === null ? [] : [{ categoryCode: k.code, maxFunded: k.maxFunded }])),
      nearTieBandCenti: s.nearTieBand,
      lotterySeedSource: s.lotterySeedSource,
      lotteryDivisions: [...new Set(s.lotteryDivisions.map((c) => s.divisions.find((d) => d.code.toUpperCase() === c.toUpperCase())?.code ?? c))],
    },
    notice: { ...base.notice, workingDays: s.noticeWorkingDays },
    objectionInvestigationWorkingDays: s.objectionInvestigationWorkingDays,
    applicantTypes: Object.fromEntries(
      APPLICANT_TYPES.map((a) => [a, { enabled: s.applicantTypes[a].enabled, maxGrantFen: s.applicantTypes[a].maxGrant }]),
    ),
    minTeamMembers: s.minTeamMembers,
    maxProposalsPerApplicant: s.maxProposalsPerApplicant,
    minSelfRaisedPercent: s.minSelfRaisedPercent,
    budgetCaps: sortCaps(s.budgetCaps),
    rubric: s.rubric.map((r) => ({ key: r.key, name: r.name, maxPoints: r.maxPoints })),
    tranches: s.tranches.map((t) => ({ name: t.name, percent: t.percent, trigger: t.trigger, dueAfterDays: t.dueAfterDays, dueUnit: t.dueUnit, deliverables: t.deliverables })),
  });
}

function sortCaps(caps: CompetitionRules["budgetCaps"]) {
  return [...caps].sort((a, b) => BUDGET_CATEGORIES.indexOf(a.category) - BUDGET_CATEGORIES.indexOf(b.category));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function competitionColumns(s: CompetitionSettings) {
  return {
    name: s.name,
    slug: s.slug,
    year: s.year,
    host: s.host,
    operator: s.operator,
    summary: s.summary,
    total_fund_fen: s.totalFund,
    ...s.dates,
  };
}

/** What the audit trail keeps of a competition: every setting, in stored form. */
async function snapshot(trx: DB, competitionId: number) {
  const detail = await loadCompetitionDetail(trx, competitionId);
  if (!detail) return null;
  const { rules_json: _json, created_at: _c, updated_at: _u, ...columns } = detail.competition;
  return {
    ...columns,
    rules: detail.rules,
    divisions: detail.divisions.map((d) => ({ id: d.id, code: d.code, name: d.name, budgetFen: d.budget_fen })),
    categories: detail.categories.map((k) => ({ id: k.id, code: k.code, name: k.name })),
  };
}

async function slugTaken(trx: DB, slug: string, exceptId: number | null) {
  let q = trx.selectFrom("competitions").select("id").where("slug", "=", slug);
  if (exceptId !== null) q = q.where("id", "!=", exceptId);
  return !!(await q.executeTakeFirst());
}

function parseSettings(input: unknown): { ok: true; data: CompetitionSettings } | SetupFailure {
  const parsed = parseWithSchema(competitionFormSchema, input);
  if (!parsed.success) return refuse(400, parsed.fieldErrors);
  return { ok: true, data: parsed.data };
}

function asFailure(error: unknown): SetupFailure {
  if (error instanceof SetupError) return refuse(error.status, error.fieldErrors);
  throw error;
}

/** A new competition, as a draft (applicants see it only once published), with the §7 defaults for review settings. */
export async function createCompetition(db: DB, actor: Actor, input: unknown, now: Date) {
  if (actor.role !== "organizer") return refuse(403, { _form: "error.forbidden" });
  const parsed = parseSettings(input);
  if (!parsed.ok) return parsed;
  const s = parsed.data;
  try {
    return await writeTransaction(db, async (trx) => {
      if (await slugTaken(trx, s.slug, null)) throw new SetupError({ slug: "competitionSetup.error.slugTaken" });
      const row = await trx
        .insertInto("competitions")
        .values({
          ...competitionColumns(s),
          status: "draft",
          rules_json: JSON.stringify(rulesFromSettings(DEFAULT_RULES, s)),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("divisions")
        .values(s.divisions.map((d, i) => ({ competition_id: row.id, code: d.code, name: d.name, budget_fen: d.budget, sort_order: i + 1 })))
        .execute();
      await trx
        .insertInto("categories")
        .values(s.categories.map((k, i) => ({ competition_id: row.id, code: k.code, name: k.name, sort_order: i + 1 })))
        .execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: "competition.created",
        entityType: "competition",
        entityId: row.id,
        after: await snapshot(trx, row.id),
        now,
      });
      return { ok: true as const, competitionId: row.id };
    });
  } catch (error) {
    return asFailure(error);
  }
}

/** What has already happened in a competition, which decides what may still change. */
async function progress(trx: DB, competitionId: number): Promise<Omit<CompetitionProgress, "published">> {
  const [submitted, reviewRun, notice, agreement] = await Promise.all([
    trx.selectFrom("proposals").select("id").where("competition_id", "=", competitionId).where("first_submitted_at", "is not", null).limit(1).executeTakeFirst(),
    trx.selectFrom("assignment_runs").select("id").where("competition_id", "=", competitionId).limit(1).executeTakeFirst(),
    trx.selectFrom("notices").select("id").where("competition_id", "=", competitionId).limit(1).executeTakeFirst(),
    trx.selectFrom("agreements").select("id").where("competition_id", "=", competitionId).limit(1).executeTakeFirst(),
  ]);
  return { anySubmitted: !!submitted, reviewStarted: !!reviewRun, noticePublished: !!notice, anyAgreement: !!agreement };
}

/** The stages of a competition that have begun at `now` (by what happened, or by its dates once published). */
async function begunStages(trx: DB, competition: { id: number; status: string } & FreezeDates, now: Date) {
  const state = await progress(trx, competition.id);
  return { state, begun: stagesBegun(competition, { ...state, published: competition.status === "published" }, now) };
}

/** The settings page: the competition as stored, whether applications froze its rules, and every frozen field. */
export async function loadCompetitionSettings(db: DB, competitionId: number, now: Date = new Date()) {
  const detail = await loadCompetitionDetail(db, competitionId);
  if (!detail) return null;
  const { begun, state } = await begunStages(db, detail.competition, now);
  const c = detail.competition;
  const datesLocked = c.status === "published" ? lockedDates(c, clockFor(c, now), state.noticePublished) : [];
  return { detail, rulesFrozen: begun.has("registration"), frozen: frozenFields(begun), begun: [...begun], lockedDates: datesLocked };
}

async function divisionInUse(trx: DB, divisionId: number) {
  const checks = await Promise.all([
    trx.selectFrom("proposals").select("id").where("division_id", "=", divisionId).limit(1).executeTakeFirst(),
    trx.selectFrom("expert_appointments").select("id").where("division_id", "=", divisionId).limit(1).executeTakeFirst(),
    trx.selectFrom("assignment_runs").select("id").where("division_id", "=", divisionId).limit(1).executeTakeFirst(),
  ]);
  return checks.some(Boolean);
}

async function categoryInUse(trx: DB, categoryId: number) {
  return !!(await trx.selectFrom("proposals").select("id").where("category_id", "=", categoryId).limit(1).executeTakeFirst());
}

/**
 * Saves the settings form for an existing competition. Refused (409, message on the field):
 * deleting a division or category that proposals (or expert appointments) use; changing
 * eligibility, budget caps or the rubric once any proposal has been submitted; changing the rubric
 * once expert review has started; changing division budgets once a notice has been published;
 * changing the tranche plan once an agreement exists; changing the identifier (slug) or year of a
 * published competition; saving a form loaded before someone else's save.
 */
export async function updateCompetition(db: DB, actor: Actor, competitionId: number, input: unknown, now: Date) {
  if (actor.role !== "organizer") return refuse(403, { _form: "error.forbidden" });
  const parsed = parseSettings(input);
  if (!parsed.ok) return parsed;
  const s = parsed.data;
  try {
    return await writeTransaction(db, async (trx) => {
      const detail = await loadCompetitionDetail(trx, competitionId);
      if (!detail) throw new SetupError({ _form: "error.notFound" }, 404);
      if (s.loadedAt !== "" && s.loadedAt !== detail.competition.updated_at) {
        throw new SetupError({ _form: "competitionSetup.error.staleForm" });
      }
      if (await slugTaken(trx, s.slug, competitionId)) throw new SetupError({ slug: "competitionSetup.error.slugTaken" });

      const errors: Record<string, string> = {};
      // Published identifiers are referenced outside (expert letter numbers carry slug and year).
      if (detail.competition.status === "published") {
        if (s.slug !== detail.competition.slug) errors.slug = "competitionSetup.error.identityFrozen";
        if (s.year !== detail.competition.year) errors.year = "competitionSetup.error.identityFrozen";
      }
      // Dates that cannot rewrite history (a published competition's calendar is public).
      const dateChanges = DATE_FIELDS.filter((f) => Date.parse(s.dates[f]) !== Date.parse(detail.competition[f]));
      if (detail.competition.status === "published" && dateChanges.length > 0) {
        const clock = clockFor(detail.competition, now);
        const noticePublished = !!(await trx.selectFrom("notices").select("id").where("competition_id", "=", competitionId).limit(1).executeTakeFirst());
        for (const f of dateChanges) {
          const problem = dateChangeProblem(f, detail.competition, s.dates[f], clock, noticePublished);
          if (problem) errors[`dates.${f}`] = t(`rules.dates.${problem}`, { at: formatShanghai(detail.competition[f]) });
        }
        if (s.dateChangeReason.length < 4) errors.dateChangeReason = "rules.dates.reasonRequired";
      }
      const knownDivisions = new Map(detail.divisions.map((d) => [d.id, d]));
      const knownCategories = new Map(detail.categories.map((k) => [k.id, k]));
      const ids = (list: { id: number | null }[]) => list.flatMap((r) => (r.id === null ? [] : [r.id]));
      const foreignOrRepeated = (list: number[], known: Map<number, unknown>) => list.some((id) => !known.has(id)) || new Set(list).size !== list.length;
      if (foreignOrRepeated(ids(s.divisions), knownDivisions) || foreignOrRepeated(ids(s.categories), knownCategories)) {
        throw new SetupError({ _form: "competitionSetup.error.foreignRow" }, 400);
      }
      const keptDivisions = new Set(s.divisions.map((d) => d.id));
      const removedDivisions = detail.divisions.filter((d) => !keptDivisions.has(d.id));
      for (const d of removedDivisions) {
        if (await divisionInUse(trx, d.id)) {
          errors.divisions = t("registration.organizer.inUse", { name: d.name });
          break;
        }
      }
      const keptCategories = new Set(s.categories.map((k) => k.id));
      const removedCategories = detail.categories.filter((k) => !keptCategories.has(k.id));
      for (const k of removedCategories) {
        if (await categoryInUse(trx, k.id)) {
          errors.categories = t("registration.organizer.inUse", { name: k.name });
          break;
        }
      }

      const rules = rulesFromSettings(detail.rules, s);
      const { state, begun } = await begunStages(trx, detail.competition, now);
      // Each setting freezes when the stage that uses it begins (app/domain/competition-settings.ts).
      for (const entry of changedSettings(detail.rules, rules)) {
        if (!begun.has(entry.freezesAt)) continue;
        if (entry.field === "rubric" && begun.has("review")) errors.rubric = "registration.organizer.scoringFrozen";
        else if (entry.field === "tranches") errors.tranches = "registration.organizer.tranchesFrozen";
        else if (entry.freezesAt === "registration") errors[entry.field] = "registration.organizer.frozenField";
        else errors[entry.field] = `rules.frozen.${entry.freezesAt}`;
      }
      // quotas live on the category rows: show a refusal on the list as well
      if (errors.categoryQuotas) errors.categories ??= errors.categoryQuotas;
      // The published notice lists grants selected within these budgets; changing them would silently change the list.
      if (state.noticePublished) {
        const budgetChanged = s.divisions.some((d) => (d.id === null ? d.budget > 0 : knownDivisions.get(d.id)!.budget_fen !== d.budget));
        if (budgetChanged) errors.divisions = "competitionSetup.error.budgetsFrozen";
      }
      if (Object.keys(errors).length > 0) throw new SetupError(errors, 409);

      const beforeSnapshot = await snapshot(trx, competitionId);
      await trx
        .updateTable("competitions")
        .set({ ...competitionColumns(s), rules_json: JSON.stringify(rules), updated_at: now.toISOString() })
        .where("id", "=", competitionId)
        .execute();

      // Deletions first, then parked codes, so that swapping two codes never trips the unique index.
      if (removedDivisions.length) await trx.deleteFrom("divisions").where("id", "in", removedDivisions.map((d) => d.id)).execute();
      if (removedCategories.length) await trx.deleteFrom("categories").where("id", "in", removedCategories.map((k) => k.id)).execute();
      for (const d of s.divisions) if (d.id !== null) await trx.updateTable("divisions").set({ code: `~${d.id}` }).where("id", "=", d.id).execute();
      for (const k of s.categories) if (k.id !== null) await trx.updateTable("categories").set({ code: `~${k.id}` }).where("id", "=", k.id).execute();
      for (const [i, d] of s.divisions.entries()) {
        const values = { code: d.code, name: d.name, budget_fen: d.budget, sort_order: i + 1 };
        if (d.id !== null) await trx.updateTable("divisions").set(values).where("id", "=", d.id).execute();
        else await trx.insertInto("divisions").values({ ...values, competition_id: competitionId }).execute();
      }
      for (const [i, k] of s.categories.entries()) {
        const values = { code: k.code, name: k.name, sort_order: i + 1 };
        if (k.id !== null) await trx.updateTable("categories").set(values).where("id", "=", k.id).execute();
        else await trx.insertInto("categories").values({ ...values, competition_id: competitionId }).execute();
      }

      if (detail.competition.status === "published" && dateChanges.length > 0) {
        await trx
          .insertInto("competition_date_changes")
          .values(dateChanges.map((f) => ({
            competition_id: competitionId, field: f, from_at: detail.competition[f], to_at: s.dates[f],
            reason: s.dateChangeReason, changed_by: actor.id, changed_at: now.toISOString(),
          })))
          .execute();
      }
      await recordAudit(trx, {
        actorId: actor.id,
        action: "competition.updated",
        entityType: "competition",
        entityId: competitionId,
        before: beforeSnapshot,
        after: await snapshot(trx, competitionId),
        now,
      });
      return { ok: true as const, competitionId };
    });
  } catch (error) {
    return asFailure(error);
  }
}

/** Draft → published: from now on applicants see the competition. Publishing is one-way. */
/** `formKey`: the page's one-time key — 发布大赛 sent twice is answered as published, not as "already published". */
export async function publishCompetition(db: DB, actor: Actor, competitionId: number, now: Date, formKey?: unknown) {
  if (actor.role !== "organizer") return refuse(403, { _form: "error.forbidden" });
  try {
    return await writeTransaction(db, (trx) => once(trx, { key: formKey, action: `competition.publish.${competitionId}`, userId: actor.id }, now, async () => {
      const competition = await trx.selectFrom("competitions").select(["id", "status"]).where("id", "=", competitionId).executeTakeFirst();
      if (!competition) throw new SetupError({ _form: "error.notFound" }, 404);
      if (competition.status === "published") throw new SetupError({ _form: "competitionSetup.error.alreadyPublished" });
      await trx.updateTable("competitions").set({ status: "published", updated_at: now.toISOString() }).where("id", "=", competitionId).execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: "competition.published",
        entityType: "competition",
        entityId: competitionId,
        before: { status: "draft" },
        after: { status: "published" },
        now,
      });
      return { ok: true as const, competitionId };
    }));
  } catch (error) {
    return asFailure(error);
  }
}

/** The organizer's list: every competition, newest first, with its status, current stage and counts. */
export async function listCompetitionsForOrganizer(db: DB, now: Date) {
  const competitions = await db.selectFrom("competitions").selectAll().orderBy("year", "desc").orderBy("id", "desc").execute();
  const counts = await db
    .selectFrom("proposals")
    .select(["competition_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("first_submitted_at", "is not", null)
    .groupBy("competition_id")
    .execute();
  const submitted = new Map(counts.map((c) => [c.competition_id, Number(c.n)]));
  const notices = await db
    .selectFrom("notices")
    .select(["competition_id", (eb) => eb.fn.max("period_ends_at").as("ends")])
    .groupBy("competition_id")
    .execute();
  const noticeEnds = new Map(notices.map((n) => [n.competition_id, String(n.ends)]));
  return competitions.map((c) => ({
    id: c.id,
    name: c.name,
    year: c.year,
    status: c.status,
    isRehearsal: c.is_rehearsal,
    stage: stageAt(c, clockFor(c, now), noticeStateAt(noticeEnds.get(c.id), clockFor(c, now))),
    totalFundFen: c.total_fund_fen,
    registrationOpensAt: c.registration_opens_at,
    registrationClosesAt: c.registration_closes_at,
    submitted: submitted.get(c.id) ?? 0,
  }));
}

/** A published competition's public timeline: its stages and every date change with its reason, newest first. */
export async function loadCompetitionTimeline(db: DB, competition: { id: number; slug: string; name: string } & StageDates) {
  const first = await db.selectFrom("notices").select(["published_at", "period_ends_at"]).where("competition_id", "=", competition.id).orderBy("version", "asc").executeTakeFirst();
  const changes = await db
    .selectFrom("competition_date_changes")
    .select(["id", "field", "from_at", "to_at", "reason", "changed_at"])
    .where("competition_id", "=", competition.id)
    .orderBy("changed_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return {
    slug: competition.slug,
    name: competition.name,
    timeline: publicTimeline(competition, first ? { publishedAt: first.published_at, periodEndsAt: first.period_ends_at } : null),
    changes: changes.map((c) => ({ id: c.id, field: c.field, from: c.from_at, to: c.to_at, reason: c.reason, at: c.changed_at })),
  };
}
