// Demo money history for Chang'an 2021: five sponsors pledge in April and pay in April–May 2021,
// 4,100,000 yuan in all (the `sponsor` demo account is the largest). Once agreements exist (the notice
// demo seed signs them), first tranches are paid in August 2021, some mid-term reports pass in
// November, and one fails, is rectified and then passes. Everything goes through the real services
// with historical dates, so the ledger and the audit log hold a real history.
import type { DB } from "../db/connection";
import { evaluateMilestone, releaseSigningTranche, submitMilestoneReport } from "../app/services/milestones.server";
import { createSponsor, pledgeContribution, receiveContribution } from "../app/services/sponsors.server";
import type { DemoContext } from "./demo";

export const DEMO_SPONSORS = [
  { name: "陕西长安建设集团有限公司", contact: "办公室 张经理 029-85200001", yuan: "1500000", pledgedOn: "2021-04-19", receivedOn: "2021-04-28", voucherNo: "CAGYCT-2021-001", account: true },
  { name: "长安区慈善协会", contact: "秘书处 刘女士 029-85200002", yuan: "1000000", pledgedOn: "2021-04-20", receivedOn: "2021-05-08", voucherNo: "CAGYCT-2021-002", account: false },
  { name: "西安南山生态农业有限公司", contact: "财务部 陈先生 029-85200003", yuan: "800000", pledgedOn: "2021-04-22", receivedOn: "2021-05-14", voucherNo: "CAGYCT-2021-003", account: false },
  { name: "长安区爱心企业联合会", contact: "联络部 赵先生 029-85200004", yuan: "500000", pledgedOn: "2021-04-23", receivedOn: "2021-05-20", voucherNo: "CAGYCT-2021-004", account: false },
  { name: "西安韦杜商贸有限公司", contact: "总经理办公室 王女士 029-85200005", yuan: "300000", pledgedOn: "2021-04-26", receivedOn: "2021-05-27", voucherNo: "CAGYCT-2021-005", account: false },
] as const;

const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

function must<T extends { ok: boolean }>(result: T, what: string): T & { ok: true } {
  if (!result.ok) throw new Error(`demo-finance: ${what} failed: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

/** Sponsors and their received contributions. Runs before any agreement is signed (signing needs the pool). */
export async function seedDemoSponsors(trx: DB, ctx: DemoContext): Promise<void> {
  const organizer = { id: ctx.users.organizer, role: "organizer" };
  for (const s of DEMO_SPONSORS) {
    const sponsor = must(await createSponsor(trx, organizer, { name: s.name, contact: s.contact, username: s.account ? "sponsor" : "" }, at(s.pledgedOn, "09:30")), "sponsor");
    const pledge = must(await pledgeContribution(trx, organizer, ctx.competitionId, { sponsorId: sponsor.sponsorId, amount: s.yuan, pledgedOn: s.pledgedOn }, at(s.pledgedOn)), "pledge");
    must(await receiveContribution(trx, organizer, { contributionId: pledge.contributionId, amount: s.yuan, receivedOn: s.receivedOn, voucherNo: s.voucherNo }, at(s.receivedOn, "15:00")), "receive");
  }
}

/**
 * Tranche history for the agreements signed by earlier seeds: every first tranche paid in August 2021;
 * mid-term reports in November for the first agreements (one fails and is rectified). The demo
 * `applicant` keeps its mid-term report open, so it can be tried in the browser.
 */
export async function seedDemoDisbursements(trx: DB, ctx: DemoContext): Promise<void> {
  const organizer = { id: ctx.users.organizer, role: "organizer" };
  const agreements = await trx
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["agreements.id", "organizations.user_id"])
    .where("agreements.competition_id", "=", ctx.competitionId)
    .where("agreements.status", "=", "signed")
    .orderBy("agreements.id")
    .execute();
  let reported = 0;
  for (const [i, a] of agreements.entries()) {
    const milestones = await trx.selectFrom("milestones").selectAll().where("agreement_id", "=", a.id).orderBy("seq").execute();
    const first = milestones.find((m) => !m.requires_report && m.status === "pending");
    if (!first) continue;
    const payDay = `2021-08-${String(2 + (i % 20)).padStart(2, "0")}`;
    must(await releaseSigningTranche(trx, organizer, { milestoneId: first.id }, at(payDay, "14:00")), "first tranche");

    const midterm = milestones.find((m) => m.requires_report);
    if (!midterm || a.user_id === ctx.users.applicant || reported >= 4) continue;
    reported += 1;
    const applicant = { id: a.user_id, role: "applicant" };
    const day = String(1 + reported * 2).padStart(2, "0");
    must(await submitMilestoneReport(trx, applicant, { milestoneId: midterm.id, summary: "中期报告：已按计划开展社区活动，建立服务台账，经费使用符合预算。" }, [], at(`2021-11-${day}`)), "mid-term report");
    if (reported === 2) {
      // failed first, rectified, then passed
      must(await evaluateMilestone(trx, organizer, { milestoneId: midterm.id, score: "55", note: "活动记录与财务凭证不完整，请于30日内整改。" }, at(`2021-11-${day}`, "16:00")), "failed evaluation");
      must(await submitMilestoneReport(trx, applicant, { milestoneId: midterm.id, summary: "整改报告：补充了活动签到表、照片和全部财务凭证。" }, [], at("2021-12-06")), "rectified report");
      must(await evaluateMilestone(trx, organizer, { milestoneId: midterm.id, score: "72", note: "整改到位，评估合格。" }, at("2021-12-10", "16:00")), "rectified evaluation");
    } else {
      const score = reported === 1 ? "91" : "84";
      must(await evaluateMilestone(trx, organizer, { milestoneId: midterm.id, score, note: "按计划推进，成效明显。" }, at(`2021-11-${day}`, "16:00")), "evaluation");
    }
  }
}
