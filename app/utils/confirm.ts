// Irreversible actions (发布大赛, 提交评分, 发布公示, 拨付, 记录评估, 终止协议) need a ticked confirmation:
// the form carries ConfirmCheck, and the action refuses a post without it (400, nothing written).
export const CONFIRM_FIELD = "confirm";
export const CONFIRM_REQUIRED = "shell.confirm.required";

export function confirmed(form: FormData): boolean {
  return form.get(CONFIRM_FIELD) === "yes";
}
