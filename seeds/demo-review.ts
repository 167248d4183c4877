// Demo review history for Chang'an 2021, through the real services on historical dates:
// 初审 by the `reviewer` account 06-01..06-09 (one proposal returned for 补正 on 06-02 and resubmitted on
// 06-04, two rejected, the rest passed); the panel — the demo `expert` and nine more, invited on 06-01,
// appointed with numbered letters on 06-10 (one declares a conflict of interest on 06-11); seeded
// assignment runs per division and round on 06-11 (one adjusted by hand on 06-12); desk scores 06-15..06-25 and 现场答辩 (live) scores
// 06-29..07-01, all submitted, with one outlier; and one grant lowered when the plan is finalised (07-02).
import type { DB } from "../db/connection";
import { DEFAULT_RULES, type RubricCriterion } from "../app/domain/competition-rules";
import { createPrng } from "../app/domain/prng";
import { SCORE_STEP_CENTI } from "../app/domain/scoring";
import { INITIAL_CHECKLIST } from "../app/schemas/review";
import { addAssignment, removeAssignment, runAssignment } from "../app/services/assignments.server";
import { recordAudit } from "../app/services/audit.server";
import { appointExpert, declareConflict, inviteExpert } from "../app/services/experts.server";
import { decideInitialReview } from "../app/services/initial-review.server";
import { submitProposal } from "../app/services/proposals.server";
import { decideAward } from "../app/services/ranking.server";
import { saveScore } from "../app/services/scores.server";
import type { DemoContext } from "./demo";
import { DEMO_PROPOSALS, at, must, proposalInput } from "./demo-registration";

/** The panel besides the demo `expert`: university social-work teachers, sector veterans, a finance expert, a civil-affairs representative. */
export const DEMO_EXPERTS = [
  { username: "zhaowenbo", displayName: "赵文博", mobile: "13909182201", division: null },
  { username: "sunlihua", displayName: "孙丽华", mobile: "13772412202", division: "WQ" },
  { username: "zhouxiaodong", displayName: "周晓东", mobile: "13572302203", division: "WQ" },
  { username: "wumin", displayName: "吴敏", mobile: "18691302204", division: "WQ" },
  { username: "zhenghaitao", displayName: "郑海涛", mobile: "15829012205", division: "WQ" },
  { username: "wangyaqin", displayName: "王雅琴", mobile: "13991202206", division: "GD" },
  { username: "fengzhiqiang", displayName: "冯志强", mobile: "13609212207", division: "GD" },
  { username: "chenxiaoyan", displayName: "陈晓燕", mobile: "18092402208", division: "GD" },
  { username: "chujianmin", displayName: "褚建民", mobile: "13186412209", division: "GD" },
] as const;

/** Recorded seeds of the four assignment runs (anyone can re-run the draw and get the same panel). */
export const DEMO_ASSIGNMENT_SEEDS = { WQ: { desk: "CA2021-WQ-desk-0611", live: "CA2021-WQ-live-0611" }, GD: { desk: "CA2021-GD-desk-0611", live: "CA2021-GD-live-0611" } } as const;

/** The one score far from its panel (flagged as an outlier, then trimmed away): expert, proposal and round. */
export const DEMO_OUTLIER = { expert: "chujianmin", proposalTitle: "“红色物业·小区议事厅”老旧小区协商治理项目", round: "desk", points: 62 } as const;

/** The heritage-craft project: scored below the qualification line, so it stays ranked but unfunded. */
export const CRAFT_TITLE = "“巧手细柳”非遗编织技艺传承项目";

const COMMENTS: [min: number, text: string][] = [
  [85, "需求调研扎实，服务设计完整、可操作性强，团队经验丰富，预算测算清楚，建议优先支持。"],
  [75, "项目切合社区实际需求，活动安排合理，建议进一步细化成效指标和志愿者管理办法。"],
  [65, "项目有一定社区基础，但目标较为笼统，预算部分科目测算依据不足，建议完善后实施。"],
  [0, "需求论证不充分，活动设计与目标衔接较弱，执行团队能力和可持续性有待加强。"],
];

/** A total (centipoints, on the half-point grid) split over the rubric roughly in proportion to each maximum. */
export function splitTotal(rubric: readonly RubricCriterion[], totalCenti: number, tilt: number): Record<string, string> {
  const out: Record<string, number> = {};
  let left = totalCenti;
  for (const c of rubric) {
    const share = Math.floor((totalCenti * c.maxPoints) / 100 / SCORE_STEP_CENTI) * SCORE_STEP_CENTI;
    out[c.key] = Math.min(share, c.maxPoints * 100);
    left -= out[c.key];
  }
  // hand out what is left half a point at a time, starting from a different criterion per sheet
  for (let i = 0; left > 0; i++) {
    const c = rubric[(i + tilt) % rubric.length];
    if (out[c.key] + SCORE_STEP_CENTI <= c.maxPoints * 100) {
      out[c.key] += SCORE_STEP_CENTI;
      left -= SCORE_STEP_CENTI;
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, (v / 100).toString()]));
}

export async function seedDemoReview(trx: DB, ctx: DemoContext): Promise<void> {
  const organizer = { id: ctx.users.organizer, role: "organizer" };
  const reviewer = { id: ctx.users.reviewer, role: "reviewer" };
  const proposals = await trx
    .selectFrom("proposals")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["proposals.id", "proposals.title", "proposals.status", "proposals.division_id", "proposals.category_id", "proposals.organization_id", "organizations.user_id"])
    .where("proposals.competition_id", "=", ctx.competitionId)
    .orderBy("proposals.last_submitted_at")
    .execute();
  const specOf = new Map(DEMO_PROPOSALS.map((s) => [s.title, s]));
  const divisions = new Map(
    (await trx.selectFrom("divisions").select(["id", "code"]).where("competition_id", "=", ctx.competitionId).execute()).map((d) => [d.code, d.id]),
  );

  // ---- 初审: the reviewer works through the queue in submission order, four a day.
  const checklist = Object.fromEntries(INITIAL_CHECKLIST.map((k) => [k, true]));
  const queue = proposals.filter((p) => p.status === "submitted");
  const days = ["2021-06-01", "2021-06-02", "2021-06-03", "2021-06-04", "2021-06-07", "2021-06-08", "2021-06-09"];
  let returned: (typeof proposals)[number] | undefined;
  for (const [i, p] of queue.entries()) {
    const spec = specOf.get(p.title)!;
    const day = spec.fate === "return" ? "2021-06-02" : days[Math.floor(i / 4)];
    const time = `${String(9 + (i % 4) * 2).padStart(2, "0")}:${String(10 + ((i * 7) % 40)).padStart(2, "0")}`;
    if (spec.fate === "return") {
      must(await decideInitialReview(trx, reviewer, p.id, { decision: "return", reasons: spec.reasons, correctionDeadlineOn: "2021-06-07" }, at(day, time)), `return ${p.title}`);
      returned = p;
    } else if (spec.fate === "reject") {
      must(await decideInitialReview(trx, reviewer, p.id, { decision: "reject", reasons: spec.reasons }, at(day, time)), `reject ${p.title}`);
    } else {
      must(await decideInitialReview(trx, reviewer, p.id, { decision: "pass", checklist }, at(day, time)), `pass ${p.title}`);
    }
  }
  if (returned) {
    // 补正: the organization explains its counsellor fees and resubmits on 06-04; passed on 06-08.
    const spec = specOf.get(returned.title)!;
    const input = proposalInput(spec, returned.division_id!, returned.category_id!);
    input.budget[0] = { ...input.budget[0], item: "心理咨询师劳务费（300元/课时×72课时，持国家二级心理咨询师证书2人）" };
    must(await submitProposal(trx, { id: returned.user_id, role: "applicant" }, returned.id, input, at("2021-06-04", "17:20")), "resubmit after correction");
    must(await decideInitialReview(trx, reviewer, returned.id, { decision: "pass", checklist }, at("2021-06-08", "10:30")), "pass corrected proposal");
  }

  // ---- The panel: invitations (06-01), passwords set through the link, numbered letters (06-10).
  const experts: { id: number; division: "WQ" | "GD" | null }[] = [{ id: ctx.users.expert, division: null }];
  for (const [i, e] of DEMO_EXPERTS.entries()) {
    const invite = must(await inviteExpert(trx, organizer, { username: e.username, displayName: e.displayName, mobile: e.mobile }, at("2021-06-01", "15:00")), `invite ${e.username}`);
    // What acceptInvite does, with the shared demo password hash (hashing per expert would slow the seed).
    const acceptedAt = at(i < 5 ? "2021-06-02" : "2021-06-03", `${String(9 + i).padStart(2, "0")}:30`);
    await trx.updateTable("expert_invites").set({ used_at: acceptedAt.toISOString() }).where("user_id", "=", invite.expertId).where("used_at", "is", null).execute();
    await trx.updateTable("users").set({ password_hash: ctx.passwordHash }).where("id", "=", invite.expertId).execute();
    await recordAudit(trx, { actorId: invite.expertId, action: "expert.acceptInvite", entityType: "user", entityId: invite.expertId, after: { demoSeed: true }, now: acceptedAt });
    experts.push({ id: invite.expertId, division: e.division });
  }
  for (const [i, e] of experts.entries()) {
    const divisionId = e.division ? divisions.get(e.division)! : "";
    must(await appointExpert(trx, organizer, { competitionId: ctx.competitionId, expertId: e.id, divisionId }, at("2021-06-10", `14:${String(i * 3).padStart(2, "0")}`)), "appoint expert");
  }
  // 陈晓燕 advised 善邻 on its project design last year: she declares it before the draw.
  const shanlin = proposals.find((p) => p.title === DEMO_OUTLIER.proposalTitle)!;
  const chen = experts[DEMO_EXPERTS.findIndex((e) => e.username === "chenxiaoyan") + 1];
  must(
    await declareConflict(trx, { id: chen.id, role: "expert" }, { competitionId: ctx.competitionId, organizationId: shanlin.organization_id, ground: "helpedWrite", note: "2020年曾受邀为该机构项目设计提供咨询。" }, at("2021-06-11", "09:40")),
    "declare conflict",
  );

  // ---- Seeded draws per division and round (5 experts per proposal).
  for (const code of ["WQ", "GD"] as const) {
    for (const round of ["desk", "live"] as const) {
      must(
        await runAssignment(trx, organizer, { competitionId: ctx.competitionId, divisionId: divisions.get(code)!, round, seed: DEMO_ASSIGNMENT_SEEDS[code][round] }, at("2021-06-11", round === "desk" ? "15:00" : "15:10")),
        `assignment ${code} ${round}`,
      );
    }
  }

  // ---- One adjustment by hand (06-12): the heritage-craft project gets the demo expert, who knows 非遗 work,
  // in place of a drawn expert with a heavy load. (It also keeps a scored proposal on the demo expert's page
  // after the funded ones are contracted.)
  const craft = proposals.find((p) => p.title === CRAFT_TITLE)!;
  for (const round of ["desk", "live"] as const) {
    const drawn = await trx
      .selectFrom("assignments")
      .select(["id", "expert_id"])
      .where("proposal_id", "=", craft.id)
      .where("round", "=", round)
      .where("active", "=", 1)
      .orderBy("expert_id", "desc")
      .execute();
    if (drawn.some((a) => a.expert_id === ctx.users.expert)) continue;
    must(await removeAssignment(trx, organizer, { assignmentId: drawn[0].id, reason: "该专家本轮评审任务较重，经协商调整。" }, at("2021-06-12", "10:00")), "remove assignment");
    must(
      await addAssignment(trx, organizer, { proposalId: craft.id, expertId: ctx.users.expert, round, reason: "项目属非遗技艺传承，调配熟悉文化传承领域的专家评审。" }, at("2021-06-12", "10:05")),
      "add assignment",
    );
  }

  // ---- Scores: every assignment submitted, desk 06-15..06-25, live (roadshow) 06-29..07-01.
  const rubric = DEFAULT_RULES.rubric;
  const assignments = await trx
    .selectFrom("assignments")
    .innerJoin("proposals", "proposals.id", "assignments.proposal_id")
    .select(["assignments.id", "assignments.expert_id", "assignments.round", "proposals.title"])
    .where("assignments.competition_id", "=", ctx.competitionId)
    .where("assignments.active", "=", 1)
    .orderBy("assignments.round")
    .orderBy("assignments.expert_id")
    .orderBy("assignments.id")
    .execute();
  const prng = createPrng("changan-2021-demo-scores");
  const deskDays = ["2021-06-15", "2021-06-16", "2021-06-17", "2021-06-18", "2021-06-21", "2021-06-22", "2021-06-23", "2021-06-24", "2021-06-25"];
  const liveDays = ["2021-06-29", "2021-06-30", "2021-07-01"];
  const perExpert = new Map<string, number>();
  const outlierExpert = experts[DEMO_EXPERTS.findIndex((e) => e.username === DEMO_OUTLIER.expert) + 1].id;
  for (const a of assignments) {
    const quality = specOf.get(a.title)?.quality ?? 70;
    let points = quality + (prng.nextInt(13) - 6) + (a.round === "live" ? prng.nextInt(5) - 2 : 0);
    if (a.expert_id === outlierExpert && a.round === DEMO_OUTLIER.round && a.title === DEMO_OUTLIER.proposalTitle) points = DEMO_OUTLIER.points;
    const totalCenti = Math.max(30, Math.min(98, points)) * 100 + (prng.nextInt(2) ? SCORE_STEP_CENTI : 0);
    const key = `${a.expert_id}:${a.round}`;
    const n = perExpert.get(key) ?? 0;
    perExpert.set(key, n + 1);
    const dayList = a.round === "desk" ? deskDays : liveDays;
    const day = dayList[Math.min(dayList.length - 1, Math.floor(n / (a.round === "desk" ? 2 : 6)))];
    const time = `${String(9 + (n % 8)).padStart(2, "0")}:${String((a.expert_id * 7 + n * 11) % 60).padStart(2, "0")}`;
    const comment = COMMENTS.find(([min]) => points >= min)![1];
    must(await saveScore(trx, { id: a.expert_id, role: "expert" }, a.id, { criteria: splitTotal(rubric, totalCenti, n), comment }, "submit", at(day, time)), `score ${a.title}`);
  }

  // ---- 确定实施方案: one grant lowered below the request (some material prices were above market).
  const lowered = proposals.find((p) => p.title === "“益家亲”社区互助时间银行项目");
  if (lowered) {
    must(
      await decideAward(trx, organizer, { proposalId: lowered.id, approvedYuan: "75000", reason: "经项目优化，时间银行线上平台改用街道现有系统，核减平台开发费7000元。" }, at("2021-07-02", "16:00")),
      "lower one grant",
    );
  }
}
