// Sponsors and contributions, milestones (tranches) with reports and evaluations, and the double-entry ledger.
import type { Kysely } from "kysely";
import { makeAppendOnly, sqlGe, sqlGt, sqlIn, withId } from "./helpers";

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("milestones"))
    .addColumn("agreement_id", "integer", (c) => c.notNull().references("agreements.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("percent", "integer", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull().check(sqlGe("amount_fen", 0)))
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("deliverables", "text", (c) => c.notNull())
    .addColumn("requires_report", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sqlIn("status", ["pending", "submitted", "rectifying", "paid", "failed", "cancelled"])),
    )
    .addColumn("fail_count", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("milestone_seq_unique", ["agreement_id", "seq"])
    .execute();

  await withId(db, db.schema.createTable("milestone_reports"))
    .addColumn("milestone_id", "integer", (c) => c.notNull().references("milestones.id"))
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("milestone_evaluations"))
    .addColumn("milestone_id", "integer", (c) => c.notNull().references("milestones.id"))
    .addColumn("report_id", "integer", (c) => c.notNull().unique().references("milestone_reports.id"))
    .addColumn("grade", "text", (c) => c.notNull().check(sqlIn("grade", ["excellent", "good", "pass", "fail"])))
    .addColumn("score_centi", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("evaluator_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("sponsors"))
    .addColumn("user_id", "integer", (c) => c.unique().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("contact", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("contributions"))
    .addColumn("sponsor_id", "integer", (c) => c.notNull().references("sponsors.id"))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("pledged_fen", "bigint", (c) => c.notNull().check(sqlGt("pledged_fen", 0)))
    .addColumn("pledged_on", "text", (c) => c.notNull())
    .addColumn("received_fen", "bigint", (c) => c.notNull().defaultTo(0).check(sqlGe("received_fen", 0)))
    .addColumn("received_on", "text")
    .addColumn("voucher_no", "text", (c) => c.unique())
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["pledged", "received"])))
    .execute();

  await withId(db, db.schema.createTable("ledger_accounts"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sqlIn("kind", ["sponsor", "pool", "commitment", "paid", "recovered"])),
    )
    .addColumn("normal_side", "text", (c) => c.notNull().check(sqlIn("normal_side", ["debit", "credit"])))
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("ref_id", "integer")
    .execute();

  await withId(db, db.schema.createTable("ledger_entries"))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("memo", "text", (c) => c.notNull())
    .addColumn("competition_id", "integer", (c) => c.notNull().references("competitions.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, "ledger_entries");

  await withId(db, db.schema.createTable("ledger_lines"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("ledger_entries.id"))
    .addColumn("account_id", "integer", (c) => c.notNull().references("ledger_accounts.id"))
    .addColumn("side", "text", (c) => c.notNull().check(sqlIn("side", ["debit", "credit"])))
    .addColumn("amount_fen", "bigint", (c) => c.notNull().check(sqlGt("amount_fen", 0)))
    .execute();
  await db.schema.createIndex("ledger_lines_by_account").on("ledger_lines").column("account_id").execute();
  await makeAppendOnly(db, "ledger_lines");
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "ledger_lines", "ledger_entries", "ledger_accounts", "contributions",
    "sponsors", "milestone_evaluations", "milestone_reports", "milestones",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
