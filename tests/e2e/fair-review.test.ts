// Fair review in a real browser (issue 16): the organizer turns on z-score normalisation, the
// discordance threshold and the near-tie lottery before review; after review the ranking shows the
// panel's reliability, a proposal with spread scores blocks the notice until the panel's note is
// entered, the near-tie draw blocks it until the announced seed is entered, and the published notice
// prints the seed and every drawn entry, each digest checkable with sha256sum.
import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type DB, openDatabase } from "../../db/connection";
import { endOfShanghaiDay, shanghaiDate, toShanghaiLocalSeconds } from "../../app/domain/time";
import { parseRules } from "../../app/domain/competition-rules";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { createCompetition, createUser } from "../support/factories";
import { createPanel, createScoredProposal } from "../support/factories-notice";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
let db: DB;
let competition: { id: number; slug: string };
let flaggedId = 0;
const tag = Date.now().toString(36);
const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const SEED = `e2e-${tag}-482913`;

beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseUrl"));
  // a draft competition of 2020 (the demo stays current) whose review has not begun: its fair-review rules are open
  const made = await createCompetition(db, { slug: `e2e-fair-${tag}` });
  const day = (d: number) => endOfShanghaiDay(shanghaiDate(new Date(Date.now() + d * 86_400_000))).toISOString();
  await db
    .updateTable("competitions")
    .set({ year: 2020, name: `公平评审浏览器测试${tag}`, status: "draft", registration_opens_at: day(-40), registration_closes_at: day(-30), initial_review_ends_at: day(-20), review_starts_at: day(-19), review_ends_at: day(-1), signing_ends_at: day(60), implementation_ends_at: day(400) })
    .where("id", "=", made.competition.id)
    .execute();
  const division = made.divisions[0];
  // five proposals asking 50,000 yuan in a division funding three: 90, 85.5, 85, 84.8 and 80 points
  await db.updateTable("divisions").set({ budget_fen: 15_000_000 }).where("id", "=", division.id).execute();
  const organizer = await createUser(db, "organizer");
  const experts = await createPanel(db, made.competition.id, organizer.id);
  for (const [i, points] of [90, 85.5, 85, 84.8, 80].entries()) {
    const p = await createScoredProposal(db, { competitionId: made.competition.id, divisionId: division.id, categoryId: made.categories[0].id, experts, title: `公平测试项目${i + 1}`, deskPoints: points, livePoints: points });
    if (i === 0) flaggedId = p.proposalId;
  }
  // the top proposal's desk scores spread 40 points between two experts (the threshold will be 30); its mean stays 90
  const desk = await db.selectFrom("scores").innerJoin("assignments", "assignments.id", "scores.assignment_id").select("scores.id").where("assignments.proposal_id", "=", flaggedId).where("assignments.round", "=", "desk").orderBy("scores.id").execute();
  await db.updateTable("scores").set({ total_centi: 10000 }).where("id", "=", desk[0].id).execute();
  await db.updateTable("scores").set({ total_centi: 6000 }).where("id", "=", desk[1].id).execute();
  await db.updateTable("scores").set({ total_centi: 10000 }).where("id", "=", desk[2].id).execute();
  competition = { id: made.competition.id, slug: `e2e-fair-${tag}` };
});

afterAll(async () => {
  await db?.updateTable("competitions").set({ status: "draft" }).where("id", "=", competition.id).execute();
  await browser?.close();
  await db?.destroy();
});

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);
const hydrated = (page: Page) => page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
const staff = (path: string) => `${baseURL()}${path}${path.includes("?") ? "&" : "?"}competition=${competition.id}`;

async function publish(page: Page) {
  await page.goto(staff("/organizer/notices"));
  await hydrated(page);
  await page.locator("form.stack").getByLabel("我已核对，确认执行此操作（无法撤销）").check();
  await page.getByRole("button", { name: /发布公示|发布更正公示/ }).click();
}

describe("fair review from settings to the published notice", () => {
  it("normalises, shows reliability, gates the notice on the panel note and the draw, and publishes the seed and the draw", async () => {
    const page = await browser.newPage();
    await login(page, "organizer", DEMO_PASSWORD);

    // 1. before review: z-score normalisation, a 30-point discordance threshold, a 2-point near-tie band
    await page.goto(`${baseURL()}/organizer/competitions/${competition.id}`);
    await hydrated(page);
    await byId(page, "normalisation").selectOption("zscore");
    await byId(page, "discordance").fill("30");
    await byId(page, "nearTieBand").fill("2");
    await page.getByRole("button", { name: "保存大赛设置" }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).first().waitFor();
    const rules = parseRules((await db.selectFrom("competitions").select("rules_json").where("id", "=", competition.id).executeTakeFirstOrThrow()).rules_json);
    expect(rules.review.normalisation).toBe("zscore");
    expect(rules.review.discordanceCenti).toBe(3000);
    expect(rules.selection.nearTieBandCenti).toBe(200);

    // the competition is published and its review ran (the experts' sheets were entered by the setup)
    await db.updateTable("competitions").set({ status: "published" }).where("id", "=", competition.id).execute();

    // 2. the ranking: normalised, with the panel's reliability, the flagged proposal and the pending draw
    await page.goto(staff("/organizer/ranking"));
    await page.getByTestId("fair-rules-line").filter({ hasText: "z" }).waitFor();
    const reliability = page.getByTestId("ranking-reliability");
    await expect.poll(() => reliability.textContent()).toMatch(/ICC\(2,1\).*ICC\(2,k\).*Krippendorff α/);
    expect(await page.locator(`[data-proposal-id="${flaggedId}"] [data-testid="discordant-flag"]`).count()).toBe(1);
    expect(await page.getByTestId("division-draw").getAttribute("data-pending")).toBe("yes");

    // 3. the notice is refused while the flagged proposal has no panel note
    await publish(page);
    await page.getByRole("alert").filter({ hasText: "评分离散度超出提示值" }).waitFor();

    // 4. the panel's note on the ranking's explanation
    await page.goto(staff(`/organizer/ranking?explain=${flaggedId}`));
    await hydrated(page);
    await page.getByTestId("discordance-note-form").locator("textarea").fill("评审组复议：两位专家对项目预算理解不同，经讨论维持原评分。");
    await page.getByRole("button", { name: "保存说明" }).click();
    await page.getByRole("status").filter({ hasText: "评审组说明已保存" }).waitFor();

    // 5. now the draw is what blocks it
    await publish(page);
    await page.getByRole("alert").filter({ hasText: "待公开抽签" }).waitFor();

    // 6. the announcement (public at once), then the seed from the announced time
    await page.goto(staff("/organizer/lottery"));
    await hydrated(page);
    const drawAt = new Date(Date.now() + 15_000);
    await page.getByTestId("lottery-announce").locator("textarea").fill("由区民政局在公证员见证下现场摇出的号码（浏览器测试）");
    await byId(page, "drawAt").fill(toShanghaiLocalSeconds(drawAt));
    await page.getByTestId("lottery-announce").getByLabel("我已核对，确认执行此操作（无法撤销）").check();
    await page.getByRole("button", { name: "发布抽签公告" }).click();
    await page.getByTestId("lottery-announcement").waitFor();
    const publicList = await browser.newPage();
    await publicList.goto(`${baseURL()}/competitions/${competition.slug}/notices`);
    expect(await publicList.getByTestId("public-lottery-announcement").textContent()).toContain("公证员见证");
    await publicList.close();

    await page.waitForTimeout(Math.max(0, drawAt.getTime() - Date.now() + 1000));
    await hydrated(page);
    await byId(page, "seed").fill(SEED);
    // with JavaScript the unticked confirmation opens a dialog: 确认 ticks it and sends the form
    await page.getByRole("button", { name: "录入种子并抽签" }).click();
    await page.getByTestId("confirm-yes").click();
    await page.getByTestId("lottery-seed-recorded").waitFor();
    expect(await page.getByTestId("division-draw").getAttribute("data-pending")).toBe("no");

    // 7. the notice is published and prints the seed and every entry of the draw, checkable with sha256sum
    await publish(page);
    await page.getByTestId("notice-published").getByRole("link").click();
    await page.getByTestId("notice-lottery").waitFor();
    expect(await page.getByTestId("notice-lottery-seed").textContent()).toBe(SEED);
    const entries = await page.getByTestId("notice-draw-entry").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const digests = entries.map((cells) => cells[5]);
    for (const cells of entries) expect(cells[5]).toBe(sha(`${SEED}:${cells[1]}`));
    expect(entries.map((cells) => Number(cells[0]))).toEqual(entries.map((_, i) => i + 1));
    expect([...digests].sort()).toEqual(digests);
    await page.close();
  });
});
