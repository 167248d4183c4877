// The Xi'an Chang'an District 2021 community public-welfare venture competition, as announced
// on 2021-04-18 (../shared/context/000): two divisions, ten categories, registration
// 2021-04-12..2021-05-31, a 4,100,000-yuan sponsor pool. Later dates follow domain-practice §7.
import { DEFAULT_CATEGORIES, DEFAULT_RULES } from "../app/domain/competition-rules";
import { yuanToFen } from "../app/domain/money";
import { endOfShanghaiDay, startOfShanghaiDay } from "../app/domain/time";

const iso = (d: Date) => d.toISOString();

export const CHANGAN_2021 = {
  slug: "changan-2021",
  name: "长安区社区公益创投大赛（2021）",
  year: 2021,
  host: "西安市长安区人民政府",
  operator: "长安区社区公益创投大赛组委会",
  summary:
    "升级深化“末梢治理、为民服务”“1+2+4”社区治理行动，用410万元创投扶持资金，面向辖区内所有社会组织、居民征集金点子、好项目、好创意。",
  status: "published" as const,
  rules: DEFAULT_RULES,
  registration_opens_at: iso(startOfShanghaiDay("2021-04-12")),
  registration_closes_at: iso(endOfShanghaiDay("2021-05-31")),
  initial_review_ends_at: iso(endOfShanghaiDay("2021-06-10")),
  review_starts_at: iso(startOfShanghaiDay("2021-06-15")),
  review_ends_at: iso(endOfShanghaiDay("2021-07-02")),
  signing_ends_at: iso(endOfShanghaiDay("2021-07-31")),
  implementation_ends_at: iso(endOfShanghaiDay("2021-12-31")),
  totalFundFen: yuanToFen(4_100_000),
  divisions: [
    { code: "WQ", name: "韦曲赛区", budget_fen: yuanToFen(2_050_000) },
    { code: "GD", name: "郭杜赛区", budget_fen: yuanToFen(2_050_000) },
  ],
  categories: DEFAULT_CATEGORIES,
};

/** Demo accounts, one per role (README lists them). Never use these passwords in production. */
export const DEMO_PASSWORD = "Changan@2021";
export const DEMO_ACCOUNTS = [
  { username: "organizer", role: "organizer", display_name: "长安区公益创投组委会", mobile: "13800000001" },
  { username: "reviewer", role: "reviewer", display_name: "初审工作人员 王敏", mobile: "13800000002" },
  { username: "expert", role: "expert", display_name: "评审专家 李教授", mobile: "13800000003" },
  { username: "applicant", role: "applicant", display_name: "长安区韦曲街道阳光社工服务中心", mobile: "13800000004" },
  { username: "sponsor", role: "sponsor", display_name: "陕西长安建设集团有限公司", mobile: "13800000005" },
] as const;
