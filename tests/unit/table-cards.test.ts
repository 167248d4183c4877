// Phone cards without JavaScript: a table's column names are read from its header row on the server and
// set once on the wrapper (--c1 … as CSS strings), so a long public table carries no per-cell labels.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NoticeTable } from "~/components/NoticeTable";
import { TableWrap, cardLabelStyle, headerLabels } from "~/components/TableWrap";

const table = h(
  "table",
  null,
  h("thead", null, h("tr", null, h("th", null, "项目"), h("th", { colSpan: 2 }, "金额", h("span", null, "（元）")), h("th", null))),
  h("tbody", null, h("tr", null, h("td", null, "助餐"), h("td", null, "1.00"), h("td", null, "2.00"), h("td", null, "查看"))),
);

describe("table cards from the header row", () => {
  it("reads one name per column, counting spans, and escapes them as CSS strings", () => {
    expect(headerLabels(table)).toEqual(["项目", "金额（元）", "金额（元）", ""]);
    expect(cardLabelStyle(['说"明"\\'])).toEqual({ "--c1": '"说\\"明\\"\\\\"' });
  });

  it("renders the names once on the wrapper and none on the cells", () => {
    const html = renderToStaticMarkup(h(TableWrap, null, table));
    expect(html).toMatch(/^<div class="table-wrap cards" style="--c1:&quot;项目&quot;;--c2:&quot;金额（元）&quot;/);
    expect(html).not.toContain("data-label");
  });

  it("leaves a table without a header row a plain scrolling table", () => {
    const html = renderToStaticMarkup(h(TableWrap, null, h("table", null, h("tbody", null, h("tr", null, h("td", null, "x"))))));
    expect(html).toBe('<div class="table-wrap"><table><tbody><tr><td>x</td></tr></tbody></table></div>');
  });

  it("a 200-row notice table carries no label per cell", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      seq: i + 1, proposalId: i + 1, divisionId: 1, division: "韦曲赛区", categoryId: 1, category: "敬老孝亲", rank: i + 1, title: `项目${i}`, applicant: "社工服务中心", approvedFen: 100_00, finalScoreCenti: 8000,
    }));
    const html = renderToStaticMarkup(h(NoticeTable, { rows, totalFen: 200 * 100_00 }));
    expect(html.match(/data-label/g)?.length ?? 0).toBeLessThanOrEqual(2); // the 合计 row's blank cells only
    expect(html).toContain("--c4:&quot;项目名称&quot;");
  });
});
