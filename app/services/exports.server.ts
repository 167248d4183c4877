// Exports organizers hand on: the frozen notice and the live shortlist, as XLSX (exceljs) and as
// CSV that opens in a spreadsheet with Chinese intact.
import ExcelJS from "exceljs";
import type { DB } from "../../db/connection";
import { type Cell, toCsv } from "../domain/csv";
import { fenToYuanInput } from "../domain/money";
import { type NoticeRow, parseSnapshot } from "../domain/notice";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";
import { auditHead } from "./audit.server";
import { loadSelection } from "./ranking.server";

export type ExportFormat = "csv" | "xlsx";

export interface Table {
  sheet: string;
  title: string;
  headers: string[];
  /** money columns hold 元 as numbers with 2 decimals; the XLSX formats them, the CSV prints them */
  rows: (string | number | Date | null)[][];
  moneyColumns: number[];
  /** Date cells (wall-clock Shanghai time stored as UTC, see `wallClock`/`calendarDay`): day-only or with time. */
  dayColumns?: number[];
  timeColumns?: number[];
  /** Scores: always two decimals. */
  scoreColumns?: number[];
  /** Columns summed in a 合计 row after the data (fen-exact). */
  totalColumns?: number[];
  /** A title area above the header: competition, what, as of when, who exported (finance exports). */
  heading?: { competition: string; what: string; asOf: Date; by: string };
  /** The audit chain's head at export time, printed in the title area so the file can be checked later. */
  auditLine?: string;
}

/** Stamps a table with the audit chain's current head (count and hash). */
export async function withAuditHead(db: DB, table: Table, now = new Date()): Promise<Table> {
  const head = await auditHead(db);
  return { ...table, auditLine: t("input.audit.exportLine", { rows: head.rows, hash: head.hash, at: formatShanghai(now.toISOString()) }) };
}

const yuan = (fen: number) => Number(fenToYuanInput(fen));
const score = (centi: number | null) => (centi === null ? null : centi / 100);

export function noticeTable(title: string, rows: readonly NoticeRow[]): Table {
  return {
    sheet: t("export.sheetNotice"),
    title,
    headers: [
      t("notice.col.seq"), t("notice.col.division"), t("notice.col.category"), t("notice.col.title"),
      t("notice.col.applicant"), t("notice.col.amount"), t("notice.col.score"),
    ],
    rows: rows.map((r) => [r.seq, r.division, r.category, r.title, r.applicant, yuan(r.approvedFen), score(r.finalScoreCenti)]),
    moneyColumns: [5],
  };
}

export async function noticeExport(db: DB, noticeId: number): Promise<Table | null> {
  const notice = await db.selectFrom("notices").selectAll().where("id", "=", noticeId).executeTakeFirst();
  if (!notice) return null;
  const snapshot = parseSnapshot(notice.snapshot_json);
  const title = `${notice.title}（${t("notice.version", { version: notice.version })}，${formatShanghai(notice.published_at)}）`;
  return noticeTable(title, snapshot.rows);
}

/** The live ranking of every passed proposal, funded or not (before or between notice versions). */
export async function shortlistExport(db: DB, competitionId: number): Promise<Table | null> {
  const competition = await db.selectFrom("competitions").select(["name"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition) return null;
  const [selection, divisions, categories] = await Promise.all([
    loadSelection(db, competitionId),
    db.selectFrom("divisions").select(["id", "name", "sort_order"]).where("competition_id", "=", competitionId).execute(),
    db.selectFrom("categories").select(["id", "name"]).where("competition_id", "=", competitionId).execute(),
  ]);
  const division = new Map(divisions.map((d) => [d.id, d]));
  const category = new Map(categories.map((c) => [c.id, c.name]));
  const sorted = selection
    .slice()
    .sort(
      (a, b) =>
        (division.get(a.divisionId)?.sort_order ?? 0) - (division.get(b.divisionId)?.sort_order ?? 0) ||
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        a.proposalId - b.proposalId,
    );
  return {
    sheet: t("export.sheetShortlist"),
    title: `${competition.name} ${t("export.sheetShortlist")}`,
    headers: [
      t("notice.col.division"), t("notice.col.rank"), t("notice.col.title"), t("notice.col.applicant"), t("notice.col.category"),
      t("notice.col.score"), t("notice.col.amount"), t("notice.col.funded"),
    ],
    rows: sorted.map((r) => [
      division.get(r.divisionId)?.name ?? "", r.rank, r.title, r.organizationName, category.get(r.categoryId) ?? "",
      score(r.finalScoreCenti), yuan(r.approvedFen), r.funded ? t("export.yes") : t("export.no"),
    ]),
    moneyColumns: [6],
  };
}

/** An instant as a spreadsheet date: Excel dates have no zone, so the cell holds Shanghai wall-clock time. */
export function wallClock(instant: string | null): Date | null {
  return instant ? new Date(Date.parse(instant) + 8 * 3600_000) : null;
}

/** A calendar date (YYYY-MM-DD) as a spreadsheet date. */
export function calendarDay(day: string | null): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

type Value = Table["rows"][number][number];

/** The 合计 row: a label in the first column, the summed columns (summed in fen, so no float drift). */
export function totalsRow(table: Table): Value[] | null {
  if (!table.totalColumns?.length) return null;
  return table.headers.map((_, i) => {
    if (table.totalColumns!.includes(i)) {
      const fen = table.rows.reduce((sum, r) => sum + (typeof r[i] === "number" ? Math.round((r[i] as number) * 100) : 0), 0);
      return fen / 100;
    }
    return i === 0 ? t("exports.total") : null;
  });
}

function titleLines(table: Table): string[] {
  if (!table.heading) return [];
  const h = table.heading;
  const lines = [`${h.competition} ${h.what}`, t("exports.asOf", { at: formatShanghai(h.asOf.toISOString()), by: h.by })];
  if (table.auditLine) lines.push(table.auditLine);
  return lines;
}

function csvValue(table: Table, v: Value, i: number): Cell {
  if (v instanceof Date) return table.dayColumns?.includes(i) ? v.toISOString().slice(0, 10) : v.toISOString().slice(0, 16).replace("T", " ");
  if (typeof v === "number" && (table.moneyColumns.includes(i) || table.scoreColumns?.includes(i))) return v.toFixed(2);
  return v;
}

/** CSV: (title lines, blank,) header row, data rows (money as plain 元 with two decimals), 合计 row. */
export function tableToCsv(table: Table): string {
  const title = titleLines(table);
  const total = totalsRow(table);
  const data = [...table.rows, ...(total ? [total] : [])].map((r) => r.map((v, i) => csvValue(table, v, i)));
  if (title.length) return toCsv([...title.map((l) => [l]), [], table.headers, ...data]);
  const rows: Cell[][] = [table.headers, ...data];
  // CSV has no title area: the head is the last line, after a blank one
  if (table.auditLine) rows.push([], [table.auditLine]);
  return toCsv(rows);
}

/** XLSX: one sheet; (title area,) header row frozen with autofilter, numbers as numbers, dates as dates, 合计. */
export async function tableToXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "公益创投大赛管理平台";
  workbook.title = table.title;
  if (table.auditLine) workbook.description = table.auditLine;
  const title = titleLines(table);
  const headerRow = title.length ? title.length + 1 : 1;
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: "frozen", ySplit: headerRow }] });
  const width = table.headers.length;
  title.forEach((line, i) => {
    const row = sheet.addRow([line]);
    row.font = i === 0 ? { bold: true, size: 14 } : { size: 10 };
    if (width > 1) sheet.mergeCells(row.number, 1, row.number, width);
  });
  sheet.addRow(table.headers).font = { bold: true };
  // finance tables leave an empty cell truly empty (a filter and a SUM see no text there)
  const blank = table.heading ? null : "";
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? blank : v)));
  const total = totalsRow(table);
  if (total) sheet.addRow(total).font = { bold: true };
  const moneyFormat = table.heading ? "0.00" : "#,##0.00";
  for (const col of table.moneyColumns) sheet.getColumn(col + 1).numFmt = moneyFormat;
  for (const col of table.scoreColumns ?? []) sheet.getColumn(col + 1).numFmt = "0.00";
  for (const col of table.dayColumns ?? []) sheet.getColumn(col + 1).numFmt = "yyyy-mm-dd";
  for (const col of table.timeColumns ?? []) sheet.getColumn(col + 1).numFmt = "yyyy-mm-dd hh:mm";
  if (title.length) {
    // the title rows are text, whatever their column's format
    for (let r = 1; r <= title.length; r++) sheet.getCell(r, 1).numFmt = "@";
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + table.rows.length, column: width } };
    sheet.pageSetup = {
      paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`, horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    };
    sheet.headerFooter.oddFooter = "&C&P / &N";
  }
  if (table.auditLine) {
    // the title area: printed at the top of every page, and in the file's properties (rows stay data only)
    sheet.headerFooter.oddHeader = `&L${table.title.replace(/&/g, "&&")}&R${table.auditLine.replace(/&/g, "&&")}`;
  }
  table.headers.forEach((h, i) => {
    const dated = table.dayColumns?.includes(i) ? 12 : table.timeColumns?.includes(i) ? 17 : 0;
    const longest = Math.max(h.length, ...table.rows.map((r) => (r[i] instanceof Date ? 0 : String(r[i] ?? "").length)));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, dated, longest * 2 + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name with nothing a header or a file system could misread: no quotes, slashes, controls or dots in front. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f"\\/:*?<>|;]+/g, "_").replace(/^[.\s]+/, "").trim().slice(0, 120);
  return cleaned || "export";
}

export async function exportResponse(table: Table, format: ExportFormat, baseName: string, asciiName = "export"): Promise<Response> {
  const filename = `${safeFilename(baseName)}.${format}`;
  const ascii = safeFilename(asciiName).replace(/[^A-Za-z0-9._-]/g, "_");
  const headers = {
    "Content-Disposition": `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "csv") {
    return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
