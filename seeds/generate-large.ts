// `npm run seed:large -- --proposals 5000 --experts 40`: a large competition for load and query-count checks.
// Writes into DATABASE_URL (default ./data/commonweal.db) in batches; every row is valid by the schema.
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { migrateToLatest, openDatabase, writeTransaction } from "../db/connection";
import { DEFAULT_RULES } from "../app/domain/competition-rules";
import { hashPassword } from "../app/utils/password.server";
import { CHANGAN_2021 } from "./changan-2021";
import { insertCompetition } from "./demo";

const { values } = parseArgs({
  options: {
    proposals: { type: "string", default: "2000" },
    experts: { type: "string", default: "30" },
    seed: { type: "string", default: "42" },
  },
});
const proposalCount = Number(values.proposals);
const expertCount = Number(values.experts);

// A small deterministic PRNG so a generated data set can be reproduced.
let state = Number(values.seed) >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

const db = openDatabase();
await migrateToLatest(db);
const now = new Date("2021-05-20T02:00:00.000Z");
const passwordHash = await hashPassword("Large-data-2021");
const started = Date.now();

const competitionId = await writeTransaction(db, (trx) =>
  insertCompetition(trx, { ...CHANGAN_2021, slug: `large-${Date.now()}`, name: `压力测试大赛（${proposalCount} 项）` }, now),
);
const divisions = await db.selectFrom("divisions").select("id").where("competition_id", "=", competitionId).execute();
const categories = await db.selectFrom("categories").select("id").where("competition_id", "=", competitionId).execute();

const BATCH = 200;
for (let start = 0; start < proposalCount; start += BATCH) {
  await writeTransaction(db, async (trx) => {
    for (let i = start; i < Math.min(start + BATCH, proposalCount); i++) {
      const user = await trx
        .insertInto("users")
        .values({ username: `large-${competitionId}-${i}`, password_hash: passwordHash, role: "applicant", display_name: `社会组织${i}`, mobile: "13900000000", created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const org = await trx
        .insertInto("organizations")
        .values({ user_id: user.id, name: `长安区第${i}社会工作服务中心`, applicant_type: "social_org", credit_code: null, filing_number: null, legal_rep: "张三", contact_name: "李四", contact_mobile: "13900000000", address: "西安市长安区", created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const requested = (20 + Math.floor(random() * 80)) * 1000_00;
      const budget = [
        { category: "personnel", item: "社工劳务", amountFen: Math.floor(requested * 0.25) },
        { category: "activity", item: "活动组织", amountFen: requested - Math.floor(requested * 0.25) },
      ];
      const proposal = await trx
        .insertInto("proposals")
        .values({
          competition_id: competitionId, organization_id: org.id, division_id: pick(divisions).id, category_id: pick(categories).id,
          status: "submitted", title: `社区公益项目 ${i}`, community: `第${i % 400}小区`, beneficiaries: "小区居民", beneficiary_count: 50 + (i % 500),
          goals: "改善小区环境", activities_json: "[]", budget_json: JSON.stringify(budget), requested_fen: requested, self_raised_fen: 0,
          version: 1, first_submitted_at: now.toISOString(), last_submitted_at: now.toISOString(), correction_deadline_at: null,
          created_at: now.toISOString(), updated_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const snapshot = JSON.stringify({ title: `社区公益项目 ${i}`, requestedFen: requested, budget });
      await trx
        .insertInto("proposal_versions")
        .values({ proposal_id: proposal.id, version: 1, snapshot_json: snapshot, sha256: createHash("sha256").update(snapshot).digest("hex"), submitted_at: now.toISOString(), submitted_by: user.id })
        .execute();
    }
  });
}
for (let e = 0; e < expertCount; e++) {
  await db
    .insertInto("users")
    .values({ username: `large-${competitionId}-expert${e}`, password_hash: passwordHash, role: "expert", display_name: `专家${e}`, mobile: null, created_at: now.toISOString() })
    .execute();
}
console.log(
  `competition ${competitionId}: ${proposalCount} submitted proposals, ${expertCount} experts, rules ${DEFAULT_RULES.review.aggregation}, in ${Date.now() - started} ms`,
);
await db.destroy();
