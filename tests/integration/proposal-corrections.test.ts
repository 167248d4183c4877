// The applicant's proposal page puts what 初审 asked to correct first, with a way straight to the form;
// statuses wear tones that mean something (退回补正 asks for action, 初审未通过 is a refusal — neither green).
import * as proposalRoute from "~/routes/applicant.proposals.$id";
import { useFreshDatabase } from "../support/db";
import { createCompetition, createUser, requestAs } from "../support/factories";
import { createApplicantWithProposal } from "../support/factories-registration";
import { renderPage } from "../support/render";

const ctx = useFreshDatabase();

async function reviewed(status: "returned" | "rejected", reasons: string, deadlineDays = 5) {
  const fixture = await createCompetition(ctx.db, { openRegistration: true });
  const deadline = new Date(Date.now() + deadlineDays * 86_400_000).toISOString();
  const made = await createApplicantWithProposal(ctx.db, fixture, { status, correctionDeadlineAt: status === "returned" ? deadline : null });
  const reviewer = await createUser(ctx.db, "reviewer");
  await ctx.db
    .insertInto("initial_reviews")
    .values({ proposal_id: made.proposalId, proposal_version: 1, reviewer_id: reviewer.id, decision: status === "returned" ? "return" : "reject", checklist_json: "{}", reasons, correction_deadline_at: status === "returned" ? deadline : null, created_at: new Date().toISOString() })
    .execute();
  const html = await renderPage(proposalRoute, await requestAs(made.applicantId, `/applicant/proposals/${made.proposalId}`), "/applicant/proposals/:id");
  return { html, deadline };
}

describe("the applicant's proposal page after 初审", () => {
  it("shows the 补正 reasons and deadline above the form, with a button that goes to the form", async () => {
    const { html } = await reviewed("returned", "预算表缺少劳务费明细；请补充社区居委会盖章的需求证明。");
    const notice = html.indexOf('data-testid="correction-notice"');
    const form = html.indexOf('id="proposal-form"');
    expect(notice).toBeGreaterThan(-1);
    expect(form).toBeGreaterThan(notice);
    expect(html).toContain("预算表缺少劳务费明细；请补充社区居委会盖章的需求证明。");
    expect(html).toMatch(/<a class="button" href="#proposal-form" data-testid="correction-fix">修改并重新提交<\/a>/);
    expect(html).toMatch(/class="badge warn" data-testid="proposal-status">退回补正/);
  });

  it("says when the correction deadline has passed and offers no resubmission button", async () => {
    const { html } = await reviewed("returned", "缺少证明材料。", -1);
    expect(html).toContain("补正期限");
    expect(html).toContain("已过");
    expect(html).not.toContain('data-testid="correction-fix"');
  });

  it("shows why a proposal did not pass, marked as a refusal (red), and no form", async () => {
    const { html } = await reviewed("rejected", "申报主体不符合本届大赛申报条件。");
    expect(html).toContain('data-testid="rejection-notice"');
    expect(html).toContain("申报主体不符合本届大赛申报条件。");
    expect(html).toMatch(/class="badge bad" data-testid="proposal-status">/);
    expect(html).not.toContain('id="proposal-form"');
  });
});
