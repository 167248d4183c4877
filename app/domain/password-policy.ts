// What makes a password acceptable: at least 8 characters, two kinds of character, not a common one.

const COMMON_PASSWORDS = new Set([
  "12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "11111111",
  "88888888", "66666666", "00000000", "abcd1234", "a1234567", "iloveyou", "woaini1314",
  "qwerty123", "1qaz2wsx", "abc12345", "admin123", "12341234", "87654321",
]);

/** null when acceptable, else an i18n key explaining why not. */
export function passwordWeakness(password: string): "auth.passwordTooShort" | "auth.passwordTooLong" | "auth.passwordTooWeak" | null {
  if ([...password].length < 8) return "auth.passwordTooShort";
  if ([...password].length > 128) return "auth.passwordTooLong";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || classes < 2 || new Set(password).size < 4) {
    return "auth.passwordTooWeak";
  }
  return null;
}
