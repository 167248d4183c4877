// Without JavaScript a refused form comes back from the server with everything that was typed in it:
// the action answers 4xx with its messages and the values, and the page renders them into the fields.
import * as milestones from "~/routes/applicant.milestones";
import * as calendar from "~/routes/organizer.calendar";
import * as agreementFinance from "~/routes/organizer.finance.agreements.$agreementId";
import * as contributions from "~/routes/organizer.finance.contributions";
import * as experts from "~/routes/organizer.experts._index";
import * as rehearsalRoute from "~/routes/organizer.rehearsal";
import * as applicantAgreement from "~/routes/applicant.agreements.$id";
import { generateAgreements } from "~/services/agreements.server";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";
import * as notifySettings from "~/routes/inbox.settings";
import { createRehearsal } from "~/services/rehearsal.server";
import { t } from "~/i18n";
import { releaseSigningTranche, submitMilestoneReport } from "~/services/milestones.server";
import { createSponsor, pledgeContribution } from "~/services/sponsors.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";
import { renderAfterPost } from "../support/render";

const ctx = useFreshDatabase();

const post = async (userId: number, url: string, fields: Record<string, string>) => requestAs(userId, url, { method: "POST", body: formBody(fields) });

describe("refused forms come back as typed", () => {
  it("an expert invite with a bad username keeps the name, mobile and division typed", async () => {
    const { competition, divisions } = await createCompetition(ctx.db);
    const organizer = await createUser(ctx.db, "organizer");
    const url = `/organizer/experts?competition=${competition.id}`;
    const fields = { intent: "invite", competitionId: String(competition.id), username: "王 老师", displayName: "王建国老师", mobile: "13712345678", divisionId: String(divisions[1].id) };
    const refused = await callRoute(experts.action, await post(organizer.id, url, fields));
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors.username).toBe("review.expert.usernameInvalid");
    expect(body.values).toMatchObject({ username: "王 老师", displayName: "王建国老师", mobile: "13712345678", divisionId: String(divisions[1].id) });
    expect(await ctx.db.selectFrom("users").select("id").where("display_name", "=", "王建国老师").execute()).toHaveLength(0);

    const html = await renderAfterPost(experts, await post(organizer.id, url, fields));
    expect(html).toMatch(/<input[^>]*name="displayName"[^>]*value="王建国老师"/);
    expect(html).toMatch(/<input[^>]*name="mobile"[^>]*value="13712345678"/);
    expect(html).toMatch(/<input[^>]*name="username"[^>]*value="王 老师"/);
    expect(html).toMatch(new RegExp(`<option value="${divisions[1].id}" selected="">`));
  });

  it("a pledge with a bad amount keeps the sponsor, amount and date; a refused receipt keeps its row's amount, date and voucher", async () => {
    const world = await createFinanceWorld(ctx.db);
    const actor = { id: world.organizer.id, role: "organizer" };
    const now = new Date("2021-05-10T02:00:00Z");
    const sponsor = await createSponsor(ctx.db, actor, { name: "长安某企业", contact: "张经理 13900000000", username: "" }, now);
    if (!sponsor.ok) throw new Error("sponsor");
    const url = `/organizer/finance/contributions?competition=${world.competition.id}`;
    const fields = { intent: "pledge", competitionId: String(world.competition.id), sponsorId: String(sponsor.sponsorId), amount: "十万元", pledgedOn: "2021-04-20" };
    const refused = await callRoute(contributions.action, await post(world.organizer.id, url, fields));
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors.amount).toBeTruthy();
    expect(body.values).toMatchObject({ sponsorId: String(sponsor.sponsorId), amount: "十万元", pledgedOn: "2021-04-20" });
    expect(await ctx.db.selectFrom("contributions").select("id").execute()).toHaveLength(0);
    const html = await renderAfterPost(contributions, await post(world.organizer.id, url, fields));
    expect(html).toMatch(/<input[^>]*name="amount"[^>]*value="十万元"/);
    expect(html).toMatch(/<input[^>]*name="pledgedOn"[^>]*value="2021-04-20"/);
    expect(html).toMatch(new RegExp(`<option value="${sponsor.sponsorId}" selected="">`));

    const pledged = await pledgeContribution(ctx.db, actor, world.competition.id, { sponsorId: sponsor.sponsorId, amount: "100000", pledgedOn: "2021-04-20" }, now);
    if (!pledged.ok) throw new Error("pledge");
    const receipt = { intent: "receive", contributionId: String(pledged.contributionId), amount: "99000", receivedOn: "2021-05-06", voucherNo: "x" };
    const again = await renderAfterPost(contributions, await post(world.organizer.id, url, receipt));
    expect(again).toMatch(/<input[^>]*name="amount"[^>]*value="99000"/);
    expect(again).toMatch(/<input[^>]*name="receivedOn"[^>]*value="2021-05-06"/);
    expect(again).toMatch(/<input[^>]*name="voucherNo"[^>]*value="x"/);
    expect((await ctx.db.selectFrom("contributions").select("status").executeTakeFirstOrThrow()).status).toBe("pledged");
  });

  it("a milestone report refused for its summary keeps the summary typed and asks for the attachments again", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    await releaseSigningTranche(ctx.db, { id: world.organizer.id, role: "organizer" }, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    const body = () => {
      const fd = formBody({ milestoneId: String(a.milestones[1].id), summary: "开展课堂" });
      fd.append("files", new File([new TextEncoder().encode("%PDF-1.4")], "中期报告.pdf", { type: "application/pdf" }));
      return fd;
    };
    const refused = await callRoute(milestones.action, await requestAs(a.applicantId, "/applicant/milestones", { method: "POST", body: body() }));
    expect(refused.status).toBe(400);
    const answer = await refused.json();
    expect(answer.fieldErrors.summary).toBe("finance.validation.summary");
    expect(answer.values).toEqual({ milestoneId: String(a.milestones[1].id), summary: "开展课堂" });
    expect(await ctx.db.selectFrom("milestone_reports").select("id").execute()).toHaveLength(0);
    const html = await renderAfterPost(milestones, await requestAs(a.applicantId, "/applicant/milestones", { method: "POST", body: body() }));
    expect(html).toMatch(/<textarea[^>]*name="summary"[^>]*>开展课堂<\/textarea>/);
    expect(html).toMatch(new RegExp(`<a href="#summary-${a.milestones[1].id}">`)); // the summary links to this tranche's field
    expect(html).toMatch(new RegExp(`<textarea[^>]*id="summary-${a.milestones[1].id}"`));
    expect(html).toContain(t("input.echo.filesAgain"));
  });

  it("a 放假安排 refused for its source keeps the year, every holiday row and the 调休 days; a refused correction keeps its kind and note", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const fields = {
      intent: "year",
      year: "2031",
      source: "国",
      "holidays.0.name": "元旦",
      "holidays.0.from": "2031-01-01",
      "holidays.0.to": "2031-01-01",
      "holidays.1.name": "春节",
      "holidays.1.from": "2031-01-22",
      "holidays.1.to": "2031-01-28",
      "holidays.2.name": "",
      "holidays.2.from": "",
      "holidays.2.to": "",
      "workdays.0.date": "2031-01-26",
      "workdays.1.date": "",
    };
    const refused = await callRoute(calendar.action, await post(organizer.id, "/organizer/calendar", fields));
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors.source).toBe("rules.calendar.sourceInvalid");
    expect(body.values.holidays[1]).toEqual({ name: "春节", from: "2031-01-22", to: "2031-01-28" });
    expect(body.values.workdays).toEqual([{ date: "2031-01-26" }, { date: "" }]);
    const html = await renderAfterPost(calendar, await post(organizer.id, "/organizer/calendar", fields));
    expect(html).toMatch(/<input[^>]*name="year"[^>]*value="2031"/);
    expect(html).toMatch(/<input[^>]*name="source"[^>]*value="国"/);
    expect(html).toMatch(/<input[^>]*name="holidays\.1\.name"[^>]*value="春节"/);
    expect(html).toMatch(/<input[^>]*name="holidays\.1\.to"[^>]*value="2031-01-28"/);
    expect(html).toMatch(/<input[^>]*name="workdays\.0\.date"[^>]*value="2031-01-26"/);
    expect(html).toMatch(/name="holidays\.7\.name"/); // the spare rows are still offered

    const correction = { dateOn: "2031-13-01", kind: "workday", note: "社区活动日调休" };
    const again = await renderAfterPost(calendar, await post(organizer.id, "/organizer/calendar", correction));
    expect(again).toMatch(/<option value="workday" selected="">/);
    expect(again).toMatch(/<input[^>]*name="note"[^>]*value="社区活动日调休"/);
    expect(await ctx.db.selectFrom("calendar_overrides").select("id").execute()).toHaveLength(0);
  });

  it("an evaluation refused for its score keeps the score and note typed; a 终止协议 without the ticked box keeps its reason", async () => {
    const world = await createFinanceWorld(ctx.db);
    await fundPool(ctx.db, world, 20_000_000);
    const a = await createSignedAgreementWithMilestones(ctx.db, world, 8_000_000);
    const organizer = { id: world.organizer.id, role: "organizer" };
    await releaseSigningTranche(ctx.db, organizer, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    const applicant = await ctx.db.selectFrom("users").select(["id", "role"]).where("id", "=", a.applicantId).executeTakeFirstOrThrow();
    const reported = await submitMilestoneReport(ctx.db, applicant, { milestoneId: String(a.milestones[1].id), summary: "开展助老课堂十二次，服务 360 人次" }, [], new Date("2021-09-01T02:00:00Z"));
    expect(reported.ok).toBe(true);
    const url = `/organizer/finance/agreements/${a.agreementId}`;
    const pattern = "/organizer/finance/agreements/:agreementId";
    const evaluation = { intent: "evaluate", milestoneId: String(a.milestones[1].id), score: "101", note: "课堂记录齐全，回访满意", confirm: "yes" };
    const html = await renderAfterPost(agreementFinance, await post(world.organizer.id, url, evaluation), pattern);
    expect(html).toMatch(/<input[^>]*name="score"[^>]*value="101"/);
    expect(html).toMatch(/<textarea[^>]*name="note"[^>]*>课堂记录齐全，回访满意<\/textarea>/);
    expect(await ctx.db.selectFrom("milestone_evaluations").select("id").execute()).toHaveLength(0);

    const unconfirmed = await renderAfterPost(agreementFinance, await post(world.organizer.id, url, { intent: "terminate", reason: "机构已注销，无法继续执行" }), pattern);
    expect(unconfirmed).toMatch(/<textarea[^>]*name="reason"[^>]*>机构已注销，无法继续执行<\/textarea>/);
    expect((await ctx.db.selectFrom("agreements").select("status").where("id", "=", a.agreementId).executeTakeFirstOrThrow()).status).toBe("signed");
  });

  it("演练: a refused name and a refused number of days come back as typed", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const longName = "长安区社区公益创投演练".repeat(7); // 77 characters, over the 60 allowed
    const refused = await callRoute(rehearsalRoute.action, await post(organizer.id, "/organizer/rehearsal", { intent: "create", name: longName }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).values).toMatchObject({ name: longName });
    const html = await renderAfterPost(rehearsalRoute, await post(organizer.id, "/organizer/rehearsal", { intent: "create", name: longName }));
    expect(html).toContain(`value="${longName}"`);
    expect(await ctx.db.selectFrom("competitions").select("id").where("is_rehearsal", "=", 1).execute()).toHaveLength(0);

    const created = await createRehearsal(ctx.db, organizer, { name: "培训" }, new Date());
    if (!created.ok) throw new Error("rehearsal");
    const days = { intent: "advance", competitionId: String(created.competitionId), days: "500" };
    const again = await renderAfterPost(rehearsalRoute, await post(organizer.id, "/organizer/rehearsal", days));
    expect(again).toMatch(/<input[^>]*name="days"[^>]*value="500"/);
    expect(again).toContain(t("multi.rehearsal.days"));
    const clock = await ctx.db.selectFrom("competitions").select("clock_offset_seconds").where("id", "=", created.competitionId).executeTakeFirstOrThrow();
    expect(Number(clock.clock_offset_seconds)).toBe(0);
  });

  it("通知设置: a mobile number refused as malformed stays in its field; a wrong-shaped code too", async () => {
    const user = await createUser(ctx.db, "applicant");
    const fields = { intent: "send", channel: "sms", address: "139-1234" };
    const refused = await callRoute(notifySettings.action, await post(user.id, "/inbox/settings", fields));
    expect(refused.status).toBe(400);
    const html = await renderAfterPost(notifySettings, await post(user.id, "/inbox/settings", fields));
    const sms = html.slice(html.indexOf('data-testid="contact-sms"'));
    expect(sms).toMatch(/<input[^>]*name="address"[^>]*value="139-1234"/);
    // the email card (another channel) does not take the sms card's typed number
    expect(html.slice(0, html.indexOf('data-testid="contact-sms"'))).not.toContain('value="139-1234"');
    expect(await ctx.db.selectFrom("contact_verifications").select("id").execute()).toHaveLength(0);
  });

  it("协议签署: a mistyped password keeps the tick and its summary links to the password; without the tick it links to the box", async () => {
    const w = await createReviewedCompetition(ctx.db, { proposals: 1, requestedFen: 5_000_000 });
    await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, periodEndsAt: "2021-07-12T15:59:59.999Z", rows: [{ proposalId: w.proposals[0].proposalId, approvedFen: 5_000_000 }] });
    await generateAgreements(ctx.db, { id: w.organizer.id, role: "organizer" }, w.competition.id, new Date("2021-07-13T02:00:00Z"));
    const agreement = await ctx.db.selectFrom("agreements").select(["id", "text_sha256"]).executeTakeFirstOrThrow();
    const url = `/applicant/agreements/${agreement.id}`;
    const sign = async (fields: Record<string, string>) =>
      renderAfterPost(applicantAgreement, await post(w.proposals[0].applicantId, url, { textSha256: agreement.text_sha256, ...fields }), "/applicant/agreements/:id");
    const mistyped = await sign({ password: "not-my-password", confirm: "yes" });
    expect(mistyped).toMatch(/<div class="error-summary"[^>]*autofocus=""[\s\S]*?<a href="#password">/);
    expect(mistyped).toMatch(/<input id="sign-confirm"[^>]*name="confirm"[^>]*checked=""/);
    expect(mistyped).not.toContain("not-my-password"); // a password is never sent back
    const unticked = await sign({ password: "whatever" });
    expect(unticked).toMatch(/<a href="#sign-confirm">/);
    expect(unticked).toMatch(/<input id="sign-confirm"[^>]*name="confirm"/);
    expect(unticked).not.toMatch(/<input id="sign-confirm"[^>]*checked=""/);
    expect((await ctx.db.selectFrom("agreements").select("status").executeTakeFirstOrThrow()).status).toBe("draft");
  });
});
