// 站内信 in a real browser: a proposal returned for 补正 shows up as an unread message in the header; the
// applicant opens it in the inbox, reads the reasons and the deadline, and follows it to the editable form.
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { CHANGAN_2021 } from "../../seeds/changan-2021";
import { insertCompetition } from "../../seeds/demo";
import { shanghaiDate } from "../../app/domain/time";
import { decideInitialReview } from "../../app/services/initial-review.server";
import { TEST_PASSWORD, createUser } from "../support/factories";
import { createApplicantWithProposal } from "../support/factories-registration";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

describe("the applicant's inbox", () => {
  it("shows the 补正 message as unread, and opening it leads to the proposal form", async () => {
    const day = 86_400_000;
    const at = (d: number) => new Date(Date.now() + d * day).toISOString();
    const competitionId = await insertCompetition(
      db,
      {
        ...CHANGAN_2021, slug: `e2e-notify-${tag}`, name: `通知演练大赛${tag}`, year: 2020,
        registration_opens_at: at(-5), registration_closes_at: at(10), initial_review_ends_at: at(20),
        review_starts_at: at(21), review_ends_at: at(30), signing_ends_at: at(60), implementation_ends_at: at(300),
      },
      new Date(),
    );
    const competition = await db.selectFrom("competitions").selectAll().where("id", "=", competitionId).executeTakeFirstOrThrow();
    const applicant = await createUser(db, "applicant", { username: `notify${tag}` });
    const { proposalId } = await createApplicantWithProposal(db, competition, { applicantId: applicant.id, content: { title: `长者助餐${tag}` } });
    const reviewer = await createUser(db, "reviewer", { username: `chushen${tag}` });
    const deadline = shanghaiDate(new Date(Date.now() + 7 * day));
    const decided = await decideInitialReview(db, { id: reviewer.id, role: "reviewer" }, proposalId, { decision: "return", reasons: "请补充预算明细和场地证明", correctionDeadlineOn: deadline }, new Date());
    expect(decided).toMatchObject({ ok: true });

    const page = await browser.newPage();
    await login(page, applicant.username, TEST_PASSWORD);
    const badge = page.getByTestId("inbox-link");
    await expect.poll(() => badge.textContent()).toBe("站内信（1 条未读）");
    await Promise.all([page.waitForURL(`${baseURL()}/inbox`), badge.click()]);
    const message = page.locator('[data-event="proposal.returned"]');
    await expect.poll(() => message.count()).toBe(1);
    expect(await message.getByRole("heading").textContent()).toContain(`您的项目“长者助餐${tag}”需要补正`);
    const body = await message.textContent();
    expect(body).toContain("请补充预算明细和场地证明");
    const [y, m, d] = deadline.split("-").map(Number);
    expect(body).toContain(`${y}年${m}月${d}日`);
    await Promise.all([page.waitForURL(`${baseURL()}/applicant/proposals/${proposalId}`), message.getByRole("button", { name: "查看详情" }).click()]);
    await expect.poll(() => page.getByRole("button", { name: "提交申报" }).count()).toBeGreaterThan(0);
    await expect.poll(() => badge.textContent()).toBe("站内信");
    await page.close();
  });
});
