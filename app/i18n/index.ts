// Looks up UI strings. Chinese is the default; `{name}` placeholders are filled from params.
import { en } from "./en";
import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey };
export type Locale = "zh-CN" | "en";

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

export function t(key: MessageKey, params?: Record<string, string | number>, locale: Locale = "zh-CN"): string {
  const template = (locale === "en" ? en[key] : undefined) ?? zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** For error codes coming back from services: a known key is translated, anything else shown as is. */
export function tMaybe(keyOrText: string, params?: Record<string, string | number>): string {
  return isMessageKey(keyOrText) ? t(keyOrText, params) : keyOrText;
}
