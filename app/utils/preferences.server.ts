// Display preferences that work without JavaScript: 长者模式 (elder mode) and the UI language, each kept
// in a plain cookie (not secret, not signed: they change only how a page looks) and read by the root loader.
import type { Locale } from "../i18n";

export interface Preferences {
  elder: boolean;
  locale: Locale;
}

export const ELDER_COOKIE = "cw_elder";
export const LOCALE_COOKIE = "cw_lang";
const ONE_YEAR = 60 * 60 * 24 * 365;

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

export function readPreferences(request: Request): Preferences {
  const header = request.headers.get("cookie");
  return {
    elder: readCookie(header, ELDER_COOKIE) === "1",
    locale: readCookie(header, LOCALE_COOKIE) === "en" ? "en" : "zh-CN",
  };
}

export function preferenceCookie(name: typeof ELDER_COOKIE | typeof LOCALE_COOKIE, value: string): string {
  const secure = process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1" ? "; Secure" : "";
  return `${name}=${value}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secure}`;
}

/** Only a path on this site: never another host (`//evil`, `/\evil`), never a scheme. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if (/[\u0000-\u001f]/.test(value) || value.length > 2000) return "/";
  return value;
}
