// The competition's total grant fund (资助资金总额), so division budgets can be checked against it.
// Nullable: competitions created before this column have no recorded total until the organizer sets one.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("competitions").addColumn("total_fund_fen", "bigint").execute();
  // Existing competitions: the sum of their division budgets is the best known total.
  await sql`update competitions set total_fund_fen = (select coalesce(sum(budget_fen), 0) from divisions where divisions.competition_id = competitions.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("competitions").dropColumn("total_fund_fen").execute();
}
