// In a real browser: the organization reports on its mid-term tranche with an attachment, the
// organizer passes it, and the public transparency page shows the payment.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase, writeTransaction } from "../../db/connection";
import { onAgreementSigned } from "../../app/services/disbursement.server";
import { releaseSigningTranche } from "../../app/services/milestones.server";
import { createSponsor, pledgeContribution, receiveContribution } from "../../app/services/sponsors.server";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { baseURL, launchBrowser, login, logout } from "./browser";

let browser: Browser;
let db: DB;

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

/** A signed 50,000-yuan agreement owned by the demo `applicant`, first tranche paid, money in the pool. */
async function prepareAgreement(title: string) {
  const competition = await db.selectFrom("competitions").select("id").where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
  const user = (name: string) => db.selectFrom("users").select("id").where("username", "=", name).executeTakeFirstOrThrow();
  const organizer = await user("organizer");
  const applicant = await user("applicant");
  const now = new Date();
  const actor = { id: organizer.id, role: "organizer" };
  const stamp = `${Date.now()}`;
  const sponsor = await createSponsor(db, actor, { name: `浏览器测试赞助企业${stamp.slice(-5)}`, contact: "赵经理 13900000000" }, now);
  if (!sponsor.ok) throw new Error(JSON.stringify(sponsor));
  const pledge = await pledgeContribution(db, actor, competition.id, { sponsorId: sponsor.sponsorId, amount: "100000", pledgedOn: "2021-05-01" }, now);
  if (!pledge.ok) throw new Error(JSON.stringify(pledge));
  const received = await receiveContribution(db, actor, { contributionId: pledge.contributionId, amount: "100000", receivedOn: "2021-05-06", voucherNo: `E2E-${stamp}` }, now);
  if (!received.ok) throw new Error(JSON.stringify(received));

  const agreementId = await writeTransaction(db, async (trx) => {
    const iso = now.toISOString();
    let org = await trx.selectFrom("organizations").select("id").where("user_id", "=", applicant.id).executeTakeFirst();
    org ??= await trx
      .insertInto("organizations")
      .values({
        user_id: applicant.id, name: "长安区韦曲街道阳光社工服务中心", applicant_type: "social_org", credit_code: "52610116MJX123456X",
        filing_number: null, legal_rep: "李华", contact_name: "李华", contact_mobile: "13800000004", address: "西安市长安区韦曲街道",
        created_at: iso, updated_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const division = await trx.selectFrom("divisions").select("id").where("competition_id", "=", competition.id).orderBy("sort_order").executeTakeFirstOrThrow();
    const category = await trx.selectFrom("categories").select("id").where("competition_id", "=", competition.id).orderBy("sort_order").executeTakeFirstOrThrow();
    const proposal = await trx
      .insertInto("proposals")
      .values({
        competition_id: competition.id, organization_id: org.id, division_id: division.id, category_id: category.id, status: "contracted",
        title, community: "韦曲街道", beneficiaries: "辖区老人", beneficiary_count: 120, goals: "助老", activities_json: "[]",
        budget_json: "[]", requested_fen: 5_000_000, self_raised_fen: 0, created_at: iso, updated_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // An agreement needs the notice it followed: reuse the latest one (the notice seed publishes it),
    // and only publish a stand-in when the database has none yet.
    const notice =
      (await trx.selectFrom("notices").select("id").where("competition_id", "=", competition.id).orderBy("version", "desc").executeTakeFirst()) ??
      (await trx
        .insertInto("notices")
        .values({
          competition_id: competition.id, version: 1, title: "长安区社区公益创投大赛（2021）拟资助项目公示", body: "公示", snapshot_json: "{}",
          sha256: "0".repeat(64), published_at: iso, published_by: organizer.id, period_starts_on: "2021-07-05", period_ends_on: "2021-07-09",
          period_ends_at: "2021-07-09T15:59:59.999Z", supersedes_id: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    const agreement = await trx
      .insertInto("agreements")
      .values({
        proposal_id: proposal.id, competition_id: competition.id, notice_id: notice.id, amount_fen: 5_000_000, text: "协议", text_sha256: "0".repeat(64),
        status: "signed", org_signed_by: applicant.id, org_signed_at: iso, organizer_signed_by: organizer.id, organizer_signed_at: iso, created_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await onAgreementSigned(trx, agreement.id, organizer.id, now);
    return agreement.id;
  });
  const first = await db.selectFrom("milestones").select("id").where("agreement_id", "=", agreementId).where("seq", "=", 1).executeTakeFirstOrThrow();
  const released = await releaseSigningTranche(db, actor, { milestoneId: first.id }, now);
  if (!released.ok) throw new Error(JSON.stringify(released));
  return agreementId;
}

describe("milestone report → evaluation → public payment", () => {
  it("shows the mid-term payment on /transparency after the organizer passes the organization's report", async () => {
    const title = `银龄互助课堂（浏览器测试 ${Date.now() % 100000}）`;
    const agreementId = await prepareAgreement(title);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-e2e-upload-"));
    const file = path.join(dir, "中期报告.pdf");
    fs.writeFileSync(file, "%PDF-1.4\n% mid-term report\n");

    // Before: the public page shows the first tranche only.
    const page = await browser.newPage();
    await page.goto(`${baseURL()}/transparency`);
    const row = page.getByRole("row", { name: new RegExp(title.replace(/[()（）]/g, ".")) });
    expect(await row.textContent()).toContain("25,000.00 元");

    // The organization submits its mid-term report with an attachment.
    await login(page, "applicant", DEMO_PASSWORD);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "项目拨付与报告" }).click();
    const mine = page.getByTestId(`my-agreement-${agreementId}`);
    const midterm = mine.getByTestId("my-milestone-2");
    await midterm.getByLabel("报告摘要").fill("太短");
    await midterm.getByRole("button", { name: "提交报告" }).click();
    await midterm.getByRole("alert").filter({ hasText: "请填写报告摘要（10–4000 字）" }).waitFor();
    await midterm.getByLabel("报告摘要").fill("开展助老课堂十二次，服务老人 360 人次，经费使用 18,000 元。");
    await midterm.getByLabel("附件").setInputFiles(file);
    await Promise.all([page.waitForURL(/done=1/), midterm.getByRole("button", { name: "提交报告" }).click()]);
    // The URL changes before the reloaded data renders: wait for the new state, don't read once.
    await midterm.getByText("已提交报告，待评估").waitFor();
    expect(await midterm.textContent()).toContain("已提交报告，待评估");
    await logout(page);

    // The organizer passes it.
    await login(page, "organizer", DEMO_PASSWORD);
    await page.goto(`${baseURL()}/organizer/finance/milestones?competition=changan-2021`);
    await Promise.all([page.waitForURL(new RegExp(`/organizer/finance/agreements/${agreementId}$`)), page.getByRole("link", { name: title }).click()]);
    const m2 = page.getByTestId("milestone-2");
    await m2.getByRole("link", { name: "中期报告.pdf" }).waitFor();
    await m2.getByLabel("评估得分（0–100）").fill("86");
    await m2.getByLabel("评估意见").fill("活动扎实，台账完整。");
    await m2.getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await Promise.all([page.waitForURL(/done=evaluate/), m2.getByRole("button", { name: "记录评估结果" }).click()]);
    await page.getByTestId("done").waitFor();
    expect(await page.getByTestId("milestone-2").textContent()).toContain("已拨付");
    expect(await page.getByTestId("milestone-2").textContent()).toContain("良好（86.00 分）");
    expect(await page.getByTestId("outstanding").textContent()).toBe("10,000.00 元");
    await logout(page);

    // The public page, without a login, shows the payment.
    await page.goto(`${baseURL()}/transparency`);
    const after = page.getByRole("row", { name: new RegExp(title.replace(/[()（）]/g, ".")) });
    const text = await after.textContent();
    expect(text).toContain("50,000.00 元");
    expect(text).toContain("40,000.00 元");
    expect(await page.getByTestId("public-sponsors").textContent()).toContain("浏览器测试赞助企业");
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
