// Competition rules, settings manifest, dates and the working-day calendar (issue 11, comp-rules).
export const rules = {
  "rules.creditCode.notCivilAffairs": "该代码不是民政部门登记的社会组织代码（社会组织的统一社会信用代码以 51、52、53 或 59 开头；企业以 91 开头），请选择其他申报主体类型或核对代码",
  "rules.contribution.overPledge": "到账金额 {received} 元超过认捐金额 {pledged} 元：请按银行回单核对；超出的部分请另行登记一笔认捐后再入账",
  "rules.contribution.short": "比认捐少 {short} 元",
} as const;
