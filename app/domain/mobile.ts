// Mainland China mobile numbers: 11 digits starting 13–19. People type them with spaces, dashes,
// brackets, full-width digits or a +86 / 86 / 0086 prefix; one parser reads them all, for every form.

export function normalizeMobile(text: string): string {
  return text
    .normalize("NFKC") // full-width digits and ＋ from a Chinese IME
    .replace(/[\s\-()（）.]/g, "")
    .replace(/^(?:\+|00)?86(?=1\d{10}$)/, "");
}

export function isValidMobile(text: string): boolean {
  return parseMobile(text) !== null;
}

/** The 11-digit number, or null when `text` is not a mainland mobile number. */
export function parseMobile(text: string): string | null {
  const digits = normalizeMobile(text);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
