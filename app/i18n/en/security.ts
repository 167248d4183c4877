// Security and identity: login limits, registration limits, the demo banner, password change.
import type { security as zh } from "../zh-CN/security";

export const security: Record<keyof typeof zh, string> = {
  "auth.tooManyFromAddress": "Too many failed logins from your network; please try again later",
  "auth.accountLocked":
    "This account is locked for 5 minutes after many failed logins; if you have logged in from this device before, the right password still works",
  "auth.registerTooMany": "Too many registrations from your network; please try again in an hour",
  "demo.banner":
    "Demo data: this site holds demo accounts with a published password. Do not enter real information. Deploy with SEED_DEMO=0 for real use (see README).",
  "account.password.title": "Change password",
  "account.password.current": "Current password",
  "account.password.new": "New password",
  "account.password.confirm": "Confirm new password",
  "account.password.submit": "Change password",
  "account.password.wrongCurrent": "The current password is wrong",
  "account.password.changed": "Password changed; every other login has been signed out",
  "nav.changePassword": "Change password",
};
