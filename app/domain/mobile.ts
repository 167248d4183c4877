// Mainland China mobile numbers: 11 digits starting 13–19 (an optional +86 / 86 prefix is removed).

export function normalizeMobile(text: string): string {
  return text.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
}

export function isValidMobile(text: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(text));
}
