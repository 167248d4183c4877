// Money is integer fen (分) end to end; 元 exists only in parsing input and formatting output.

export type Fen = number;

export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
  return value;
}

export function yuanToFen(yuan: number): Fen {
  return assertFen(yuan * 100);
}

/**
 * Parses a 元 amount typed by a person ("12,345.6", "100", "1 234.00元", "￥１２００．５") into fen; null when it is not
 * a valid amount. Thousands separators (comma, full-width comma or space) are accepted only where they
 * group whole thousands: "12,34" is refused rather than read as 1,234.
 */
export function parseYuan(text: string): Fen | null {
  // NFKC: full-width digits, ．and ，from a Chinese IME, ￥ → ¥; a leading ¥ and a trailing 元 are allowed
  const typed = text
    .normalize("NFKC")
    .trim()
    .replace(/^¥\s*/, "")
    .replace(/\s*元$/, "");
  const grouped = /^(\d{1,3}(?:([, ])\d{3})(?:\2\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(typed);
  if (!grouped) return null;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(typed.replace(/[, ]/g, ""));
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
 * Splits `total` into parts proportional to integer `percents` (summing to 100) without losing a fen,
 * by largest remainder (Hamilton): each part is floored, and the fen left over go one each to the parts
 * whose exact share lost the most in flooring (the earlier part on a tie). A part whose share is already
 * a whole number of fen never receives one.
 */
export function splitByPercents(total: Fen, percents: readonly number[]): Fen[] {
  assertFen(total);
  const sum = percents.reduce((a, b) => a + b, 0);
  if (sum !== 100) throw new RangeError(`percents must add up to 100, got ${sum}`);
  // exact share = total * p / 100; compare remainders as integers (total * p) mod 100
  const parts = percents.map((p) => Math.floor((total * p) / 100));
  const remainders = percents.map((p, i) => ({ i, r: total * p - parts[i] * 100 }));
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const { i } of remainders.sort((a, b) => b.r - a.r || a.i - b.i)) {
    if (left === 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}

/** Share of `part` in `whole` as a percentage compared exactly: part/whole <= percent/100. */
export function withinPercent(part: Fen, whole: Fen, percent: number): boolean {
  return part * 100 <= whole * percent;
}
