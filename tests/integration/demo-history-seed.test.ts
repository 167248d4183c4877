// The seeded Chang'an 2021 demo holds a whole, believable year: registration, 初审, the expert panel
// and its scores, the July notice, signed agreements and payments — written through the services.
import { isValidCreditCode } from "~/domain/credit-code";
import { parseRules } from "~/domain/competition-rules";
import { checkProposal } from "~/domain/proposal-rules";
import { shanghaiDate } from "~/domain/time";
import { parseSnapshot } from "~/domain/notice";
import { verifyAuditLog } from "~/services/audit.server";
import { ledgerIntegrity } from "~/services/ledger.server";
import { proposalContent } from "~/services/proposals.server";
import { seedDemo } from "../../seeds/demo";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";
import * as applicantAgreements from "~/routes/applicant.agreements._index";
import * as applicantMilestones from "~/routes/applicant.milestones";
import * as applicantProposal from "~/routes/applicant.proposals.$id";
import * as applicantProposals from "~/routes/applicant.proposals._index";
import * as expertHome from "~/routes/expert._index";
import * as expertAssignment from "~/routes/expert.assignments.$id";
import * as organizerAssignments from "~/routes/organizer.assignments";
import * as organizerExperts from "~/routes/organizer.experts._index";
import * as organizerFinance from "~/routes/organizer.finance._index";
import * as organizerNotices from "~/routes/organizer.notices._index";
import * as reviewQueue from "~/routes/review._index";

const t = useFreshDatabase();

async function seeded() {
  await seedDemo(t.db, new Date("2026-11-23T01:00:00Z"));
  const competition = await t.db.selectFrom("competitions").selectAll().where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
  const users = Object.fromEntries((await t.db.selectFrom("users").select(["username", "id"]).execute()).map((u) => [u.username, u.id]));
  const divisions = await t.db.selectFrom("divisions").selectAll().where("competition_id", "=", competition.id).orderBy("sort_order").execute();
  return { competition, users, divisions, rules: parseRules(competition.rules_json) };
}

describe("the Chang'an 2021 demo history", () => {
  it("registers organizations of every applicant type and proposals in both divisions inside the window, within every rule", async () => {
    const { competition, users, divisions, rules } = await seeded();
    const orgs = await t.db.selectFrom("organizations").selectAll().execute();
    expect(orgs.length).toBeGreaterThanOrEqual(20);
    const social = orgs.filter((o) => o.applicant_type === "social_org");
    expect(social.length).toBeGreaterThan(0);
    for (const o of social) expect(isValidCreditCode(o.credit_code!) && o.credit_code!.slice(2, 8) === "610116").toBe(true);
    expect(new Set(social.map((o) => o.credit_code)).size).toBe(social.length);
    const groups = orgs.filter((o) => o.applicant_type === "community_group");
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((o) => (o.filing_number ?? "").length > 0)).toBe(true);
    const teams = orgs.filter((o) => o.applicant_type === "resident_team");
    expect(teams.length).toBeGreaterThan(0);
    for (const team of teams) {
      const members = await t.db.selectFrom("team_members").select("id").where("organization_id", "=", team.id).execute();
      expect(members.length).toBeGreaterThanOrEqual(rules.minTeamMembers);
    }
    expect(orgs.filter((o) => o.user_id === users.applicant)).toHaveLength(1);

    const proposals = await t.db.selectFrom("proposals").selectAll().where("competition_id", "=", competition.id).execute();
    const submitted = proposals.filter((p) => p.status !== "draft");
    expect(proposals.length).toBeGreaterThanOrEqual(25);
    expect(proposals.filter((p) => p.status === "draft").length).toBeGreaterThanOrEqual(2);
    for (const d of divisions) expect(submitted.filter((p) => p.division_id === d.id).length).toBeGreaterThanOrEqual(8);
    expect(new Set(submitted.map((p) => p.category_id)).size).toBeGreaterThanOrEqual(8);
    const categories = await t.db.selectFrom("categories").select("id").where("competition_id", "=", competition.id).execute();
    for (const p of submitted) {
      const day = shanghaiDate(p.first_submitted_at!);
      expect(day >= "2021-04-12" && day <= "2021-05-31").toBe(true);
      const org = orgs.find((o) => o.id === p.organization_id)!;
      expect(
        checkProposal(proposalContent(p), {
          rules, applicantType: org.applicant_type, divisionIds: divisions.map((d) => d.id), categoryIds: categories.map((c) => c.id),
        }),
      ).toEqual([]);
      expect(Number.isInteger(p.requested_fen) && p.requested_fen <= rules.applicantTypes[org.applicant_type].maxGrantFen).toBe(true);
    }
    // every submission froze a version; drafts froze none
    const versions = await t.db.selectFrom("proposal_versions").select(["proposal_id", "version"]).execute();
    for (const p of proposals) expect(versions.filter((v) => v.proposal_id === p.id).length).toBe(p.version);
    expect(proposals.filter((p) => p.status === "draft").every((p) => p.version === 0)).toBe(true);
  });

  it("has 初审 outcomes of each kind by 06-10: a return resubmitted and passed, two rejections, the rest passed by the reviewer", async () => {
    const { competition, users } = await seeded();
    const reviews = await t.db.selectFrom("initial_reviews").selectAll().execute();
    expect(reviews.every((r) => r.reviewer_id === users.reviewer)).toBe(true);
    expect(reviews.every((r) => shanghaiDate(r.created_at) >= "2021-06-01" && shanghaiDate(r.created_at) <= "2021-06-10")).toBe(true);
    const returned = reviews.filter((r) => r.decision === "return");
    expect(returned).toHaveLength(1);
    const corrected = reviews.filter((r) => r.proposal_id === returned[0].proposal_id).map((r) => [r.proposal_version, r.decision]);
    expect(corrected).toEqual([[1, "return"], [2, "pass"]]);
    const events = await t.db.selectFrom("proposal_events").select("kind").where("proposal_id", "=", returned[0].proposal_id).orderBy("id").execute();
    expect(events.map((e) => e.kind)).toContain("resubmitted");
    expect(reviews.filter((r) => r.decision === "reject")).toHaveLength(2);
    const proposals = await t.db.selectFrom("proposals").select(["id", "status"]).where("competition_id", "=", competition.id).execute();
    expect(proposals.filter((p) => p.status === "rejected")).toHaveLength(2);
    for (const p of proposals.filter((p) => ["passed", "contracted"].includes(p.status))) {
      expect(reviews.some((r) => r.proposal_id === p.id && r.decision === "pass")).toBe(true);
    }
    expect(proposals.filter((p) => p.status === "submitted" || p.status === "returned")).toEqual([]);
  });

  it("appoints a numbered panel including the demo expert, draws with recorded seeds and has every passed proposal fully scored in the review window", async () => {
    const { competition, users, rules } = await seeded();
    const appointments = await t.db.selectFrom("expert_appointments").selectAll().where("competition_id", "=", competition.id).orderBy("letter_no").execute();
    expect(appointments.length).toBeGreaterThanOrEqual(8);
    expect(appointments.map((a) => a.letter_no)).toEqual(appointments.map((_, i) => `CA2021-PS-${String(i + 1).padStart(3, "0")}`));
    expect(appointments.some((a) => a.expert_id === users.expert)).toBe(true);
    const runs = await t.db.selectFrom("assignment_runs").selectAll().where("competition_id", "=", competition.id).execute();
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.seed.length > 0)).toBe(true);

    const assignments = await t.db
      .selectFrom("assignments")
      .leftJoin("scores", "scores.assignment_id", "assignments.id")
      .select(["assignments.proposal_id", "assignments.expert_id", "assignments.round", "assignments.active", "scores.status", "scores.total_centi", "scores.submitted_at"])
      .where("assignments.competition_id", "=", competition.id)
      .execute();
    expect(assignments.some((a) => a.expert_id === users.expert && a.active === 1)).toBe(true);
    // the organizer adjusted one proposal's panel by hand in each round, with reasons
    const adjusted = await t.db.selectFrom("assignments").select(["active", "reason", "run_id"]).where("competition_id", "=", competition.id).where("reason", "is not", null).execute();
    expect(adjusted.filter((a) => a.active === 0)).toHaveLength(2);
    expect(adjusted.filter((a) => a.active === 1 && a.run_id === null)).toHaveLength(2);
    const scored = await t.db.selectFrom("proposals").select("id").where("competition_id", "=", competition.id).where("status", "in", ["passed", "contracted"]).execute();
    expect(scored.length).toBeGreaterThanOrEqual(15);
    let outliers = 0;
    for (const p of scored) {
      for (const round of rules.review.rounds.map((r) => r.round)) {
        const mine = assignments.filter((a) => a.proposal_id === p.id && a.round === round && a.active === 1);
        expect(mine).toHaveLength(rules.review.expertsPerProposal);
        for (const a of mine) {
          expect(a.status).toBe("submitted");
          expect(shanghaiDate(a.submitted_at!) >= "2021-06-15" && shanghaiDate(a.submitted_at!) <= "2021-07-02").toBe(true);
        }
        const totals = mine.map((a) => a.total_centi!);
        const mean = totals.reduce((s, x) => s + x, 0) / totals.length;
        outliers += totals.filter((x) => Math.abs(x - mean) > rules.review.outlierDistanceCenti).length;
      }
    }
    expect(outliers).toBe(1);
    // scores vary: not every proposal gets the same composite
    const totals = new Set(assignments.map((a) => a.total_centi));
    expect(totals.size).toBeGreaterThan(10);
    // the conflicted expert was never drawn for that organization
    const conflicts = await t.db.selectFrom("conflict_declarations").selectAll().execute();
    expect(conflicts).toHaveLength(1);
    const conflicted = await t.db
      .selectFrom("assignments")
      .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
      .select("assignments.id")
      .where("assignments.expert_id", "=", conflicts[0].expert_id)
      .where("proposals.organization_id", "=", conflicts[0].organization_id)
      .execute();
    expect(conflicted).toEqual([]);
  });

  it("publishes the notice, signs agreements within each division's budget, pays tranches without ever overdrawing the pool, and keeps the audit chain intact", async () => {
    const { competition, users, divisions } = await seeded();
    const notices = await t.db.selectFrom("notices").selectAll().where("competition_id", "=", competition.id).execute();
    expect(notices).toHaveLength(1);
    expect(notices[0].published_at.startsWith("2021-07")).toBe(true);
    const rows = parseSnapshot(notices[0].snapshot_json).rows;

    const agreements = await t.db
      .selectFrom("agreements")
      .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["agreements.id", "agreements.status", "agreements.amount_fen", "proposals.division_id", "proposals.status as proposal_status", "organizations.user_id"])
      .where("agreements.competition_id", "=", competition.id)
      .execute();
    expect(agreements.length).toBe(rows.length);
    expect(agreements.length).toBeGreaterThanOrEqual(15);
    expect(agreements.every((a) => a.status === "signed" && a.proposal_status === "contracted")).toBe(true);
    for (const d of divisions) {
      const committed = agreements.filter((a) => a.division_id === d.id).reduce((s, a) => s + a.amount_fen, 0);
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThanOrEqual(d.budget_fen);
    }
    // a passed proposal below the qualification line is ranked but not funded
    const unfunded = await t.db.selectFrom("proposals").select("id").where("competition_id", "=", competition.id).where("status", "=", "passed").execute();
    expect(unfunded.length).toBeGreaterThanOrEqual(1);
    // the demo applicant's funded proposal has a signed agreement with milestones, its first tranche paid
    const mine = agreements.filter((a) => a.user_id === users.applicant);
    expect(mine).toHaveLength(1);
    const milestones = await t.db.selectFrom("milestones").selectAll().where("agreement_id", "=", mine[0].id).orderBy("seq").execute();
    expect(milestones.map((m) => m.status)).toEqual(["paid", "pending", "pending"]);

    const tranches = await t.db.selectFrom("ledger_entries").select(["created_at"]).where("kind", "=", "tranche").execute();
    expect(tranches.length).toBeGreaterThanOrEqual(agreements.length);
    expect((await ledgerIntegrity(t.db)).unbalancedEntries).toEqual([]);

    // replay the ledger in order: the pool's balance never goes below zero
    const lines = await t.db
      .selectFrom("ledger_lines")
      .innerJoin("ledger_accounts", "ledger_accounts.id", "ledger_lines.account_id")
      .select(["ledger_lines.entry_id", "ledger_lines.side", "ledger_lines.amount_fen", "ledger_accounts.code", "ledger_accounts.normal_side"])
      .where("ledger_accounts.code", "=", `pool:${competition.id}`)
      .orderBy("ledger_lines.entry_id")
      .orderBy("ledger_lines.id")
      .execute();
    expect(lines.length).toBeGreaterThan(0);
    let pool = 0;
    for (const l of lines) {
      pool += l.side === l.normal_side ? l.amount_fen : -l.amount_fen;
      expect(pool).toBeGreaterThanOrEqual(0);
    }
    expect(pool).toBe(410_000_000 - agreements.reduce((s, a) => s + a.amount_fen, 0));

    const audit = await verifyAuditLog(t.db);
    expect(audit.rows).toBeGreaterThan(300);
    expect(audit.problems).toEqual([]);
  });

  it("gives every demo account pages with content: the applicant's proposal, agreement and milestones, the expert's scores, the organizer's boards", async () => {
    const { competition, users } = await seeded();
    const own = await t.db
      .selectFrom("proposals")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["proposals.id", "proposals.title"])
      .where("organizations.user_id", "=", users.applicant)
      .where("proposals.status", "=", "contracted")
      .executeTakeFirstOrThrow();
    // funded proposals leave review once contracted; the unfunded one the demo expert scored stays on the expert's page
    const assignment = await t.db
      .selectFrom("assignments")
      .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
      .select(["assignments.id", "proposals.title"])
      .where("assignments.expert_id", "=", users.expert)
      .where("assignments.active", "=", 1)
      .where("proposals.status", "=", "passed")
      .orderBy("assignments.id")
      .executeTakeFirstOrThrow();
    const pages: [string, number, { loader: (args: never) => unknown }, string, Record<string, string>?, string?][] = [
      ["applicant proposals", users.applicant, applicantProposals, "/applicant/proposals", {}, own.title],
      ["applicant proposal", users.applicant, applicantProposal, `/applicant/proposals/${own.id}`, { id: String(own.id) }, own.title],
      ["applicant agreements", users.applicant, applicantAgreements, "/applicant/agreements", {}, own.title],
      ["applicant milestones", users.applicant, applicantMilestones, "/applicant/milestones", {}, own.title],
      ["expert home", users.expert, expertHome, "/expert", {}, assignment.title],
      ["expert score sheet", users.expert, expertAssignment, `/expert/assignments/${assignment.id}`, { id: String(assignment.id) }, assignment.title],
      ["organizer assignments", users.organizer, organizerAssignments, `/organizer/assignments?competition=${competition.id}`, {}, "CA2021-WQ-desk-0611"],
      ["organizer experts", users.organizer, organizerExperts, `/organizer/experts?competition=${competition.id}`, {}, "CA2021-PS-010"],
      ["organizer notices", users.organizer, organizerNotices, `/organizer/notices?competition=${competition.id}`, {}],
      ["organizer finance", users.organizer, organizerFinance, `/organizer/finance?competition=${competition.id}`, {}],
      ["review queue", users.reviewer, reviewQueue, `/review?competition=${competition.id}&status=all`, {}],
    ];
    for (const [name, userId, route, url, params, text] of pages) {
      const res = await callRoute(route.loader as never, await requestAs(userId, `http://localhost${url}`), params ?? {});
      expect(res.status, name).toBe(200);
      if (text) expect(await res.text(), name).toContain(text);
    }
  });
});
