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
  rows: (string | number | null)[][];
  moneyColumns: number[];
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

/** CSV: header row then data rows (money as plain 元 with two decimals). */
export function tableToCsv(table: Table): string {
  const rows: Cell[][] = [table.headers, ...table.rows.map((r) => r.map((v, i) => (table.moneyColumns.includes(i) && typeof v === "number" ? v.toFixed(2) : v)))];
  // CSV has no title area: the head is the last line, after a blank one
  if (table.auditLine) rows.push([], [table.auditLine]);
  return toCsv(rows);
}

/** XLSX: one sheet, header on row 1 (frozen), numbers as numbers, money formatted #,##0.00. */
export async function tableToXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "公益创投大赛管理平台";
  workbook.title = table.title;
  if (table.auditLine) workbook.description = table.auditLine;
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? "" : v)));
  for (const col of table.moneyColumns) sheet.getColumn(col + 1).numFmt = "#,##0.00";
  if (table.auditLine) {
    // the title area: printed at the top of every page, and in the file's properties (rows stay data only)
    sheet.headerFooter.oddHeader = `&L${table.title.replace(/&/g, "&&")}&R${table.auditLine.replace(/&/g, "&&")}`;
  }
  table.headers.forEach((h, i) => {
    const longest = Math.max(h.length, ...table.rows.map((r) => String(r[i] ?? "").length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 2 + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportResponse(table: Table, format: ExportFormat, baseName: string): Promise<Response> {
  const filename = `${baseName}.${format}`;
  const disposition = `attachment; filename="export.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  if (format === "csv") {
    return new Response(tableToCsv(table), { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition } });
  }
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": disposition },
  });
}
