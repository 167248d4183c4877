// Looks up UI strings. Chinese is the default; `{name}` placeholders are filled from params.
import { en } from "./en";
import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey };
export type Locale = "zh-CN" | "en";

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

// The locale a call without an explicit one uses. In the browser there is one reader, so the root
// layout sets it from its loader (setPageLocale); on the server each request's render runs inside a
// request-scoped store (app/i18n/locale.server.ts registers it here), so concurrent requests never mix.
let pageLocale: Locale = "zh-CN";
let requestLocale: () => Locale | undefined = () => undefined;

export function setPageLocale(locale: Locale) {
  pageLocale = locale;
}

export function setRequestLocaleSource(source: () => Locale | undefined) {
  requestLocale = source;
}

export function currentLocale(): Locale {
  return requestLocale() ?? pageLocale;
}

export function t(key: MessageKey, params?: Record<string, string | number>, locale: Locale = currentLocale()): string {
  const template = (locale === "en" ? en[key] : undefined) ?? zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** For error codes coming back from services: a known key is translated, anything else shown as is. */
export function tMaybe(keyOrText: string, params?: Record<string, string | number>): string {
  return isMessageKey(keyOrText) ? t(keyOrText, params) : keyOrText;
}
