// Demo notice history for Chang'an 2021, through the real services on historical dates: the
// shortlist is published on Monday 2021-07-05 (5 working days, 07-06 to 07-12), a resident objects on
// 07-08 and the objection is dismissed on 07-12; agreements are generated on 07-13, signed by the
// organizations on 07-19..23 and countersigned by the organizer on 07-26..28 (late July).
import type { DB } from "../db/connection";
import { generateAgreements, recordSignature } from "../app/services/agreements.server";
import { publishNotice } from "../app/services/notices.server";
import { addDiscordanceNote } from "../app/services/discordance.server";
import { loadSelection } from "../app/services/ranking.server";
import { decideObjection, fileObjection } from "../app/services/objections.server";
import { parseSnapshot } from "../app/domain/notice";
import { addCalendarDays } from "../app/domain/time";
import type { DemoContext } from "./demo";

const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

function must<T extends { ok: boolean }>(result: T, what: string): T & { ok: true } {
  if (!result.ok) throw new Error(`demo-notice: ${what} failed: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

export async function seedDemoNotice(trx: DB, ctx: DemoContext): Promise<void> {
  const organizer = { id: ctx.users.organizer, role: "organizer" };
  // Without review demo data there is nothing to publish yet.
  const selection = await loadSelection(trx, ctx.competitionId);
  if (!selection.some((r) => r.funded)) return;
  // The panel met on the Friday before and recorded why widely spread scores stand (the notice needs it).
  for (const row of selection.filter((r) => r.discordant)) {
    must(
      await addDiscordanceNote(trx, organizer, { proposalId: row.proposalId, note: "评审组复议：专家对项目可行性判断不一，经讨论维持各自评分，按汇总规则计分。" }, at("2021-07-02", "16:00")),
      "discordance note",
    );
  }
  const published = must(
    await publishNotice(trx, organizer, { competitionId: ctx.competitionId, note: "公示期间如有异议，也可拨打监督电话 029-85200000（工作日 9:00–17:00）。" }, at("2021-07-05")),
    "publish notice",
  );
  const notice = await trx.selectFrom("notices").select("snapshot_json").where("id", "=", published.noticeId).executeTakeFirstOrThrow();
  const rows = parseSnapshot(notice.snapshot_json).rows;

  // One objection, against a project that is not the demo applicant's, investigated and dismissed.
  const owners = new Map(
    (
      await trx
        .selectFrom("proposals")
        .innerJoin("organizations", "organizations.id", "proposals.organization_id")
        .select(["proposals.id", "organizations.user_id"])
        .where("proposals.competition_id", "=", ctx.competitionId)
        .execute()
    ).map((r) => [r.id, r.user_id]),
  );
  const target = rows.find((r) => owners.get(r.proposalId) !== ctx.users.applicant) ?? rows[0];
  const objection = must(
    await fileObjection(
      trx, published.noticeId,
      {
        proposalId: target.proposalId, name: "周建国", mobile: "13991234567", relation: "resident",
        reasons: "该项目计划在小区活动室开展服务，但活动室近期正在装修，担心项目无法按时开展，请组委会核实场地落实情况。",
      },
      null, at("2021-07-08", "15:20"), "demo-seed",
    ),
    "objection",
  );
  must(
    await decideObjection(trx, organizer, objection.objectionId, {
      decision: "dismissed",
      finding: "经与社区居委会及项目单位核实：活动室装修将于7月底完工，项目首期活动安排在8月中旬，另已落实社区党群服务中心作为备用场地。异议不成立，项目按程序签约。",
    }, at("2021-07-12", "16:00")),
    "dismiss objection",
  );

  must(await generateAgreements(trx, organizer, ctx.competitionId, at("2021-07-13", "09:00")), "generate agreements");
  const drafts = await trx
    .selectFrom("agreements")
    .innerJoin("proposals", "proposals.id", "agreements.proposal_id")
    .innerJoin("organizations", "organizations.id", "proposals.organization_id")
    .select(["agreements.id", "agreements.text_sha256", "organizations.user_id"])
    .where("agreements.competition_id", "=", ctx.competitionId)
    .where("agreements.status", "=", "draft")
    .orderBy("agreements.id")
    .execute();
  for (const [i, a] of drafts.entries()) {
    const orgDay = addCalendarDays("2021-07-19", i % 5);
    must(await recordSignature(trx, { id: a.user_id, role: "applicant" }, a.id, a.text_sha256, at(orgDay, "10:30")), "organization signs");
  }
  for (const [i, a] of drafts.entries()) {
    const organizerDay = addCalendarDays("2021-07-26", i % 3);
    must(await recordSignature(trx, organizer, a.id, a.text_sha256, at(organizerDay, "15:00")), "organizer countersigns");
  }
}
