// The last-minute rush: many applicants submitting at once from several connections to one database
// file. Each submission judges and writes inside one BEGIN IMMEDIATE transaction, so every one lands
// exactly once, and a double click lands once.
import { type DB, openDatabase } from "../../db/connection";
import { submitProposal } from "~/services/proposals.server";
import { createTestDbFile } from "../support/db";
import { createCompetition } from "../support/factories";
import { createApplicantWithProposal } from "../support/factories-registration";

const CONNECTIONS = 5;

async function withConnections<T>(fn: (db: DB, pool: DB[]) => Promise<T>): Promise<T> {
  const { db, url, cleanup } = await createTestDbFile();
  const pool = Array.from({ length: CONNECTIONS }, () => openDatabase(url));
  try {
    return await fn(db, pool);
  } finally {
    await Promise.all(pool.map((c) => c.destroy()));
    await cleanup();
  }
}

describe("submissions in the last minute", () => {
  it("50 applicants submitting at once 30 s before the close all land exactly once", async () => {
    await withConnections(async (db, pool) => {
      const fixture = await createCompetition(db);
      const closesAt = Date.parse(fixture.competition.registration_closes_at);
      const drafts = [];
      for (let i = 0; i < 50; i++) {
        drafts.push(await createApplicantWithProposal(db, fixture, { status: "draft", now: new Date(closesAt - 86_400_000) }));
      }
      const at = new Date(closesAt - 30_000);
      const results = await Promise.all(
        drafts.map((d, i) => submitProposal(pool[i % CONNECTIONS], { id: d.applicantId, role: "applicant" }, d.proposalId, undefined, at)),
      );
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.every((r) => r.ok && r.version === 1)).toBe(true);

      const ids = drafts.map((d) => d.proposalId);
      const submitted = await db.selectFrom("proposals").select(["id", "status", "version", "last_submitted_at"]).where("id", "in", ids).execute();
      expect(submitted).toHaveLength(50);
      expect(submitted.every((p) => p.status === "submitted" && p.version === 1 && p.last_submitted_at === at.toISOString())).toBe(true);
      const versions = await db
        .selectFrom("proposal_versions")
        .select(["proposal_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("proposal_id")
        .execute();
      expect(versions).toHaveLength(50);
      expect(versions.every((v) => Number(v.n) === 1)).toBe(true);
      expect(new Set(versions.map((v) => v.proposal_id))).toEqual(new Set(ids));
      const events = await db.selectFrom("proposal_events").select("proposal_id").where("kind", "=", "submitted").execute();
      expect(events).toHaveLength(50);
      const audits = await db.selectFrom("audit_log").select("id").where("action", "=", "proposal.submitted").execute();
      expect(audits).toHaveLength(50);
    });
  });

  it("the same proposal submitted from two connections at once lands once; the other is told it is already submitted", async () => {
    await withConnections(async (db, pool) => {
      const fixture = await createCompetition(db);
      const closesAt = Date.parse(fixture.competition.registration_closes_at);
      const d = await createApplicantWithProposal(db, fixture, { status: "draft", now: new Date(closesAt - 86_400_000) });
      const actor = { id: d.applicantId, role: "applicant" };
      const at = new Date(closesAt - 10_000);
      const results = await Promise.all([submitProposal(pool[0], actor, d.proposalId, undefined, at), submitProposal(pool[1], actor, d.proposalId, undefined, at)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ status: 409, fieldErrors: { _form: "申报书已提交，不能再修改" } });
      expect(await db.selectFrom("proposal_versions").select("id").where("proposal_id", "=", d.proposalId).execute()).toHaveLength(1);
    });
  });
});
