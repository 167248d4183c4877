// Issue 14: the exports finance offices accept open in a spreadsheet with a title area, a frozen header
// with autofilter, numbers (not text) for money, real dates, a 合计 row equal to the ledger's figures, and
// the same rows as CSV. Only organizers may download them.
import ExcelJS from "exceljs";
import { parseCsv } from "~/domain/csv";
import { auditHead } from "~/services/audit.server";
import { competitionBalances } from "~/services/ledger.server";
import * as financeExport from "~/routes/organizer.finance.export.$kind.$format";
import { seedDemo } from "../../seeds/demo";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";

const t = useFreshDatabase();

async function seeded() {
  await seedDemo(t.db, new Date("2026-11-23T01:00:00Z"));
  const competition = await t.db.selectFrom("competitions").selectAll().where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
  const users = Object.fromEntries((await t.db.selectFrom("users").select(["username", "id", "display_name"]).execute()).map((u) => [u.username, u]));
  const balances = await competitionBalances(t.db, competition.id);
  const sum = (kind: string, side: "debitFen" | "creditFen") => balances.filter((b) => b.kind === kind).reduce((s, b) => s + b[side], 0) / 100;
  return { competition, users, ledger: { paid: sum("paid", "debitFen"), received: sum("sponsor", "creditFen"), debit: balances.reduce((s, b) => s + b.debitFen, 0) / 100 } };
}

async function download(userId: number, kind: string, format: string, slug: string) {
  const url = `/organizer/finance/export/${kind}/${format}?competition=${slug}`;
  return callRoute(financeExport.loader, await requestAs(userId, url), { kind, format });
}

async function openXlsx(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook.worksheets[0];
}

function headerRowOf(sheet: ExcelJS.Worksheet) {
  const view = sheet.views[0] as { state: string; ySplit: number };
  expect(view.state).toBe("frozen");
  return view.ySplit;
}

function column(sheet: ExcelJS.Worksheet, headerRow: number, name: string) {
  const index = (sheet.getRow(headerRow).values as unknown[]).indexOf(name);
  expect(index, `column ${name}`).toBeGreaterThan(0);
  return index;
}

const cases = [
  { kind: "payments", what: "拨付明细", money: "拨付金额（元）", date: "拨付时间", figure: "paid" as const },
  { kind: "ledger", what: "资金台账", money: "借方金额（元）", date: "记账时间", figure: "debit" as const },
  { kind: "contributions", what: "捐赠到账明细", money: "到账金额（元）", date: "到账日期", figure: "received" as const },
  { kind: "agreements", what: "资助协议清单", money: "已拨付（元）", date: "甲方签署时间", figure: "paid" as const },
];

describe("finance exports of the seeded demo", () => {
  it.each(cases)("exports $what as XLSX with a title area, frozen filtered header, numeric money and a 合计 equal to the ledger", async (c) => {
    const { competition, users, ledger } = await seeded();
    const response = await download(users.organizer.id, c.kind, "xlsx", competition.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const disposition = response.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(new RegExp(`^attachment; filename="${c.kind}-changan-2021-\\d{4}-\\d{2}-\\d{2}\\.xlsx"; filename\\*=UTF-8''`));
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toContain(c.what);

    const sheet = await openXlsx(response);
    const headerRow = headerRowOf(sheet);
    expect(String(sheet.getCell(1, 1).value)).toBe(`${competition.name} ${c.what}`);
    expect(String(sheet.getCell(2, 1).value)).toMatch(new RegExp(`^数据截至 \\d{4}年\\d+月\\d+日 \\d{2}:\\d{2} · 导出人：${users.organizer.display_name}$`));
    const titleText = Array.from({ length: headerRow - 1 }, (_, i) => String(sheet.getCell(i + 1, 1).value)).join("\n");
    expect(titleText).toContain((await auditHead(t.db)).hash);

    const moneyCol = column(sheet, headerRow, c.money);
    const dateCol = column(sheet, headerRow, c.date);
    const last = sheet.rowCount;
    expect(sheet.getCell(last, 1).value).toBe("合计");
    expect(last - headerRow - 1).toBeGreaterThan(0);
    const total = sheet.getCell(last, moneyCol);
    expect(typeof total.value).toBe("number");
    expect(total.value).toBeCloseTo(ledger[c.figure], 2);
    let sum = 0;
    let dated = 0;
    for (let r = headerRow + 1; r < last; r++) {
      const cell = sheet.getCell(r, moneyCol);
      expect(["number", "object"]).toContain(typeof cell.value); // a number, or empty (null) on the other side of the ledger
      if (typeof cell.value === "number") sum += Math.round(cell.value * 100);
      expect(cell.numFmt).toBe("0.00");
      const day = sheet.getCell(r, dateCol).value;
      if (day !== null && day !== "") {
        expect(day).toBeInstanceOf(Date);
        dated++;
      }
    }
    expect(dated).toBeGreaterThan(0);
    expect(sum / 100).toBeCloseTo(ledger[c.figure], 2);
    // the filter covers the header and the data rows, not the 合计 row
    expect(String(sheet.autoFilter)).toBe(`A${headerRow}:${sheet.getColumn(sheet.getRow(headerRow).cellCount).letter}${last - 1}`);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it.each(cases)("exports $what as CSV (UTF-8 with BOM) with the same title, header and 合计", async (c) => {
    const { competition, users, ledger } = await seeded();
    const response = await download(users.organizer.id, c.kind, "csv", competition.slug);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes));
    expect(rows[0][0]).toBe(`${competition.name} ${c.what}`);
    const headerIndex = rows.findIndex((r) => r.includes(c.money));
    expect(headerIndex).toBeGreaterThan(0);
    const moneyCol = rows[headerIndex].indexOf(c.money);
    const total = rows[rows.length - 1];
    expect(total[0]).toBe("合计");
    expect(total[moneyCol]).toBe(ledger[c.figure].toFixed(2));
    const data = rows.slice(headerIndex + 1, -1);
    expect(data.reduce((s, r) => s + Math.round(Number(r[moneyCol] || 0) * 100), 0) / 100).toBeCloseTo(ledger[c.figure], 2);
    for (const r of data) expect(r[moneyCol]).toMatch(/^(\d+\.\d{2})?$/);
  });

  it("names the ledger's accounts in people's words, never by their codes", async () => {
    const { competition, users } = await seeded();
    const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await (await download(users.organizer.id, "ledger", "csv", competition.slug)).arrayBuffer())));
    const headerIndex = rows.findIndex((r) => r.includes("会计科目"));
    const accountCol = rows[headerIndex].indexOf("会计科目");
    const accounts = rows.slice(headerIndex + 1, -1).map((r) => r[accountCol]);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.some((a) => a.startsWith("赞助收入 · "))).toBe(true);
    for (const a of accounts) expect(a).not.toMatch(/(sponsor|pool|commitment|paid|recovered):\d/);
  });

  it("exports the expert score sheets with every score at two decimals", async () => {
    const { competition, users } = await seeded();
    const sheet = await openXlsx(await download(users.organizer.id, "scores", "xlsx", competition.slug));
    const headerRow = headerRowOf(sheet);
    const scoreCol = column(sheet, headerRow, "评分");
    expect(sheet.rowCount - headerRow).toBeGreaterThan(10);
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      expect(typeof sheet.getCell(r, scoreCol).value).toBe("number");
      expect(sheet.getCell(r, scoreCol).numFmt).toBe("0.00");
    }
    const csv = parseCsv(await (await download(users.organizer.id, "scores", "csv", competition.slug)).text());
    const header = csv.findIndex((r) => r.includes("评分"));
    for (const r of csv.slice(header + 1)) expect(r[csv[header].indexOf("评分")]).toMatch(/^\d+\.\d{2}$/);
  });

  it("refuses anyone but an organizer, and unknown kinds or formats", async () => {
    const { competition, users } = await seeded();
    for (const who of ["applicant", "expert", "sponsor"]) {
      if (!users[who]) continue;
      expect((await download(users[who].id, "payments", "xlsx", competition.slug)).status).toBe(403);
    }
    const anonymous = await callRoute(financeExport.loader, await requestAs(null, "/organizer/finance/export/ledger/csv"), { kind: "ledger", format: "csv" });
    expect(anonymous.status).toBe(302);
    expect((await download(users.organizer.id, "secrets", "csv", competition.slug)).status).toBe(404);
    expect((await download(users.organizer.id, "ledger", "pdf", competition.slug)).status).toBe(404);
  });
});
