// A competition of N passed proposals with full score sheets (5 experts × desk and live), for the bench.
// Multi-row inserts in chunks so 10,000 proposals (100,000 scores) seed in well under a minute.
import type { DB } from "../db/connection";
import { writeTransaction } from "../db/connection";
import { DEFAULT_RULES } from "../app/domain/competition-rules";
import { CHANGAN_2021 } from "../seeds/changan-2021";
import { insertCompetition } from "../seeds/demo";

const CHUNK = 400;

async function insertChunks<T>(db: DB, table: "users" | "organizations" | "proposals" | "assignments" | "scores" | "expert_appointments", rows: T[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const out = await writeTransaction(db, (trx) => trx.insertInto(table).values(rows.slice(i, i + CHUNK) as never).returning("id").execute());
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

export async function seedScoredCompetition(db: DB, proposals: number, tag: string) {
  const now = new Date("2021-06-20T02:00:00.000Z").toISOString();
  const competitionId = await writeTransaction(db, (trx) =>
    insertCompetition(trx, { ...CHANGAN_2021, slug: `bench-${tag}`, name: `基准测试大赛（${proposals} 项）`, review_ends_at: "2021-07-01T00:00:00.000Z" } as typeof CHANGAN_2021, new Date(now)),
  );
  const divisions = await db.selectFrom("divisions").select("id").where("competition_id", "=", competitionId).execute();
  const categories = await db.selectFrom("categories").select("id").where("competition_id", "=", competitionId).execute();
  const [organizer] = await insertChunks(db, "users", [{ username: `bench-${tag}-organizer`, password_hash: "x", role: "organizer", display_name: "主办方", mobile: null, created_at: now }]);
  const experts = await insertChunks(db, "users", Array.from({ length: 10 }, (_, e) => ({ username: `bench-${tag}-expert${e}`, password_hash: "x", role: "expert", display_name: `专家${e + 1}`, mobile: null, created_at: now })));
  await insertChunks(db, "expert_appointments", experts.map((id, e) => ({ competition_id: competitionId, expert_id: id, division_id: null, letter_no: `B-${tag}-${e}`, issued_at: now, issued_by: organizer })));
  const users = await insertChunks(db, "users", Array.from({ length: proposals }, (_, i) => ({ username: `bench-${tag}-a${i}`, password_hash: "x", role: "applicant", display_name: `申报人${i}`, mobile: null, created_at: now })));
  const orgs = await insertChunks(db, "organizations", users.map((userId, i) => ({
    user_id: userId, name: `长安区第${i}社会工作服务中心`, applicant_type: "social_org", credit_code: null, filing_number: null, legal_rep: "张三",
    contact_name: "李四", contact_mobile: "13900000000", address: "西安市长安区", created_at: now, updated_at: now,
  })));
  const proposalIds = await insertChunks(db, "proposals", orgs.map((orgId, i) => ({
    competition_id: competitionId, organization_id: orgId, division_id: divisions[i % divisions.length].id, category_id: categories[i % categories.length].id,
    status: "passed", title: `社区公益项目 ${i}`, community: `第${i % 400}小区`, beneficiaries: "小区居民", beneficiary_count: 50 + (i % 500),
    goals: "改善小区环境", activities_json: "[]", budget_json: "[]", requested_fen: (20 + (i % 80)) * 1000_00, self_raised_fen: 0,
    version: 1, first_submitted_at: now, last_submitted_at: now, correction_deadline_at: null, created_at: now, updated_at: now,
  })));
  const assignments = proposalIds.flatMap((proposalId, i) =>
    (["desk", "live"] as const).flatMap((round) =>
      [0, 1, 2, 3, 4].map((k) => ({ competition_id: competitionId, proposal_id: proposalId, expert_id: experts[(i + k + (round === "live" ? 5 : 0)) % experts.length], round, run_id: null, active: 1, reason: null, created_at: now, updated_at: now })),
    ),
  );
  const assignmentIds = await insertChunks(db, "assignments", assignments);
  const firstKey = DEFAULT_RULES.rubric[0].key;
  await insertChunks(db, "scores", assignmentIds.map((assignmentId, j) => {
    // experts agree within ~1.4 points on a proposal (no discordance to note before publishing)
    const total = 6000 + ((Math.floor(j / 10) * 7919) % 3000) + (j % 10) * 15;
    return { assignment_id: assignmentId, criteria_json: JSON.stringify({ [firstKey]: Math.floor(total / 5) }), total_centi: total, comment: "评审意见", status: "submitted", submitted_at: now, updated_at: now };
  }));
  return { competitionId, organizerId: organizer, proposalIds };
}
