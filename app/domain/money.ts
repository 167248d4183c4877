// Money is integer fen (分) end to end; 元 exists only in parsing input and formatting output.

export type Fen = number;

export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
  return value;
}

export function yuanToFen(yuan: number): Fen {
  return assertFen(yuan * 100);
}

/** Parses a 元 amount typed by a person ("12,345.6", "100") into fen; null when it is not a valid amount. */
export function parseYuan(text: string): Fen | null {
  const cleaned = text.trim().replace(/[,，\s]/g, "").replace(/元$/, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = (match[2] ?? "").padEnd(2, "0");
  return assertFen(Number(match[1]) * 100 + Number(fraction));
}

/** 123456 → "1,234.56" (元, two decimals, thousands separators). */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100).toString().padStart(2, "0");
  return `${sign}${whole}.${cents}`;
}

/** Plain 元 string without separators, for form fields and CSV: 123456 → "1234.56". */
export function fenToYuanInput(fen: Fen): string {
  return formatYuan(fen).replace(/,/g, "");
}

/**
 * Splits `total` into parts proportional to integer `percents` (summing to 100) without losing a fen:
 * each part is floored and the remainder goes to the earliest parts.
 */
export function splitByPercents(total: Fen, percents: readonly number[]): Fen[] {
  assertFen(total);
  const sum = percents.reduce((a, b) => a + b, 0);
  if (sum !== 100) throw new RangeError(`percents must add up to 100, got ${sum}`);
  const parts = percents.map((p) => Math.floor((total * p) / 100));
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % parts.length) {
    if (percents[i] > 0) {
      parts[i] += 1;
      remainder -= 1;
    }
  }
  return parts;
}

/** Share of `part` in `whole` as a percentage compared exactly: part/whole <= percent/100. */
export function withinPercent(part: Fen, whole: Fen, percent: number): boolean {
  return part * 100 <= whole * percent;
}
