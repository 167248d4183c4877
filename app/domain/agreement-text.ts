// The grant agreement (资助协议书) as exact text built from the final plan: parties, project, amount
// (with the RMB amount in capitals), tranches from the competition's rules, and obligations.
// The text is a legal document, not UI: it is written here in Chinese and fingerprinted as is.
import type { CompetitionRules, Tranche } from "./competition-rules";
import { type Fen, formatYuan, splitByPercents } from "./money";

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL_UNITS = ["", "拾", "佰", "仟"];
const GROUP_UNITS = ["", "万", "亿", "万亿"];

/** 5,000,000 fen → "伍万元整"; 100,010.50 元 → "壹拾万零壹拾元伍角整" (the capital form on Chinese contracts). */
export function rmbUppercase(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative amount of fen: ${fen}`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const cents = fen % 10;
  let out = "";
  const s = String(yuan);
  let zeroPending = false;
  let groupHasDigit = false;
  for (let i = 0; i < s.length; i++) {
    const pos = s.length - 1 - i;
    const d = Number(s[i]);
    if (d === 0) {
      zeroPending = true;
    } else {
      if (zeroPending && out) out += "零";
      zeroPending = false;
      out += DIGITS[d] + SMALL_UNITS[pos % 4];
      groupHasDigit = true;
    }
    if (pos % 4 === 0) {
      if (groupHasDigit) out += GROUP_UNITS[pos / 4];
      groupHasDigit = false;
    }
  }
  if (yuan > 0) out += "元";
  if (jiao === 0 && cents === 0) return (out || "零元") + "整";
  if (jiao > 0) out += DIGITS[jiao] + "角";
  else if (yuan > 0) out += "零";
  if (cents > 0) out += DIGITS[cents] + "分";
  else out += "整";
  return out;
}

export interface TrancheLine {
  seq: number;
  name: string;
  percent: number;
  amountFen: Fen;
  trigger: Tranche["trigger"];
  dueAfterDays: number;
  /** working days (the default for the first tranche) or calendar days */
  dueUnit?: Tranche["dueUnit"];
  deliverables: string;
}

/** The payment schedule: the amount split by the rules' percentages without losing a fen. */
export function trancheSchedule(amountFen: Fen, tranches: CompetitionRules["tranches"]): TrancheLine[] {
  const amounts = splitByPercents(amountFen, tranches.map((t) => t.percent));
  return tranches.map((t, i) => ({
    seq: i + 1, name: t.name, percent: t.percent, amountFen: amounts[i], trigger: t.trigger, dueAfterDays: t.dueAfterDays, dueUnit: t.dueUnit, deliverables: t.deliverables,
  }));
}

const BUDGET_NAMES: Record<string, string> = {
  personnel: "人员劳务费", activity: "活动费", materials: "物资耗材费", publicity: "宣传印刷费", travel: "交通差旅费",
  venue: "场地租赁费", equipment: "设备购置费", management: "管理费", other: "其他",
};
const TRIGGER_TEXT: Record<Tranche["trigger"], string> = {
  signing: "本协议签订后",
  midterm: "中期评估合格后",
  final: "结项评估合格后",
};
const CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const article = (n: number) => `第${n <= 10 ? CN_NUM[n] : n}条`;

export interface AgreementTextInput {
  agreementNo: string;
  competition: { name: string; host: string; operator: string };
  organization: {
    name: string;
    creditCode: string | null;
    filingNumber: string | null;
    legalRep: string | null;
    contactName: string;
    contactMobile: string;
    address: string;
  };
  project: {
    title: string;
    division: string;
    category: string;
    community: string;
    beneficiaries: string;
    beneficiaryCount: number;
    goals: string;
    activities: { name: string; startOn?: string; endOn?: string; description?: string }[];
    budget: { category: string; item: string; amountFen: number }[];
    selfRaisedFen: Fen;
  };
  amountFen: Fen;
  tranches: CompetitionRules["tranches"];
  implementationEndsOn: string;
  notice: { title: string; version: number; periodEndsOn: string; sha256: string };
}

/** The full agreement text. Same input, same text, same SHA-256. */
export function renderAgreementText(a: AgreementTextInput): string {
  const o = a.organization;
  const p = a.project;
  const schedule = trancheSchedule(a.amountFen, a.tranches);
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(`${a.competition.name}`, "项目资助协议书", "", `协议编号：${a.agreementNo}`, "");
  push(`甲方（资助方）：${a.competition.host}`, `　　承办单位：${a.competition.operator}`);
  push(`乙方（项目实施单位）：${o.name}`);
  if (o.creditCode) push(`　　统一社会信用代码：${o.creditCode}`);
  if (o.filingNumber) push(`　　备案编号：${o.filingNumber}`);
  if (o.legalRep) push(`　　法定代表人（负责人）：${o.legalRep}`);
  push(`　　联系人及电话：${o.contactName} ${o.contactMobile}`, `　　地址：${o.address}`, "");
  push(
    `根据${a.competition.name}实施方案，经资格初审、专家评审和社会公示（${a.notice.title}，第${a.notice.version}版，` +
      `公示期至${a.notice.periodEndsOn}届满，公示内容指纹 ${a.notice.sha256.slice(0, 16)}…），本项目公示无异议。` +
      "甲乙双方本着平等自愿、诚实信用的原则，就下列项目的资助事宜达成如下协议：",
    "",
  );

  let n = 1;
  push(`${article(n++)}　项目基本情况`);
  push(`　　项目名称：${p.title}`, `　　赛区：${p.division}；项目类别：${p.category}`, `　　实施社区：${p.community}`);
  push(`　　服务对象：${p.beneficiaries}，预计受益 ${p.beneficiaryCount} 人`, `　　项目目标：${p.goals}`);
  if (p.activities.length) {
    push("　　主要活动：");
    p.activities.forEach((act, i) => {
      const when = act.startOn && act.endOn ? `（${act.startOn} 至 ${act.endOn}）` : "";
      push(`　　　${i + 1}. ${act.name}${when}${act.description ? `：${act.description}` : ""}`);
    });
  }
  push("");

  push(`${article(n++)}　资助金额`);
  push(`　　甲方资助乙方本项目资金人民币 ${formatYuan(a.amountFen)} 元（大写：${rmbUppercase(a.amountFen)}）。`);
  if (p.selfRaisedFen > 0) push(`　　乙方自筹资金人民币 ${formatYuan(p.selfRaisedFen)} 元，与资助资金统筹用于本项目。`);
  if (p.budget.length) {
    push("　　项目预算明细：");
    p.budget.forEach((b, i) => push(`　　　${i + 1}. ${BUDGET_NAMES[b.category] ?? b.category} · ${b.item}：${formatYuan(b.amountFen)} 元`));
  }
  push("");

  push(`${article(n++)}　拨付方式`);
  push("　　资助资金分期拨付：");
  for (const s of schedule) {
    push(
      `　　　${s.seq}. ${s.name}：资助金额的 ${s.percent}%，计人民币 ${formatYuan(s.amountFen)} 元（大写：${rmbUppercase(s.amountFen)}）；` +
        `${TRIGGER_TEXT[s.trigger]}拨付，拨付节点为${s.dueUnit === "working" ? `签订协议后 ${s.dueAfterDays} 个工作日内` : `签订协议后第 ${s.dueAfterDays} 日前`}；须提交：${s.deliverables}。`,
    );
  }
  push("　　后一期资金以前一期评估合格为前提；评估不合格的，暂停拨付。", "");

  push(`${article(n++)}　乙方义务`);
  push(
    "　　1. 专款专用：资助资金实行专账核算、专款专用，只能用于本协议约定的项目支出，不得用于公务接待、出国（境）、车辆购置及运行、楼堂馆所、营利性活动、发放奖金补贴、偿还债务等。",
    "　　2. 按约实施：按本协议约定的活动内容、进度和服务对象实施项目；未经甲方书面同意，不得变更项目内容，不得转包、分包；预算科目之间调整超过10%的，须事先报甲方批准。",
    "　　3. 按时报告：按拨付节点提交项目报告、活动记录和财务凭证，如实反映项目进展和资金使用情况，接受甲方及第三方机构的监测、评估和审计；逾期未提交的，视为评估不合格。",
    "　　4. 退还结余：项目结束后的结余资金，以及未按约定使用的资金，应在甲方书面通知后30日内全额退还甲方。",
    `　　5. 公开宣传：项目宣传和活动中应注明“${a.competition.name}资助项目”。`,
    "",
  );

  push(`${article(n++)}　甲方义务`);
  push(
    "　　1. 按本协议第三条约定及时拨付资助资金。",
    "　　2. 对项目实施提供业务指导，组织监测和评估，并及时反馈评估结果。",
    "　　3. 对乙方提交的非公开信息依法保密。",
    "",
  );

  push(`${article(n++)}　整改与终止`);
  push(
    "　　1. 中期或结项评估不合格的，乙方应在收到通知之日起30日内完成整改，整改期间暂停拨付后续资金。",
    "　　2. 整改后评估仍不合格，或乙方弄虚作假、挪用资金、擅自终止项目等严重违约的，甲方有权解除本协议、停止拨付，并追回已拨付但未使用或违规使用的资金；乙方三年内不得参加本区公益创投活动。",
    "",
  );

  push(`${article(n++)}　协议期限`);
  push(`　　本协议自双方签署之日起生效，项目实施期至 ${a.implementationEndsOn}，至项目结项评估完成且结余资金退还完毕之日终止。`, "");

  push(`${article(n++)}　其他`);
  push(
    "　　本协议以电子方式签署。签署时，系统记录签署人、签署时间及本协议全文的 SHA-256 指纹；任何一方签署后，协议内容不得修改。本协议未尽事宜，由双方协商解决。",
    "",
  );
  push(`甲方：${a.competition.host}`, `乙方：${o.name}`);
  return lines.join("\n");
}
