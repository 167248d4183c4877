// The audit chain's sealed anchor moves with every append and is published on /transparency, so a
// reader can keep the head and check later that the log was not cut or rewritten.
import { loader as transparencyLoader } from "~/routes/transparency";
import { auditHead, recordAudit, verifyAuditLog } from "~/services/audit.server";
import { writeTransaction } from "../../db/connection";
import { useFreshDatabase, onPostgres } from "../support/db";
import { callRoute, requestAs } from "../support/factories";
import { createFinanceWorld, fundPool } from "../support/factories-finance";

const ctx = useFreshDatabase();

describe("the audit anchor", () => {
  it("follows every append: the anchored count and head match the chain and verify finds nothing", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 1_000_000);
    const rows = await ctx.db.selectFrom("audit_log").select(["id", "hash"]).orderBy("id").execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(await auditHead(ctx.db)).toMatchObject({ rows: rows.length, hash: rows[rows.length - 1].hash });
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ problems: [], anchorProblems: [] });
  });

  it("is not sealed over a cut tail: the next append leaves the stale anchor for verify to report", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 1_000_000);
    const { sql } = await import("kysely");
    // The tamperer switches the append-only guard off first (each engine names its trigger its own way).
    if (onPostgres) await sql`drop trigger audit_log_append_only on audit_log`.execute(ctx.db);
    else await sql`drop trigger audit_log_no_delete`.execute(ctx.db);
    const last = await ctx.db.selectFrom("audit_log").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    await ctx.db.deleteFrom("audit_log").where("id", "=", last.id).execute();
    await writeTransaction(ctx.db, (trx) => recordAudit(trx, { actorId: null, action: "test.after-cut", entityType: "x", entityId: 1, now: new Date() }));
    expect((await verifyAuditLog(ctx.db)).anchorProblems).toContain("anchor_head_missing");
  });

  it("publishes the head and row count on the public transparency page", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 1_000_000);
    const response = await callRoute(transparencyLoader, await requestAs(null, "/transparency"));
    const body = await response.json();
    expect(body.auditHead).toEqual(await auditHead(ctx.db));
    expect(body.auditHead.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
