// 统一社会信用代码 (unified social credit code, GB 32100-2015): structure and check character.
// See ../shared/domain-practice.md §7.2.

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if they use a character outside the charset. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Normalizes what a person typed: trims, removes inner spaces, upper-cases. */
export function normalizeCreditCode(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

export type CreditCodeProblem = "length" | "charset" | "authority" | "orgType" | "division" | "checkCharacter";

/**
 * Registration authorities (登记管理部门, position 1) and the organization types (position 2) each
 * registers, per GB 32100-2015 Appendix A: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
 * 7 宗教, 8 工会, 9 工商/市场监管, A 中央军委改革和编制办公室, N 农业, Y 其他 (any type).
 */
const AUTHORITY_TYPES: Record<string, string> = {
  "1": "1239",
  "2": "19",
  "3": "123459",
  "4": "19",
  "5": "1239",
  "6": "129",
  "7": "129",
  "8": "19",
  "9": "123",
  A: "19",
  N: "1239",
  Y: CHARSET,
};

/**
 * Why a code is not a valid 统一社会信用代码, or null when it is. Position 1 is a known registration
 * authority, position 2 an organization type that authority registers; positions 3–8 are a 6-digit
 * administrative division code.
 */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return "length";
  if (![...code].every((c) => CHARSET.includes(c))) return "charset";
  const types = AUTHORITY_TYPES[code[0]];
  if (!types) return "authority";
  if (!types.includes(code[1])) return "orgType";
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "division";
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return "checkCharacter";
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Civil-affairs registrations (51 社会团体, 52 民办非企业单位/社会服务机构, 53 基金会, 59 其他) start with 5. */
export function isCivilAffairsRegistration(code: string): boolean {
  return /^5[1239]/.test(code);
}
