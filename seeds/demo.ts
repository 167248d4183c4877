// Seeds an empty database with the Chang'an 2021 demo competition and one account per role.
// Later stages add their own demo data through DEMO_EXTENSIONS, in order.
import type { DB } from "../db/connection";
import { writeTransaction } from "../db/connection";
import { hashPassword } from "../app/utils/password.server";
import { CHANGAN_2021, DEMO_ACCOUNTS, DEMO_PASSWORD } from "./changan-2021";
import { seedDemoDisbursements, seedDemoSponsors } from "./demo-finance";
import { seedDemoNotice } from "./demo-notice";
import { seedDemoRegistration } from "./demo-registration";
import { seedDemoReview } from "./demo-review";

export interface DemoContext {
  competitionId: number;
  users: Record<(typeof DEMO_ACCOUNTS)[number]["username"], number>;
  passwordHash: string;
  now: Date;
}

type Extension = (trx: DB, ctx: DemoContext) => Promise<void>;
// Sponsors first (signing needs a funded pool); then registration (April–May 2021), review (June), the July
// notice with agreements; disbursements must stay LAST (they pay the signed agreements).
export const DEMO_EXTENSIONS: Extension[] = [seedDemoSponsors, seedDemoRegistration, seedDemoReview, seedDemoNotice, seedDemoDisbursements];

/** Inserts the competition with its divisions and categories; returns its id. */
export async function insertCompetition(trx: DB, spec: typeof CHANGAN_2021, now: Date): Promise<number> {
  const { divisions, categories, rules, totalFundFen, ...columns } = spec;
  const competition = await trx
    .insertInto("competitions")
    .values({ ...columns, total_fund_fen: totalFundFen, rules_json: JSON.stringify(rules), created_at: now.toISOString(), updated_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("divisions")
    .values(divisions.map((d, i) => ({ ...d, competition_id: competition.id, sort_order: i + 1 })))
    .execute();
  await trx
    .insertInto("categories")
    .values(categories.map(([code, name], i) => ({ code, name, competition_id: competition.id, sort_order: i + 1 })))
    .execute();
  return competition.id;
}

/** Seeds only an empty database; returns whether it did. */
export async function seedDemo(db: DB, now: Date): Promise<boolean> {
  const existing = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await writeTransaction(db, async (trx) => {
    const competitionId = await insertCompetition(trx, CHANGAN_2021, now);
    const users = {} as DemoContext["users"];
    for (const account of DEMO_ACCOUNTS) {
      const row = await trx
        .insertInto("users")
        .values({ ...account, password_hash: passwordHash, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      users[account.username] = row.id;
    }
    for (const extend of DEMO_EXTENSIONS) await extend(trx, { competitionId, users, passwordHash, now });
  });
  return true;
}
