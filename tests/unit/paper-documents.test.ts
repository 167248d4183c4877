// Printed documents carry what a paper file needs: the issuing bodies (落款), the date, and lines to seal
// and sign; the 聘书 has one layout, used by the expert's copy and the organizer's.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppointmentLetter } from "~/components/AppointmentLetter";
import { PaperSignature } from "~/components/PaperSignature";
import { echoValues } from "~/utils/forms";

const letter = {
  letter_no: "CA2021-PS-003", issued_at: "2021-06-20T02:00:00.000Z", expert_name: "刘敏", competition_name: "长安区第三届公益创投大赛",
  host: "长安区民政局", operator: "长安区社会组织孵化中心", review_starts_at: "2021-06-21T00:00:00.000Z", review_ends_at: "2021-06-30T15:59:59.999Z", division_name: null,
};

describe("printed documents", () => {
  it("a 聘书 names the expert, the term, and ends with 主办/承办, seal lines and the Shanghai date of issue", () => {
    const html = renderToStaticMarkup(h(AppointmentLetter, { letter }));
    expect(html).toContain("CA2021-PS-003");
    expect(html).toContain("刘敏");
    expect(html).toContain("2021年6月21日");
    expect(html).toContain("主办单位：长安区民政局");
    expect(html).toContain("承办单位：长安区社会组织孵化中心");
    expect(html.match(/（盖章）/g)).toHaveLength(2);
    expect(html).toContain("2021年6月20日");
  });

  it("both expert and organizer letter pages render that one component", async () => {
    const fs = await import("node:fs");
    for (const file of ["app/routes/expert.letters.$id.tsx", "app/routes/organizer.experts.letters.$id.tsx"]) {
      const source = fs.readFileSync(file, "utf8");
      expect(source, file).toContain("<AppointmentLetter letter={letter} />");
      expect(source, file).not.toContain("letter.body");
    }
  });

  it("a signature block fills in who signed electronically and when, and leaves blank lines otherwise", () => {
    const html = renderToStaticMarkup(
      h(PaperSignature, {
        parties: [
          { role: "甲方（资助方）", name: "长安区民政局", signer: "王主任", signedAt: "2021-08-01T02:00:00.000Z", signLine: true },
          { role: "乙方（项目实施单位）", name: "长安区乐龄社工服务中心", signLine: true },
        ],
      }),
    );
    expect(html).toContain("甲方（资助方）：长安区民政局");
    expect(html).toContain("王主任（已电子签署）");
    expect(html).toContain("2021年8月1日");
    expect(html).toContain("乙方（项目实施单位）：长安区乐龄社工服务中心");
    expect(html).toContain("　　　　年　　月　　日");
    expect(html.match(/代表人签字：/g)).toHaveLength(2);
  });
});

describe("echoing a refused form", () => {
  it("keeps typed text and rows but never passwords, files or the honeypot", () => {
    const file = new File(["x"], "a.pdf");
    const echoed = echoValues({ username: "zhang", password: "Secret-1", confirmPassword: "Secret-1", website: "spam", members: [{ name: "李" }, { name: "" }], attachment: file });
    expect(echoed).toEqual({ username: "zhang", members: [{ name: "李" }, { name: "" }] });
  });
});
