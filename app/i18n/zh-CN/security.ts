// Security and identity: login limits, registration limits, the demo banner, password change.
export const security = {
  "auth.tooManyFromAddress": "来自您所在网络的失败登录过多，请稍后再试",
  "auth.accountLocked": "该账号近期失败登录过多，已暂时锁定 5 分钟；如您曾在此设备上登录过，输入正确密码即可登录",
  "auth.registerTooMany": "来自您所在网络的注册过多，请一小时后再试",
  "demo.banner": "演示数据：本站当前包含公开密码的演示账号，仅供体验，请勿录入真实信息。正式使用请按 README 以 SEED_DEMO=0 部署。",
  "account.password.title": "修改密码",
  "account.password.current": "当前密码",
  "account.password.new": "新密码",
  "account.password.confirm": "确认新密码",
  "account.password.submit": "修改密码",
  "account.password.wrongCurrent": "当前密码不正确",
  "account.password.changed": "密码已修改，其他设备上的登录已全部退出",
  "nav.changePassword": "修改密码",
} as const;
