import { passwordWeakness } from "~/domain/password-policy";
import { hashPassword, verifyPassword } from "~/utils/password.server";

describe("passwords", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("长安公益-2021");
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("长安公益-2021", hash)).toBe(true);
    expect(await verifyPassword("长安公益-2022", hash)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
  });

  it("accepts a 64-character multibyte password without truncating it", async () => {
    const long = "公益".repeat(32);
    const hash = await hashPassword(long);
    expect(await verifyPassword(long, hash)).toBe(true);
    expect(await verifyPassword(long.slice(0, 63), hash)).toBe(false);
  });

  it("refuses short, single-kind and common passwords", () => {
    expect(passwordWeakness("Ab1!")).toBe("auth.passwordTooShort");
    expect(passwordWeakness("abcdefghij")).toBe("auth.passwordTooWeak");
    expect(passwordWeakness("password1")).toBe("auth.passwordTooWeak");
    expect(passwordWeakness("Changan@2021")).toBeNull();
  });
});
