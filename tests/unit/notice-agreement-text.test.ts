// The agreement text: RMB capitals, tranche split and a deterministic document.
import { DEFAULT_RULES } from "~/domain/competition-rules";
import { renderAgreementText, rmbUppercase, trancheSchedule } from "~/domain/agreement-text";

describe("RMB amounts in capitals", () => {
  it.each([
    [5_000_000, "伍万元整"],
    [10_001_000, "壹拾万零壹拾元整"],
    [100_500, "壹仟零伍元整"],
    [1_005_000_000, "壹仟零伍万元整"],
    [10_001_050, "壹拾万零壹拾元伍角整"],
    [123_456_789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"],
    [100_005, "壹仟元零伍分"],
    [0, "零元整"],
    [410_000_000, "肆佰壹拾万元整"],
  ])("writes %i fen as %s", (fen, text) => {
    expect(rmbUppercase(fen)).toBe(text);
  });
});

describe("the agreement text", () => {
  const input = {
    agreementNo: "GYCT-2021-0001",
    competition: { name: "长安区社区公益创投大赛（2021）", host: "西安市长安区人民政府", operator: "长安区社区公益创投大赛组委会" },
    organization: { name: "阳光社工服务中心", creditCode: "52610116MJX000000X", filingNumber: null, legalRep: "王某", contactName: "王某", contactMobile: "13900000000", address: "长安区韦曲街道" },
    project: {
      title: "银龄互助", division: "韦曲赛区", category: "敬老孝亲", community: "韦曲街道", beneficiaries: "独居老人", beneficiaryCount: 120,
      goals: "建立互助小组", activities: [{ name: "入户探访", startOn: "2021-08-01", endOn: "2021-12-31", description: "每周一次" }],
      budget: [{ category: "activity", item: "探访物资", amountFen: 3_000_000 }], selfRaisedFen: 0,
    },
    amountFen: 8_000_001,
    tranches: DEFAULT_RULES.tranches,
    implementationEndsOn: "2021-12-31",
    notice: { title: "拟资助项目公示", version: 1, periodEndsOn: "2021-07-12", sha256: "a".repeat(64) },
  };

  it("splits the amount 50/30/20 without losing a fen", () => {
    expect(trancheSchedule(8_000_001, DEFAULT_RULES.tranches).map((t) => t.amountFen)).toEqual([4_000_001, 2_400_000, 1_600_000]);
  });

  it("names the parties, the amount in figures and capitals, the tranches and the obligations", () => {
    const text = renderAgreementText(input);
    expect(text).toContain("甲方（资助方）：西安市长安区人民政府");
    expect(text).toContain("乙方（项目实施单位）：阳光社工服务中心");
    expect(text).toContain("人民币 80,000.01 元（大写：捌万元零壹分）");
    expect(text).toContain("首期款：资助金额的 50%，计人民币 40,000.01 元");
    expect(text).toContain("专款专用");
    expect(text).toContain("退还结余");
    expect(text).toContain("整改");
    expect(text).toContain("入户探访（2021-08-01 至 2021-12-31）");
  });

  it("is deterministic: the same plan gives the same text", () => {
    expect(renderAgreementText(input)).toBe(renderAgreementText(structuredClone(input)));
  });
});
