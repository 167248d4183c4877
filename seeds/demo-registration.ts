// Demo registration history for Chang'an 2021 (报名 2021-04-12..05-31), through the real services on
// historical dates: applicant accounts (one per organization; the demo `applicant` owns the 阳光社工服务中心),
// organization profiles — social organizations with valid 统一社会信用代码 (52610116…, Chang'an's division
// code), filed community groups and resident teams of 3+ members — then drafts and submissions in both
// divisions and most categories. Requested amounts respect each applicant type's grant ceiling
// (domain-practice §7: 社会组织 100,000 / 社区社会组织 30,000 / 居民团队 20,000 元) and the budget caps.
// Three drafts are never submitted. The review seed (demo-review.ts) takes it from here.
import type { DB } from "../db/connection";
import type { BudgetCategory } from "../app/domain/competition-rules";
import { creditCodeCheckCharacter } from "../app/domain/credit-code";
import { yuanToFen } from "../app/domain/money";
import { createDraftProposal, saveProposalDraft, submitProposal } from "../app/services/proposals.server";
import { saveOrganizationProfile } from "../app/services/organizations.server";
import type { DemoContext } from "./demo";

export const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

export function must<T extends { ok: boolean }>(result: T, what: string): T & { ok: true } {
  if (!result.ok) throw new Error(`demo seed: ${what} failed: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

/** A valid 统一社会信用代码 of a Chang'an civil-affairs registration: 51 = 社会团体, 52 = 社会服务机构. */
export function changanCreditCode(kind: "51" | "52", serial: string): string {
  const first17 = `${kind}610116${serial}`;
  const check = creditCodeCheckCharacter(first17);
  if (!check) throw new Error(`bad credit code serial ${serial}`);
  return first17 + check;
}

type OrgSpec = {
  key: string;
  name: string;
  registeredOn: string;
  contact: string;
  mobile: string;
  address: string;
} & (
  | { type: "social_org"; kind: "51" | "52"; serial: string; legalRep: string }
  | { type: "community_group"; filingNumber: string }
  | { type: "resident_team"; members: [string, string][] }
);

/** Applicant organizations; the first is the demo `applicant` account's. */
export const DEMO_ORGANIZATIONS: OrgSpec[] = [
  { key: "applicant", name: "长安区韦曲街道阳光社工服务中心", type: "social_org", kind: "52", serial: "MJY3K0417", legalRep: "张海燕", contact: "张海燕", mobile: "13800000004", address: "西安市长安区韦曲街道北街社区党群服务中心二楼", registeredOn: "2021-04-13" },
  { key: "linli", name: "长安区韦曲街道邻里守望志愿者协会", type: "social_org", kind: "51", serial: "MJY2R5830", legalRep: "刘建军", contact: "马晓丽", mobile: "13909181126", address: "西安市长安区韦曲街道西街社区", registeredOn: "2021-04-14" },
  { key: "qihang", name: "西安市长安区启航青少年发展中心", type: "social_org", kind: "52", serial: "MJY4N2261", legalRep: "陈思远", contact: "陈思远", mobile: "13772038815", address: "西安市长安区韦曲街道青年街88号", registeredOn: "2021-04-15" },
  { key: "yiyang", name: "长安区杜曲街道乐龄颐养服务中心", type: "social_org", kind: "52", serial: "MJY5C1974", legalRep: "杨秀兰", contact: "韩磊", mobile: "15129336402", address: "西安市长安区杜曲街道杜曲社区", registeredOn: "2021-04-16" },
  { key: "lvse", name: "长安区王曲街道绿色家园环保服务中心", type: "social_org", kind: "52", serial: "MJY6H7702", legalRep: "赵志刚", contact: "赵志刚", mobile: "18691827730", address: "西安市长安区王曲街道王曲社区", registeredOn: "2021-04-19" },
  { key: "tongxin", name: "长安区同心助残服务中心", type: "social_org", kind: "52", serial: "MJY7P3358", legalRep: "李慧", contact: "李慧", mobile: "13669203317", address: "西安市长安区韦曲街道南街社区", registeredOn: "2021-04-20" },
  { key: "qinqiang", name: "长安区大兆街道秦腔文化研习会", type: "social_org", kind: "51", serial: "MJY8T6645", legalRep: "王天成", contact: "王天成", mobile: "13891907264", address: "西安市长安区大兆街道大兆社区", registeredOn: "2021-04-22" },
  { key: "shanlin", name: "西安市长安区善邻社会工作服务中心", type: "social_org", kind: "52", serial: "MJY9W4420", legalRep: "周文静", contact: "孙倩", mobile: "13572106683", address: "西安市长安区郭杜街道郭北社区", registeredOn: "2021-04-13" },
  { key: "yijiaqin", name: "长安区郭杜街道益家亲社区服务中心", type: "social_org", kind: "52", serial: "MJYA05186", legalRep: "吴俊峰", contact: "吴俊峰", mobile: "18792617745", address: "西安市长安区郭杜街道西江社区", registeredOn: "2021-04-15" },
  { key: "xiangcun", name: "长安区滦镇街道乡村振兴服务社", type: "social_org", kind: "52", serial: "MJYB28853", legalRep: "郑国强", contact: "郑国强", mobile: "13992803351", address: "西安市长安区滦镇街道滦镇社区", registeredOn: "2021-04-21" },
  { key: "kangle", name: "长安区郭杜街道康乐健康促进会", type: "social_org", kind: "51", serial: "MJYC40917", legalRep: "冯丽娟", contact: "冯丽娟", mobile: "15991673208", address: "西安市长安区郭杜街道长里社区", registeredOn: "2021-04-23" },
  { key: "shuxiang", name: "长安区斗门街道书香家庭阅读推广中心", type: "social_org", kind: "52", serial: "MJYD63380", legalRep: "黄晓梅", contact: "黄晓梅", mobile: "13609256619", address: "西安市长安区斗门街道斗门社区", registeredOn: "2021-04-26" },
  { key: "qiaoshou", name: "长安区细柳街道巧手编织协会", type: "social_org", kind: "51", serial: "MJYE17294", legalRep: "徐桂英", contact: "徐桂英", mobile: "13759920473", address: "西安市长安区细柳街道细柳社区", registeredOn: "2021-04-28" },
  { key: "xinyu", name: "长安区兴隆街道心语心理咨询服务中心", type: "social_org", kind: "52", serial: "MJYF94506", legalRep: "高明", contact: "高明", mobile: "18009288834", address: "西安市长安区兴隆街道兴隆社区", registeredOn: "2021-05-06" },
  { key: "ronghe", name: "西安市长安区融合儿童康复服务中心", type: "social_org", kind: "52", serial: "MJYG32671", legalRep: "何静", contact: "何静", mobile: "13152019968", address: "西安市长安区郭杜街道郭南社区", registeredOn: "2021-05-10" },
  { key: "nanjie", name: "韦曲街道南街社区文艺队", type: "community_group", filingNumber: "长安韦曲社备〔2020〕第07号", contact: "宋春梅", mobile: "13325401187", address: "西安市长安区韦曲街道南街社区", registeredOn: "2021-04-25" },
  { key: "xunluo", name: "韦曲街道西街社区红袖标平安巡逻队", type: "community_group", filingNumber: "长安韦曲社备〔2019〕第12号", contact: "曹德胜", mobile: "13088920562", address: "西安市长安区韦曲街道西街社区", registeredOn: "2021-05-07" },
  { key: "huzhu", name: "王曲街道南堡寨社区互助养老服务队", type: "community_group", filingNumber: "长安王曲社备〔2020〕第03号", contact: "田玉珍", mobile: "15877406631", address: "西安市长安区王曲街道南堡寨社区", registeredOn: "2021-05-11" },
  { key: "dudao", name: "郭杜街道郭北社区垃圾分类督导队", type: "community_group", filingNumber: "长安郭杜社备〔2020〕第21号", contact: "彭亚楠", mobile: "18220931576", address: "西安市长安区郭杜街道郭北社区", registeredOn: "2021-04-27" },
  { key: "shuhua", name: "郭杜街道西江社区老年书画社", type: "community_group", filingNumber: "长安郭杜社备〔2019〕第08号", contact: "罗振华", mobile: "13474215508", address: "西安市长安区郭杜街道西江社区", registeredOn: "2021-05-12" },
  { key: "yangge", name: "滦镇街道滦镇社区健身秧歌队", type: "community_group", filingNumber: "长安滦镇社备〔2020〕第05号", contact: "魏金花", mobile: "15353713929", address: "西安市长安区滦镇街道滦镇社区", registeredOn: "2021-05-14" },
  { key: "zizhi", name: "韦曲街道东街社区丽景花园居民自治小组", type: "resident_team", members: [["邓立新", "13991341257"], ["许文娟", "13720581934"], ["袁志宏", "18829016640"], ["蒋丽", "13571980215"]], contact: "邓立新", mobile: "13991341257", address: "西安市长安区韦曲街道东街社区丽景花园小区", registeredOn: "2021-05-13" },
  { key: "laobing", name: "韦曲街道北街社区“老兵驿站”居民团队", type: "resident_team", members: [["贾卫东", "13609181772"], ["石永刚", "15909281156"], ["段红军", "13891233408"]], contact: "贾卫东", mobile: "13609181772", address: "西安市长安区韦曲街道北街社区", registeredOn: "2021-05-18" },
  { key: "caiyuan", name: "郭杜街道长里社区“一米菜园”居民团队", type: "resident_team", members: [["苏晓燕", "13186029943"], ["卢建平", "13759883017"], ["潘玉梅", "15129702386"]], contact: "苏晓燕", mobile: "13186029943", address: "西安市长安区郭杜街道长里社区", registeredOn: "2021-05-17" },
  { key: "baoma", name: "郭杜街道学府社区宝妈互助团队", type: "resident_team", members: [["谢婷", "18700938812"], ["唐佳", "18092640275"], ["钟雪", "13379213364"], ["崔颖", "15771902048"], ["任娜", "13892877610"]], contact: "谢婷", mobile: "18700938812", address: "西安市长安区郭杜街道学府社区", registeredOn: "2021-05-19" },
  { key: "huhe", name: "滦镇街道上王村“护河队”居民团队", type: "resident_team", members: [["姚宝山", "13002987354"], ["雷建华", "13636819027"], ["邱长林", "18691920513"]], contact: "姚宝山", mobile: "13002987354", address: "西安市长安区滦镇街道上王村", registeredOn: "2021-05-20" },
];

/** What happens to a proposal at 初审 (decided by demo-review.ts). */
export type DemoFate = "pass" | "return" | "reject" | "draft";

export interface ProposalSpec {
  org: string;
  division: "WQ" | "GD";
  category: string; // category code
  title: string;
  community: string;
  beneficiaries: string;
  beneficiaryCount: number;
  goals: string;
  activities: [name: string, description: string][];
  requestedYuan: number;
  selfRaisedYuan: number;
  /** budget shape: "service" (more personnel), "goods" (more materials), "event" (more activity) */
  shape: "service" | "goods" | "event";
  /** draft created on registeredOn + a few days; submitted at this Shanghai date-time (none for drafts) */
  submittedAt?: string;
  fate: DemoFate;
  /** the expert panel's overall impression, in points (demo-review.ts scores around it) */
  quality?: number;
  /** why initial review returned or rejected it */
  reasons?: string;
}

export const DEMO_PROPOSALS: ProposalSpec[] = [
  {
    org: "applicant", division: "WQ", category: "elderly", title: "“银龄守望”独居老人关爱服务项目",
    community: "韦曲街道北街社区、南街社区", beneficiaries: "辖区60岁以上独居、空巢及失能半失能老人", beneficiaryCount: 320,
    goals: "建立独居老人关爱档案和“一对一”结对探访机制，每周电话问候、每月上门探访；开展健康讲座与助餐助洁服务，降低独居老人意外风险，提升老人生活质量和社区归属感。",
    activities: [["独居老人需求摸底与建档", "联合社区网格员入户走访，建立320户老人关爱档案与紧急联系人信息。"], ["“银龄守望”结对探访", "招募40名社区志愿者与老人结对，每周电话问候、每月上门探访并记录。"], ["健康讲座与义诊", "每月邀请社区卫生服务站医生开展慢病管理讲座与免费测血压血糖。"], ["助餐助洁服务", "为失能半失能老人提供每周一次助洁服务，链接社区食堂助餐。"]],
    requestedYuan: 90_000, selfRaisedYuan: 10_000, shape: "service", submittedAt: "2021-05-20 16:40", fate: "pass", quality: 88,
  },
  {
    org: "linli", division: "WQ", category: "neighbors", title: "“邻里守望·楼栋互助”睦邻服务项目",
    community: "韦曲街道西街社区", beneficiaries: "西街社区12个老旧小区居民", beneficiaryCount: 2600,
    goals: "以楼栋为单位培育楼栋长和互助小组，建立邻里需求与资源清单，开展邻里节、技能交换和应急互助，让“远亲不如近邻”在老旧小区重新成为日常。",
    activities: [["楼栋长培育", "选拔培训36名楼栋长，建立楼栋微信群和互助台账。"], ["邻里技能交换集市", "每季度一次，居民以修家电、理发、缝补等技能互换服务。"], ["邻里节", "国庆期间举办百家宴与邻里才艺展示。"]],
    requestedYuan: 68_000, selfRaisedYuan: 6_000, shape: "event", submittedAt: "2021-05-08 10:15", fate: "pass", quality: 79,
  },
  {
    org: "qihang", division: "WQ", category: "education", title: "“四点半课堂”双职工家庭青少年课后成长计划",
    community: "韦曲街道青年街社区", beneficiaries: "辖区双职工家庭小学生及其家长", beneficiaryCount: 180,
    goals: "在社区开设“四点半课堂”，为双职工家庭孩子提供放学后作业辅导、阅读与安全教育，缓解家长接送和看护压力，培养孩子的学习习惯与自护能力。",
    activities: [["课后作业辅导", "学期内每周一至周五16:30-18:30，由社工和大学生志愿者辅导作业。"], ["亲子阅读会", "每月一次，家长与孩子共读并分享。"], ["安全自护小课堂", "防溺水、防诈骗、交通安全等主题课程。"]],
    requestedYuan: 95_000, selfRaisedYuan: 15_000, shape: "service", submittedAt: "2021-05-17 09:30", fate: "pass", quality: 84,
  },
  {
    org: "yiyang", division: "WQ", category: "health", title: "“健康长安·慢病同行”社区老年慢病管理项目",
    community: "杜曲街道杜曲社区", beneficiaries: "患有高血压、糖尿病的社区老年居民", beneficiaryCount: 260,
    goals: "组建慢病自我管理小组，配合家庭医生签约服务，开展定期监测、用药指导和运动干预，帮助老人掌握自我管理方法，稳定血压血糖指标。",
    activities: [["慢病自我管理小组", "组建8个小组，每两周活动一次。"], ["健康监测日", "每月一次免费监测血压血糖并建立记录。"], ["健身操推广", "教授适合老年人的八段锦与健身操。"]],
    requestedYuan: 75_000, selfRaisedYuan: 5_000, shape: "service", submittedAt: "2021-05-25 15:05", fate: "pass", quality: 76,
  },
  {
    org: "lvse", division: "WQ", category: "garbage", title: "“绿动王曲”垃圾分类入户督导项目",
    community: "王曲街道王曲社区、南堡寨社区", beneficiaries: "两个社区约3800户居民", beneficiaryCount: 3800,
    goals: "通过桶边督导、入户宣传和积分兑换，提高居民垃圾分类知晓率和准确投放率，力争项目结束时准确投放率达到70%以上。",
    activities: [["桶边督导", "早晚投放高峰时段志愿者桶边指导。"], ["入户宣传", "发放分类指南并签订分类承诺书。"], ["积分兑换", "居民正确投放可积分兑换生活用品。"], ["“绿色家庭”评选", "年底评选表彰50户绿色家庭。"]],
    requestedYuan: 86_000, selfRaisedYuan: 9_000, shape: "goods", submittedAt: "2021-05-12 11:20", fate: "pass", quality: 81,
  },
  {
    org: "tongxin", division: "WQ", category: "disability", title: "“同心同行”残障人士居家康复与就业支持项目",
    community: "韦曲街道南街社区、东街社区", beneficiaries: "辖区持证残疾人及其家庭", beneficiaryCount: 95,
    goals: "为残障人士提供居家康复指导、辅具适配咨询和手工技能培训，链接爱心企业提供灵活就业岗位，增强残障人士的自理能力与社会参与。",
    activities: [["居家康复指导", "康复师每月上门指导一次。"], ["手工技能培训", "开设串珠、剪纸等手工课程，作品义卖。"], ["就业对接会", "联合爱心企业举办两场就业对接会。"]],
    requestedYuan: 92_000, selfRaisedYuan: 12_000, shape: "service", submittedAt: "2021-05-27 14:10", fate: "pass", quality: 86,
  },
  {
    org: "qinqiang", division: "WQ", category: "culture", title: "“秦韵长安”秦腔进社区传承项目",
    community: "大兆街道大兆社区及周边村", beneficiaries: "戏曲爱好者、中小学生及社区居民", beneficiaryCount: 1500,
    goals: "组织秦腔名家和民间艺人进社区、进校园教唱，培养青少年戏曲兴趣，挖掘整理本地秦腔唱段，让传统戏曲在社区活起来。",
    activities: [["秦腔教唱班", "每周末开设少儿及成人教唱班。"], ["戏曲进校园", "走进辖区3所小学开展戏曲讲座。"], ["社区惠民演出", "中秋、国庆举办两场惠民演出。"]],
    requestedYuan: 70_000, selfRaisedYuan: 10_000, shape: "event", submittedAt: "2021-05-31 21:35", fate: "pass", quality: 73,
  },
  {
    org: "shanlin", division: "GD", category: "governance", title: "“红色物业·小区议事厅”老旧小区协商治理项目",
    community: "郭杜街道郭北社区", beneficiaries: "郭北社区6个无物业老旧小区居民", beneficiaryCount: 2100,
    goals: "在无物业老旧小区建立“小区议事厅”，培育业主自治小组，引导居民协商解决停车、环境卫生和公共维修等问题，形成可复制的小区治理规程。",
    activities: [["小区议事厅建设", "每个小区确定议事场所和议事规则。"], ["居民协商议事", "每月一次议事会，形成议题清单与办理台账。"], ["自治骨干培训", "培训40名自治骨干。"]],
    requestedYuan: 98_000, selfRaisedYuan: 12_000, shape: "service", submittedAt: "2021-05-14 10:05", fate: "pass", quality: 90,
  },
  {
    org: "yijiaqin", division: "GD", category: "neighbors", title: "“益家亲”社区互助时间银行项目",
    community: "郭杜街道西江社区", beneficiaries: "西江社区居民及志愿者", beneficiaryCount: 1200,
    goals: "建立社区时间银行，居民提供志愿服务可存储时间、兑换服务，激励低龄老人服务高龄老人、年轻人服务困难家庭，形成可持续的邻里互助循环。",
    activities: [["时间银行平台搭建", "制定存兑规则，建立线上线下登记。"], ["互助服务撮合", "每周收集需求并匹配志愿者。"], ["年度互助之星评选", "表彰时间储蓄最多的志愿者。"]],
    requestedYuan: 82_000, selfRaisedYuan: 8_000, shape: "service", submittedAt: "2021-05-19 16:25", fate: "pass", quality: 83,
  },
  {
    org: "xiangcun", division: "GD", category: "other", title: "“滦镇山居”乡村民宿从业人员技能提升项目",
    community: "滦镇街道上王村、鸭池口村", beneficiaries: "环山路沿线民宿、农家乐从业村民", beneficiaryCount: 150,
    goals: "面向民宿和农家乐从业村民开展服务礼仪、食品安全和线上推广培训，提升乡村旅游服务质量，带动村民增收。",
    activities: [["服务技能培训", "分6期开展服务礼仪与食品安全培训。"], ["线上推广辅导", "辅导村民使用短视频与线上平台推广。"]],
    requestedYuan: 60_000, selfRaisedYuan: 0, shape: "event", submittedAt: "2021-05-28 10:50", fate: "reject",
    reasons: "项目以民宿经营技能培训为主要内容，属于营利性经营活动支持，不符合大赛公益服务项目的申报范围。",
  },
  {
    org: "kangle", division: "GD", category: "health", title: "“康乐郭杜”居民健康生活方式促进项目",
    community: "郭杜街道长里社区", beneficiaries: "长里社区中老年居民", beneficiaryCount: 800,
    goals: "通过健康讲座、健步走打卡和合理膳食指导，推广“三减三健”健康生活方式，提升居民健康素养。",
    activities: [["健康大讲堂", "每月一次，邀请医生讲授慢病预防。"], ["百日健步走", "组织居民打卡健步走。"], ["减盐减油厨房", "开展合理膳食示范课。"]],
    requestedYuan: 55_000, selfRaisedYuan: 5_000, shape: "event", submittedAt: "2021-05-21 09:40", fate: "pass", quality: 66,
  },
  {
    org: "shuxiang", division: "GD", category: "education", title: "“书香斗门”社区家庭共读项目",
    community: "斗门街道斗门社区", beneficiaries: "社区3-12岁儿童及其家庭", beneficiaryCount: 400,
    goals: "建设社区亲子共读角，培育家庭阅读推广人，开展绘本共读和读书分享活动，营造书香社区氛围。",
    activities: [["亲子共读角建设", "配置图书并制定借阅制度。"], ["阅读推广人培训", "培养20名家长阅读推广人。"], ["绘本共读会", "每周六上午开展绘本共读。"]],
    requestedYuan: 65_000, selfRaisedYuan: 5_000, shape: "goods", submittedAt: "2021-05-24 20:15", fate: "pass", quality: 77,
  },
  {
    org: "qiaoshou", division: "GD", category: "culture", title: "“巧手细柳”非遗编织技艺传承项目",
    community: "细柳街道细柳社区", beneficiaries: "社区妇女、留守老人及手工爱好者", beneficiaryCount: 200,
    goals: "传承草编、竹编等传统编织技艺，开设技艺培训班，组织作品展示和义卖，让传统手艺成为社区妇女的一技之长。",
    activities: [["编织技艺培训班", "每周两次，由非遗传承人授课。"], ["作品展示与义卖", "年底举办作品展，义卖所得用于社区公益。"]],
    requestedYuan: 52_000, selfRaisedYuan: 4_000, shape: "goods", submittedAt: "2021-05-26 11:00", fate: "pass", quality: 55,
  },
  {
    org: "xinyu", division: "GD", category: "disability", title: "“心语陪伴”困境家庭心理支持项目",
    community: "兴隆街道兴隆社区、郭杜街道郭南社区", beneficiaries: "低保、残疾及单亲等困境家庭成员", beneficiaryCount: 120,
    goals: "为困境家庭提供个案心理辅导、减压小组和家庭支持服务，缓解家庭成员心理压力，提升应对困境的能力。",
    activities: [["个案心理辅导", "专业咨询师提供一对一辅导。"], ["减压成长小组", "开展6期减压小组活动。"], ["家庭支持日", "组织困境家庭亲子户外活动。"]],
    requestedYuan: 88_000, selfRaisedYuan: 8_000, shape: "service", submittedAt: "2021-05-29 15:30", fate: "return", quality: 78,
    reasons: "预算表中“心理咨询师劳务费”未写明单价、课时和人数，请补充测算依据；并补充执行团队中心理咨询师的资质说明后重新提交。",
  },
  {
    org: "ronghe", division: "GD", category: "disability", title: "“星星的孩子”孤独症儿童社区融合项目",
    community: "郭杜街道郭南社区", beneficiaries: "辖区孤独症及发育迟缓儿童家庭", beneficiaryCount: 60,
    goals: "为孤独症儿童提供社区融合活动和家长喘息服务，培训社区志愿者认识与接纳特殊儿童，推动儿童友好社区建设。",
    activities: [["社区融合活动", "每月两次融合游戏与社交训练。"], ["家长喘息服务", "志愿者临时照看，家长参加支持小组。"], ["志愿者培训", "培训30名融合志愿者。"]],
    requestedYuan: 96_000, selfRaisedYuan: 16_000, shape: "service", submittedAt: "2021-05-30 10:20", fate: "pass", quality: 87,
  },
  {
    org: "nanjie", division: "WQ", category: "arts", title: "南街社区“广场舞之星”文艺展演活动",
    community: "韦曲街道南街社区", beneficiaries: "社区中老年文艺爱好者", beneficiaryCount: 300,
    goals: "规范广场舞活动时间和音量，组织排练与展演，丰富居民文化生活，化解广场舞噪音矛盾。",
    activities: [["文明广场舞公约", "与居民协商活动时间与音量。"], ["排练与展演", "每周排练，国庆举办展演。"]],
    requestedYuan: 26_000, selfRaisedYuan: 2_000, shape: "event", submittedAt: "2021-05-10 19:45", fate: "pass", quality: 69,
  },
  {
    org: "xunluo", division: "WQ", category: "governance", title: "西街社区“红袖标”平安巡逻志愿服务",
    community: "韦曲街道西街社区", beneficiaries: "西街社区居民", beneficiaryCount: 4200,
    goals: "组织退休党员和居民志愿者开展夜间巡逻、消防隐患排查和防诈骗宣传，提升小区安全感。",
    activities: [["夜间平安巡逻", "每晚两班巡逻并记录。"], ["消防隐患排查", "每月排查楼道堆物和电动车充电。"], ["防诈骗宣传", "联合派出所开展宣传。"]],
    requestedYuan: 28_000, selfRaisedYuan: 3_000, shape: "goods", submittedAt: "2021-05-22 09:15", fate: "pass", quality: 74,
  },
  {
    org: "huzhu", division: "WQ", category: "elderly", title: "南堡寨社区“老帮老”互助养老服务",
    community: "王曲街道南堡寨社区", beneficiaries: "社区高龄、独居老人", beneficiaryCount: 140,
    goals: "组织低龄健康老人结对帮扶高龄独居老人，提供陪伴聊天、代买代办和节日探望，探索农村社区互助养老。",
    activities: [["结对帮扶", "40对“老帮老”结对，每周探访两次。"], ["节日探望", "重阳、春节走访慰问。"]],
    requestedYuan: 24_000, selfRaisedYuan: 2_000, shape: "service", submittedAt: "2021-05-26 16:00", fate: "pass", quality: 80,
  },
  {
    org: "dudao", division: "GD", category: "garbage", title: "郭北社区“桶边督导”垃圾分类志愿服务",
    community: "郭杜街道郭北社区", beneficiaries: "郭北社区居民", beneficiaryCount: 3000,
    goals: "组建垃圾分类督导志愿队，在投放点开展定时督导，推动居民养成分类投放习惯。",
    activities: [["定时桶边督导", "早晚高峰各两小时督导。"], ["分类知识进楼栋", "每栋楼开展一次宣讲。"]],
    requestedYuan: 22_000, selfRaisedYuan: 0, shape: "goods", submittedAt: "2021-05-18 10:30", fate: "pass", quality: 72,
  },
  {
    org: "shuhua", division: "GD", category: "culture", title: "西江社区“翰墨传家”老年书画公益课堂",
    community: "郭杜街道西江社区", beneficiaries: "社区老年人及青少年", beneficiaryCount: 150,
    goals: "开设书法、国画公益课堂，组织老少共学和春联义写，传承传统文化。",
    activities: [["书画公益课堂", "每周两次书法国画课。"], ["老少共学", "暑期组织青少年书画班。"], ["春联义写", "春节前为居民义写春联。"]],
    requestedYuan: 20_000, selfRaisedYuan: 3_000, shape: "goods", submittedAt: "2021-05-27 09:50", fate: "pass", quality: 71,
  },
  {
    org: "yangge", division: "GD", category: "arts", title: "滦镇社区“欢乐秧歌”健身文艺活动",
    community: "滦镇街道滦镇社区", beneficiaries: "社区中老年居民", beneficiaryCount: 260,
    goals: "组织秧歌健身队常态化训练和节庆展演，丰富农村社区文化生活。",
    activities: [["秧歌训练", "每周三次集中训练。"], ["节庆展演", "中秋、元旦参加街道文艺汇演。"]],
    requestedYuan: 30_000, selfRaisedYuan: 0, shape: "goods", submittedAt: "2021-05-31 11:30", fate: "reject",
    reasons: "预算中服装、音响等物资采购占比过高且主要用于队伍自身，服务对象和公益属性不明确，经核对不符合申报要求。",
  },
  {
    org: "zizhi", division: "WQ", category: "governance", title: "丽景花园小区“车棚改造”居民自治项目",
    community: "韦曲街道东街社区丽景花园小区", beneficiaries: "丽景花园小区居民", beneficiaryCount: 560,
    goals: "通过居民协商，规范小区电动车停放和充电，清理僵尸车，改善车棚环境，消除充电安全隐患。",
    activities: [["居民协商会", "召开3次居民协商会确定改造方案。"], ["僵尸车清理", "联合物业清理废弃车辆。"], ["车棚管理公约", "制定并公示车棚管理公约。"]],
    requestedYuan: 18_000, selfRaisedYuan: 2_000, shape: "goods", submittedAt: "2021-05-29 20:05", fate: "pass", quality: 75,
  },
  {
    org: "laobing", division: "WQ", category: "other", title: "“老兵驿站”退役军人志愿服务项目",
    community: "韦曲街道北街社区", beneficiaries: "社区退役军人、青少年", beneficiaryCount: 210,
    goals: "组织退役军人开展国防教育进社区、帮扶困难退役军人家庭，发挥老兵在社区治理中的作用。",
    activities: [["国防教育小课堂", "暑期为青少年讲国防故事。"], ["困难老兵帮扶", "走访慰问困难退役军人家庭。"]],
    requestedYuan: 15_000, selfRaisedYuan: 1_000, shape: "event", submittedAt: "2021-05-28 15:45", fate: "pass", quality: 70,
  },
  {
    org: "caiyuan", division: "GD", category: "neighbors", title: "长里社区“一米菜园”邻里共建项目",
    community: "郭杜街道长里社区", beneficiaries: "长里社区居民及儿童", beneficiaryCount: 180,
    goals: "把小区闲置角落改造成居民共建的“一米菜园”，以种植活动连接邻里、开展儿童自然教育。",
    activities: [["菜园共建", "居民共同改造闲置地块。"], ["儿童自然课堂", "每月一次种植观察课。"], ["丰收分享会", "秋季举办邻里丰收分享会。"]],
    requestedYuan: 16_000, selfRaisedYuan: 1_500, shape: "goods", submittedAt: "2021-05-25 18:30", fate: "pass", quality: 82,
  },
  {
    org: "baoma", division: "GD", category: "education", title: "学府社区“宝妈课堂”家庭教育互助项目",
    community: "郭杜街道学府社区", beneficiaries: "社区0-6岁儿童家庭", beneficiaryCount: 240,
    goals: "由宝妈团队组织育儿经验分享、家庭教育讲座和亲子活动，缓解新手父母育儿焦虑。",
    activities: [["育儿经验分享会", "每月两次主题分享。"], ["家庭教育讲座", "邀请专家开展4场讲座。"]],
    requestedYuan: 19_000, selfRaisedYuan: 1_000, shape: "event", submittedAt: "2021-05-30 21:10", fate: "pass", quality: 62,
  },
  // Never submitted: one team stopped at a draft, two organizations began a second idea and dropped it.
  {
    org: "huhe", division: "GD", category: "garbage", title: "上王村“护河队”河道清洁行动",
    community: "滦镇街道上王村", beneficiaries: "上王村村民及游客", beneficiaryCount: 900,
    goals: "组织村民定期清理河道垃圾，宣传河道保护。",
    activities: [["河道清洁日", "每月两次清理河道垃圾。"]],
    requestedYuan: 12_000, selfRaisedYuan: 0, shape: "goods", fate: "draft",
  },
  {
    org: "qihang", division: "WQ", category: "arts", title: "青少年街舞公益培训",
    community: "韦曲街道", beneficiaries: "青少年", beneficiaryCount: 50,
    goals: "", activities: [], requestedYuan: 40_000, selfRaisedYuan: 0, shape: "event", fate: "draft",
  },
  {
    org: "kangle", division: "GD", category: "elderly", title: "老年人智能手机使用培训",
    community: "郭杜街道长里社区", beneficiaries: "社区老年人", beneficiaryCount: 100,
    goals: "教老年人使用健康码、移动支付和视频通话。", activities: [["手机课堂", "每周一次。"]],
    requestedYuan: 20_000, selfRaisedYuan: 0, shape: "event", fate: "draft",
  },
];

const SHAPES: Record<ProposalSpec["shape"], [BudgetCategory, string, number][]> = {
  // [category, item, percent of the total budget]; the last line takes the remainder
  service: [["personnel", "社工及专业人员服务劳务费", 28], ["activity", "服务活动组织费", 30], ["materials", "服务物资与耗材", 18], ["publicity", "宣传资料印刷", 6], ["travel", "入户探访交通费", 5], ["management", "项目管理费", 4], ["other", "志愿者保险及培训", 0]],
  goods: [["personnel", "督导及辅导人员劳务费", 20], ["materials", "活动物资与耗材", 35], ["activity", "活动组织费", 22], ["equipment", "小型设备购置", 8], ["publicity", "宣传展板与印刷", 8], ["management", "项目管理费", 3], ["other", "志愿者保险", 0]],
  event: [["personnel", "授课及组织人员劳务费", 22], ["activity", "活动场次组织费", 40], ["venue", "场地布置", 10], ["materials", "活动物资", 14], ["publicity", "宣传推广", 7], ["management", "项目管理费", 4], ["other", "志愿者保险及餐饮", 0]],
};

/** Budget lines adding up exactly to requested + self-raised, each within the competition's caps. */
export function budgetFor(spec: ProposalSpec) {
  const total = yuanToFen(spec.requestedYuan + spec.selfRaisedYuan);
  const shape = SHAPES[spec.shape];
  let left = total;
  return shape.map(([category, item, percent], i) => {
    const amount = i === shape.length - 1 ? left : Math.floor((total * percent) / 100 / 10_000) * 10_000; // whole hundreds of yuan
    left -= amount;
    return { category, item, amount };
  });
}

/** Activity dates: staggered starts from August 2021, all finished by 2021-12-20; the first (preparation) ends in September. */
function activitiesFor(spec: ProposalSpec) {
  const n = spec.activities.length;
  return spec.activities.map(([name, description], i) => ({
    name,
    description,
    startOn: `2021-${String(8 + Math.floor((i * 3) / Math.max(n, 1))).padStart(2, "0")}-${i === 0 ? "01" : "15"}`,
    endOn: i === 0 && n > 1 ? "2021-09-30" : "2021-12-20",
  }));
}

export function proposalInput(spec: ProposalSpec, divisionId: number, categoryId: number) {
  return {
    title: spec.title,
    divisionId,
    categoryId,
    community: spec.community,
    beneficiaries: spec.beneficiaries,
    beneficiaryCount: spec.beneficiaryCount,
    goals: spec.goals,
    activities: activitiesFor(spec),
    budget: spec.goals ? budgetFor(spec) : [],
    requested: yuanToFen(spec.requestedYuan),
    selfRaised: yuanToFen(spec.selfRaisedYuan),
  };
}

function profileInput(o: OrgSpec) {
  const base = { name: o.name, applicantType: o.type, contactName: o.contact, contactMobile: o.mobile, address: o.address };
  if (o.type === "social_org") return { ...base, creditCode: changanCreditCode(o.kind, o.serial), legalRep: o.legalRep };
  if (o.type === "community_group") return { ...base, filingNumber: o.filingNumber };
  return { ...base, members: o.members.map(([name, mobile]) => ({ name, mobile })) };
}

/** Accounts and profiles for every organization, then drafts and submissions in date order. */
export async function seedDemoRegistration(trx: DB, ctx: DemoContext): Promise<void> {
  const userOf = new Map<string, number>();
  for (const [i, o] of DEMO_ORGANIZATIONS.entries()) {
    let userId: number;
    if (o.key === "applicant") {
      userId = ctx.users.applicant;
    } else {
      // Accounts as self-registration would create them (the shared demo password hash: hashing per user is slow).
      const row = await trx
        .insertInto("users")
        .values({
          username: `org${String(i + 1).padStart(2, "0")}-${o.key}`,
          role: "applicant",
          display_name: o.name,
          mobile: o.mobile,
          password_hash: ctx.passwordHash,
          created_at: at(o.registeredOn, "09:00").toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      userId = row.id;
    }
    userOf.set(o.key, userId);
    must(await saveOrganizationProfile(trx, { id: userId, role: "applicant" }, profileInput(o), at(o.registeredOn, "09:20")), `profile ${o.name}`);
  }

  const divisions = new Map(
    (await trx.selectFrom("divisions").select(["id", "code"]).where("competition_id", "=", ctx.competitionId).execute()).map((d) => [d.code, d.id]),
  );
  const categories = new Map(
    (await trx.selectFrom("categories").select(["id", "code"]).where("competition_id", "=", ctx.competitionId).execute()).map((c) => [c.code, c.id]),
  );
  const orgSpec = new Map(DEMO_ORGANIZATIONS.map((o) => [o.key, o]));

  // Drafts are started a few days after the profile; the history is written in submission order.
  const ordered = [...DEMO_PROPOSALS].sort((a, b) => (a.submittedAt ?? "9999").localeCompare(b.submittedAt ?? "9999"));
  for (const spec of ordered) {
    const actor = { id: userOf.get(spec.org)!, role: "applicant" };
    const registeredOn = orgSpec.get(spec.org)!.registeredOn;
    const startedOn = spec.fate === "draft" ? "2021-05-24" : registeredOn;
    const draft = must(await createDraftProposal(trx, actor, ctx.competitionId, at(startedOn, "14:00")), `draft ${spec.title}`);
    const input = proposalInput(spec, divisions.get(spec.division)!, categories.get(spec.category)!);
    must(await saveProposalDraft(trx, actor, draft.proposalId, input, at(startedOn, "16:30")), `save ${spec.title}`);
    if (!spec.submittedAt) continue;
    const [day, time] = spec.submittedAt.split(" ");
    must(await submitProposal(trx, actor, draft.proposalId, undefined, at(day, time)), `submit ${spec.title}`);
  }
}
