// CSV for spreadsheets: BOM, CRLF, quoting, formula neutralization, and round-trips.
import fc from "fast-check";
import { csvCell, parseCsv, toCsv } from "~/domain/csv";

describe("CSV export", () => {
  it("starts with a UTF-8 BOM and ends every line with CRLF", () => {
    const csv = toCsv([["序号", "项目名称"], [1, "银龄互助"]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toBe("\uFEFF序号,项目名称\r\n1,银龄互助\r\n");
  });

  it("quotes commas, quotes, line breaks and edge spaces", () => {
    expect(csvCell("甲,乙")).toBe('"甲,乙"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvCell(" 前后空格 ")).toBe('" 前后空格 "');
    expect(csvCell(null)).toBe("");
  });

  it("neutralizes cells a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe("-5");
  });

  it("round-trips any table of text that does not look like a formula", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0].length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
        // a single empty cell on a line is indistinguishable from an empty line: keep width ≥ 2 or non-empty
        fc.pre(table.every((r) => r.length > 1 || r[0] !== ""));
        expect(parseCsv(toCsv(table))).toEqual(table);
      }),
    );
  });
});
