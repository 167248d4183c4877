// Playwright driving Debian's chromium (never a downloaded browser), plus small page helpers.
import { type Browser, type Page, chromium } from "playwright-core";
import { inject } from "vitest";

export const baseURL = () => inject("baseURL");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export async function login(page: Page, username: string, password: string) {
  await page.goto(`${baseURL()}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("button", { name: "登录" }).click()]);
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(`${baseURL()}/`);
}
