// Messages for refused request bodies and uploads (hostile or broken input of any shape).
export const input = {
  "input.error.fieldName": "表单字段名不合法（不允许 __proto__、constructor、prototype 等名称），请求已拒绝。",
  "input.error.tooDeep": "表单字段层级过深，请求已拒绝。",
  "input.error.indexTooLarge": "表单行号过大（最多 {max} 行），请求已拒绝。",
  "input.error.tooManyFields": "表单字段过多（最多 {max} 个），请求已拒绝。",
  "input.error.tooManyFiles": "上传的文件过多（最多 {max} 个）。",
  "input.error.bodyTooLarge": "提交的内容过大（上限 {mb} MB），请求已拒绝。",
  "input.error.fileTooLarge": "文件过大（单个文件上限 {mb} MB）。",
  "input.error.fieldTooLarge": "某个表单字段的内容过长，请求已拒绝。",
  "input.error.contentType": "不支持的提交格式：请通过页面上的表单提交。",
  "review.conflict.afterSubmission": "您已提交该项目的评分，评分已锁定，不能再自行回避。如确有利益冲突，请联系组织方：组织方可在评审分配页撤回该任务并记录理由。本次申请已记入操作日志。",
  "review.conflict.recusedProposal": "（回避项目：{title}）",
  "input.audit.headTitle": "操作日志链头",
  "input.audit.headIntro": "平台的每一项操作都记入哈希链操作日志。请保存下面的链头：今后任何人都可以核对日志没有被截断或改写。",
  "input.audit.headLine": "截至 {at}，共 {rows} 条记录；链头哈希：",
  "input.audit.exportLine": "操作日志链头：共 {rows} 条记录，哈希 {hash}（导出时间 {at}）",
  "input.error.malformed": "提交的表单数据格式有误，无法读取，请刷新页面后重新提交。",
} as const;
