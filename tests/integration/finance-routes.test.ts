import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as applicantFile from "~/routes/applicant.milestones_.files.$attachmentId";
import * as organizerFile from "~/routes/organizer.finance.attachments.$attachmentId";
import * as ledgerRoute from "~/routes/organizer.finance.ledger";
import * as agreementRoute from "~/routes/organizer.finance.agreements.$agreementId";
import * as contributionsRoute from "~/routes/organizer.finance.contributions";
import * as dashboardRoute from "~/routes/organizer.finance._index";
import * as myMilestonesRoute from "~/routes/applicant.milestones";
import * as sponsorHome from "~/routes/sponsor._index";
import * as transparencyRoute from "~/routes/transparency";
import { releaseSigningTranche } from "~/services/milestones.server";
import { useFreshDatabase } from "../support/db";
import { renderPage } from "../support/render";
import { callRoute, createUser, formBody, requestAs } from "../support/factories";
import { createFinanceWorld, createSignedAgreementWithMilestones, fundPool } from "../support/factories-finance";

process.env.ATTACHMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-finance-routes-"));

describe("finance pages", () => {
  const t = useFreshDatabase();

  async function setup() {
    const world = await createFinanceWorld(t.db);
    const sponsorUser = await createUser(t.db, "sponsor");
    await fundPool(t.db, world, 30_000_000, { sponsorUserId: sponsorUser.id, name: "陕西长安建设集团" });
    await fundPool(t.db, world, 10_000_000, { name: "西安某银行" });
    const a = await createSignedAgreementWithMilestones(t.db, world, 8_000_000, { title: "银龄互助课堂" });
    await releaseSigningTranche(t.db, { id: world.organizer.id, role: "organizer" }, { milestoneId: a.milestones[0].id }, new Date("2021-08-10T02:00:00Z"));
    return { world, sponsorUser, ...a };
  }

  it("shows the public where the money went, without a login", async () => {
    const s = await setup();
    const res = await callRoute(transparencyRoute.loader, await requestAs(null, "/transparency"));
    expect(res.status).toBe(200);
    const { page } = await res.json();
    expect(page.totals).toMatchObject({ receivedFen: 40_000_000, committedFen: 8_000_000, paidFen: 4_000_000, poolFen: 32_000_000 });
    expect(page.sponsors).toEqual([{ name: "陕西长安建设集团", receivedFen: 30_000_000 }, { name: "西安某银行", receivedFen: 10_000_000 }]);
    expect(page.projects).toEqual([expect.objectContaining({ id: s.agreementId, title: "银龄互助课堂", amountFen: 8_000_000, paidFen: 4_000_000 })]);
  });

  it("gives the dashboard to organizers only, with figures by division", async () => {
    const s = await setup();
    const denied = await callRoute(dashboardRoute.loader, await requestAs(s.applicantId, "/organizer/finance"));
    expect(denied.status).toBe(403);
    const res = await callRoute(dashboardRoute.loader, await requestAs(s.world.organizer.id, "/organizer/finance"));
    const d = await res.json();
    expect(d.integrity.balanced).toBe(true);
    expect(d.byDivision[0]).toMatchObject({ committedFen: 8_000_000, paidFen: 4_000_000, remainingFen: 4_000_000, projects: 1 });
    expect(d.byDivision[1]).toMatchObject({ committedFen: 0, projects: 0 });
  });

  it("shows a sponsor its contributions and its pro-rata share of each payment", async () => {
    const s = await setup();
    const res = await callRoute(sponsorHome.loader, await requestAs(s.sponsorUser.id, "/sponsor"));
    const { view } = await res.json();
    expect(view.contributions).toHaveLength(1);
    expect(view.competitions[0]).toMatchObject({ myReceivedFen: 30_000_000, totalReceivedFen: 40_000_000 });
    expect(view.competitions[0].projects[0]).toMatchObject({ paidFen: 4_000_000, myPaidFen: 3_000_000 });
  });

  it("lets the organization submit a report with a file, and the organizer pass it", async () => {
    const s = await setup();
    const fd = formBody({ milestoneId: String(s.milestones[1].id), summary: "开展助老课堂十二次，服务 360 人次" });
    fd.append("files", new File([new TextEncoder().encode("%PDF-1.4")], "中期报告.pdf", { type: "application/pdf" }));
    const submitted = await callRoute(myMilestonesRoute.action, await requestAs(s.applicantId, "/applicant/milestones", { method: "POST", body: fd }));
    expect(submitted.status).toBe(302);
    const other = await createUser(t.db, "applicant");
    const list = await (await callRoute(myMilestonesRoute.loader, await requestAs(other.id, "/applicant/milestones"))).json();
    expect(list.agreements).toEqual([]);

    const bad = await callRoute(
      agreementRoute.action,
      await requestAs(s.world.organizer.id, `/organizer/finance/agreements/${s.agreementId}`, { method: "POST", body: formBody({ intent: "evaluate", milestoneId: String(s.milestones[1].id), score: "101", note: "好", confirm: "yes" }) }),
      { agreementId: String(s.agreementId) },
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toMatchObject({ score: "finance.validation.score", note: "finance.validation.note" });

    const ok = await callRoute(
      agreementRoute.action,
      await requestAs(s.world.organizer.id, `/organizer/finance/agreements/${s.agreementId}`, { method: "POST", body: formBody({ intent: "evaluate", milestoneId: String(s.milestones[1].id), score: "88.5", note: "活动扎实", confirm: "yes" }) }),
      { agreementId: String(s.agreementId) },
    );
    expect(ok.status).toBe(302);
    const detail = await (await callRoute(agreementRoute.loader, await requestAs(s.world.organizer.id, `/organizer/finance/agreements/${s.agreementId}`), { agreementId: String(s.agreementId) })).json();
    expect(detail.money.outstandingFen).toBe(1_600_000);
    expect(detail.milestones[1].reports[0].evaluation).toMatchObject({ grade: "good", score_centi: 8850 });
    expect(detail.milestones[1].reports[0].files[0].original_name).toBe("中期报告.pdf");
  });

  it("refuses a voucher number used twice, next to the field", async () => {
    const s = await setup();
    const pledge = await callRoute(
      contributionsRoute.action,
      await requestAs(s.world.organizer.id, "/organizer/finance/contributions", { method: "POST", body: formBody({ intent: "pledge", competitionId: String(s.world.competition.id), sponsorId: "1", amount: "1000", pledgedOn: "2021-05-01" }) }),
    );
    expect(pledge.status).toBe(302);
    const c = await t.db.selectFrom("contributions").select(["id"]).where("status", "=", "pledged").executeTakeFirstOrThrow();
    const used = await t.db.selectFrom("contributions").select("voucher_no").where("status", "=", "received").executeTakeFirstOrThrow();
    const res = await callRoute(
      contributionsRoute.action,
      await requestAs(s.world.organizer.id, "/organizer/finance/contributions", { method: "POST", body: formBody({ intent: "receive", contributionId: String(c.id), amount: "1000", receivedOn: "2021-05-02", voucherNo: used.voucher_no! }) }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).fieldErrors).toEqual({ voucherNo: "finance.validation.voucherTaken" });
  });

  it("lets the organization and the organizer download a report file, and nobody else", async () => {
    const s = await setup();
    const fd = formBody({ milestoneId: String(s.milestones[1].id), summary: "开展助老课堂十二次，服务 360 人次" });
    fd.append("files", new File([new TextEncoder().encode("%PDF-1.4 mid")], "中期报告.pdf", { type: "application/pdf" }));
    await callRoute(myMilestonesRoute.action, await requestAs(s.applicantId, "/applicant/milestones", { method: "POST", body: fd }));
    const file = await t.db.selectFrom("attachments").select("id").executeTakeFirstOrThrow();
    const params = { attachmentId: String(file.id) };
    const own = await callRoute(applicantFile.loader, await requestAs(s.applicantId, `/applicant/milestones/files/${file.id}`), params);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe("%PDF-1.4 mid");
    expect(own.headers.get("Content-Disposition")).toContain(encodeURIComponent("中期报告.pdf"));
    const other = await createUser(t.db, "applicant");
    expect((await callRoute(applicantFile.loader, await requestAs(other.id, `/applicant/milestones/files/${file.id}`), params)).status).toBe(404);
    expect((await callRoute(organizerFile.loader, await requestAs(s.world.organizer.id, `/organizer/finance/attachments/${file.id}`), params)).status).toBe(200);
    expect((await callRoute(organizerFile.loader, await requestAs(s.applicantId, `/organizer/finance/attachments/${file.id}`), params)).status).toBe(403);
  });

  it("shows the organizer every account balance and the balanced journal, oldest entry first", async () => {
    const s = await setup();
    const res = await callRoute(ledgerRoute.loader, await requestAs(s.world.organizer.id, "/organizer/finance/ledger"));
    const { accounts, journal } = await res.json();
    expect(accounts.find((a: { code: string }) => a.code === `pool:${s.world.competition.id}`).balanceFen).toBe(32_000_000);
    expect(journal.total).toBe(journal.entries.length);
    expect(journal.entries[0].kind).toBe("contribution");
    expect(journal.entries.at(-1).idempotency_key).toBe(`tranche:${s.milestones[0].id}`);
    const times = journal.entries.map((e: { created_at: string }) => e.created_at);
    expect(times).toEqual([...times].sort());
    for (const e of journal.entries) {
      const net = e.lines.reduce((sum: number, l: { side: string; amount_fen: number }) => sum + (l.side === "debit" ? l.amount_fen : -l.amount_fen), 0);
      expect(net).toBe(0);
    }
  });

  it("renders the journal as phone cards without JavaScript: one <tbody> per entry, every value named by the server", async () => {
    const s = await setup();
    const html = await renderPage(ledgerRoute, await requestAs(s.world.organizer.id, `/organizer/finance/ledger?competition=${s.world.competition.id}`));
    const journal = html.slice(html.indexOf('<div class="table-wrap cards journal-cards">'), html.indexOf("</table>", html.indexOf('data-testid="ledger-journal"')));
    expect(journal).toContain('data-testid="ledger-journal"');
    const entries = (await (await callRoute(ledgerRoute.loader, await requestAs(s.world.organizer.id, `/organizer/finance/ledger?competition=${s.world.competition.id}`))).json()).journal.entries;
    expect(journal.match(/<tbody>/g)).toHaveLength(entries.length);
    const cells = journal.match(/<td[^>]*>[\s\S]*?<\/td>/g) ?? [];
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      const empty = /^<td[^>]*><\/td>$/.test(cell);
      // a value's cell names its column; an empty debit/credit cell has a blank name (and drops out of the card)
      expect(cell).toMatch(empty ? /data-label=""/ : /data-label="(时间|摘要|类型|账户|借方|贷方)[^"]*"/);
    }
  });

  it("names every ledger account in people's words, never by its code", async () => {
    const s = await setup();
    const res = await callRoute(ledgerRoute.loader, await requestAs(s.world.organizer.id, "/organizer/finance/ledger"));
    const { accounts, journal } = await res.json();
    const names = accounts.map((a: { name: string }) => a.name);
    expect(names).toContain("赞助收入 · 陕西长安建设集团");
    expect(names).toContain("协议承诺 · 银龄互助课堂");
    expect(names).toContain("资金池（未承诺）");
    const shown = [...names, ...journal.entries.flatMap((e: { lines: { name: string }[] }) => e.lines.map((l) => l.name))];
    for (const name of shown) expect(name).not.toMatch(/(sponsor|pool|commitment|paid|recovered):\d/);
  });

  it("filters the journal by account, kind and Shanghai date range, and pages it", async () => {
    const s = await setup();
    const load = async (query: string) =>
      (await (await callRoute(ledgerRoute.loader, await requestAs(s.world.organizer.id, `/organizer/finance/ledger?competition=${s.world.competition.id}&${query}`))).json()).journal;
    const tranches = await load("kind=tranche");
    expect(tranches.entries.map((e: { kind: string }) => e.kind)).toEqual(["tranche"]);
    const sponsorCode = (await load("")).entries[0].lines.find((l: { code: string }) => l.code.startsWith("sponsor:")).code;
    const bySponsor = await load(`account=${encodeURIComponent(sponsorCode)}`);
    expect(bySponsor.total).toBe(1);
    expect(bySponsor.entries[0].lines.some((l: { code: string }) => l.code === sponsorCode)).toBe(true);
    // the tranche was released 2021-08-10 10:00 Shanghai; contributions 2021-05-10
    expect((await load("from=2021-08-10&to=2021-08-10")).entries.map((e: { kind: string }) => e.kind)).toEqual(["tranche"]);
    expect((await load("to=2021-05-10")).entries.every((e: { kind: string }) => e.kind === "contribution")).toBe(true);
    expect((await load("from=2021-08-11")).total).toBe(0);
    // a hand-edited URL with nonsense shows the whole journal rather than failing
    const all = await load("");
    const nonsense = await load("account=sponsor%3A999%3A1&kind=steal&from=2021-02-30&page=-3");
    expect(nonsense.total).toBe(all.total);
    const newest = await load("sort=newest");
    expect(newest.entries[0].kind).toBe("tranche");
  });
});
