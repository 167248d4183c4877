// Exports: the notice and the shortlist as XLSX that reopens with the same rows, and CSV that round-trips.
import ExcelJS from "exceljs";
import { parseCsv } from "~/domain/csv";
import { loader as noticeExportLoader } from "~/routes/organizer.notices.$id.export.$format";
import { loader as shortlistExportLoader } from "~/routes/organizer.shortlist.export.$format";
import { auditHead } from "~/services/audit.server";
import { publishNotice } from "~/services/notices.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, requestAs } from "../support/factories";
import { createReviewedCompetition } from "../support/factories-notice";


const ctx = useFreshDatabase();

async function published() {
  const w = await createReviewedCompetition(ctx.db, { proposals: 3 });
  // a name with a comma, quotes and a line break, to exercise CSV quoting
  await ctx.db.updateTable("proposals").set({ title: '“银龄”互助,邻里"守望"\n计划' }).where("id", "=", w.proposals[1].proposalId).execute();
  const result = await publishNotice(ctx.db, { id: w.organizer.id, role: "organizer" }, { competitionId: w.competition.id }, new Date("2021-07-05T02:00:00Z"));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { ...w, noticeId: result.noticeId };
}

const expectedRows = (w: Awaited<ReturnType<typeof published>>) =>
  [
    ["1", "韦曲赛区", "垃圾分类", "测试项目1", 50000, 90],
    ["2", "韦曲赛区", "敬老孝亲", '“银龄”互助,邻里"守望"\n计划', 50000, 85],
    ["3", "韦曲赛区", "助残帮困", "测试项目3", 50000, 80],
  ].map((r, i) => ({ seq: r[0], division: r[1], category: r[2], title: r[3], amount: r[4], score: r[5], applicantId: w.proposals[i].organizationId }));

describe("notice exports", () => {
  it("exports the notice as XLSX that exceljs reopens with the same rows", async () => {
    const w = await published();
    const response = await callRoute(noticeExportLoader, await requestAs(w.organizer.id, `/organizer/notices/${w.noticeId}/export/xlsx`), { id: String(w.noticeId), format: "xlsx" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("公示名单");
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["序号", "赛区", "项目类别", "项目名称", "申报主体", "拟资助金额（元）", "综合得分"]);
    expect(sheet.rowCount).toBe(4);
    for (const [i, row] of expectedRows(w).entries()) {
      const v = values(i + 2);
      expect([String(v[0]), v[1], v[2], v[3], v[5], v[6]]).toEqual([row.seq, row.division, row.category, row.title, row.amount, row.score]);
      expect(String(v[4])).toMatch(/社工服务中心/);
    }
    expect(sheet.getColumn(6).numFmt).toBe("#,##0.00");
    // issue 10: the audit chain's head in the title area
    const head = await auditHead(ctx.db);
    expect(sheet.headerFooter.oddHeader).toContain(head.hash);
    expect(workbook.description).toContain(`共 ${head.rows} 条记录`);
  });

  it("exports the notice as CSV with a BOM and CRLF that parses back to the same rows", async () => {
    const w = await published();
    const response = await callRoute(noticeExportLoader, await requestAs(w.organizer.id, `/organizer/notices/${w.noticeId}/export/csv`), { id: String(w.noticeId), format: "csv" });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.split("\r\n")[0]).toBe("\uFEFF序号,赛区,项目类别,项目名称,申报主体,拟资助金额（元）,综合得分");
    const rows = parseCsv(text);
    // issue 10 (deliberate change): a blank line and the audit chain's head follow the data
    expect(rows).toHaveLength(6);
    expect(rows[5][0]).toContain((await auditHead(ctx.db)).hash);
    expect(rows.slice(1, 4).map((r) => [r[0], r[1], r[2], r[3], r[5], r[6]])).toEqual(
      expectedRows(w).map((r) => [r.seq, r.division, r.category, r.title, "50000.00", String(r.score)]),
    );
  });

  it("exports the live shortlist with ranks and whether each is funded", async () => {
    const w = await published();
    const response = await callRoute(shortlistExportLoader, await requestAs(w.organizer.id, `/organizer/shortlist/export/xlsx?competitionId=${w.competition.id}`), { format: "xlsx" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(4);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(["韦曲赛区", 1, "测试项目1", expect.stringMatching(/社工服务中心/), "垃圾分类", 90, 50000, "是"]);
  });

  it("is for organizers only", async () => {
    const w = await published();
    const applicant = await createUser(ctx.db, "applicant");
    const response = await callRoute(noticeExportLoader, await requestAs(applicant.id, `/organizer/notices/${w.noticeId}/export/csv`), { id: String(w.noticeId), format: "csv" });
    expect(response.status).toBe(403);
  });
});
