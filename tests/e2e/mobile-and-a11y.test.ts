// Every page of every role, as its people use it: on a 390 px phone and a 1280 px screen, and in
// 长者模式. Each page must not scroll sideways, must show no text under 12 px, and axe must find no
// serious or critical problem. The pages are found by following the links each role sees, starting
// from the demo seed's home pages (one page per URL shape, so /notices/1 and /notices/2 count once).
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { baseURL, launchBrowser, login } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const MAX_PAGES_PER_ROLE = 40;
// Downloads, exports, state-changing endpoints and print-only documents are not pages to browse.
const SKIP = /\/(logout|preferences)\b|\/files\/|\/attachments\/|\/export\/|\.(csv|xlsx|pdf)$|^\/(login|register)$/;

/** "/notices/12?status=x" → "/notices/:id?status": one visit per URL shape. */
function shape(path: string) {
  const url = new URL(path, "http://x");
  const keys = [...new Set(url.searchParams.keys())].sort().join("&");
  return url.pathname.replace(/\/\d+(?=\/|$)/g, "/:id").replace(/\/[0-9a-f]{16,}(?=\/|$)/gi, "/:token") + (keys ? `?${keys}` : "");
}

async function discover(page: Page, starts: string[], areaPrefixes: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const pages: string[] = [];
  const queue = [...starts];
  while (queue.length && pages.length < MAX_PAGES_PER_ROLE) {
    const path = queue.shift()!;
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    const response = await page.goto(baseURL() + path);
    if (!response || response.status() >= 400 || !(response.headers()["content-type"] ?? "").includes("text/html")) continue;
    pages.push(path);
    const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const url = new URL(href);
      if (url.origin !== new URL(baseURL()).origin) continue;
      const next = url.pathname + url.search;
      if (SKIP.test(url.pathname) || seen.has(shape(next))) continue;
      if (areaPrefixes.some((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) queue.push(next);
    }
  }
  return pages;
}

interface Problem {
  page: string;
  mode: string;
  what: string;
}

/** Text a reader can see that renders below 12 px (SVG text is scaled with its drawing). */
async function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").trim();
      const el = node.parentElement;
      if (!text || !el || el.closest("script,style,noscript,title,[hidden],[aria-hidden='true'] svg title")) continue;
      if (el.closest("svg") && el.tagName.toLowerCase() === "title") continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none") continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // visually hidden (screen-reader only)
      let size = parseFloat(style.fontSize);
      const svg = el.closest("svg");
      if (svg) size *= (svg as SVGSVGElement).getScreenCTM()?.a ?? 1;
      if (size < 11.95) found.push(`${text.slice(0, 30)} (${size.toFixed(1)}px)`);
    }
    return found.slice(0, 5);
  });
}

async function checkPage(page: Page, path: string, mode: string, problems: Problem[]) {
  const response = await page.goto(baseURL() + path);
  if (!response || response.status() >= 400) {
    problems.push({ page: path, mode, what: `status ${response?.status()}` });
    return;
  }
  await page.waitForLoadState("load");
  const { scrollWidth, innerWidth, header } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
    header: document.querySelector(".site-header")!.getBoundingClientRect().height,
  }));
  if (scrollWidth > innerWidth) problems.push({ page: path, mode, what: `scrolls sideways: ${scrollWidth} > ${innerWidth}` });
  if (innerWidth <= 400 && header > 120) problems.push({ page: path, mode, what: `header takes ${header}px` });
  for (const small of await smallText(page)) problems.push({ page: path, mode, what: `small text: ${small}` });
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    problems.push({ page: path, mode, what: `axe ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}` });
  }
}

async function contextFor(username: string | null, viewport: { width: number; height: number }, elder = false): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  if (elder) await context.addCookies([{ name: "cw_elder", value: "1", url: baseURL() }]);
  if (username) {
    const page = await context.newPage();
    await login(page, username, DEMO_PASSWORD);
    await page.close();
  }
  return context;
}

const ROLES = [
  { username: null, starts: ["/", "/notices", "/transparency", "/login", "/register", "/notices/1/objection"], areas: ["/", "/notices", "/transparency"] },
  { username: "organizer", starts: ["/organizer", "/organizer/proposals?status=all"], areas: ["/organizer", "/inbox"] },
  { username: "reviewer", starts: ["/review?status=all", "/review"], areas: ["/review", "/inbox"] },
  { username: "expert", starts: ["/expert"], areas: ["/expert", "/inbox"] },
  { username: "applicant", starts: ["/applicant"], areas: ["/applicant", "/inbox"] },
  { username: "sponsor", starts: ["/sponsor"], areas: ["/sponsor", "/inbox"] },
] as const;

describe("every page on a phone, a desktop and in 长者模式", () => {
  for (const role of ROLES) {
    it(`has no sideways scroll, no text under 12 px and no serious axe finding for ${role.username ?? "the public"}`, { timeout: 600_000 }, async () => {
      const discovery = await contextFor(role.username, DESKTOP);
      const paths = await discover(await discovery.newPage(), [...role.starts], [...role.areas]);
      await discovery.close();
      expect(paths.length).toBeGreaterThan(role.username ? 0 : 3);
      const problems: Problem[] = [];
      for (const [mode, viewport, elder] of [["390px", PHONE, false], ["1280px", DESKTOP, false], ["长者模式 390px", PHONE, true]] as const) {
        const context = await contextFor(role.username, viewport, elder);
        const page = await context.newPage();
        for (const path of paths) await checkPage(page, path, mode, problems);
        await context.close();
      }
      expect(problems, `${paths.length} pages: ${paths.join(" ")}`).toEqual([]);
    });
  }
});

describe("the shell without JavaScript", () => {
  it("opens the phone menu with its button and keeps the header short", async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/notices`);
    const nav = page.getByRole("navigation", { name: "主导航" });
    expect(await nav.isVisible()).toBe(false);
    expect((await page.locator(".site-header").boundingBox())!.height).toBeLessThan(80);
    await page.getByText("菜单", { exact: true }).click();
    await nav.getByRole("link", { name: "资金去向" }).waitFor();
    await context.close();
  });

  it("switches 长者模式 on with a plain form post, and every later page keeps it", async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/transparency`);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await Promise.all([page.waitForURL(`${baseURL()}/transparency`), page.getByRole("button", { name: "长者模式" }).click()]);
    expect(await page.getByRole("button", { name: "长者模式" }).getAttribute("aria-pressed")).toBe("true");
    await page.goto(`${baseURL()}/notices`);
    expect(await page.evaluate(() => document.documentElement.classList.contains("elder"))).toBe(true);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThan(before);
    const target = await page.getByRole("button", { name: "长者模式" }).boundingBox();
    expect(target!.height).toBeGreaterThanOrEqual(44);
    await context.close();
  });

  it("puts a focused error summary at the top of a refused form, linking to each field", async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/register`);
    await page.locator("#username").fill("x");
    await Promise.all([page.waitForLoadState("load"), page.locator("#username").press("Enter")]);
    const summary = page.getByTestId("error-summary");
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("error-summary");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#username");
    expect(await page.locator("#username").getAttribute("aria-required")).toBe("true");
    await context.close();
  });
});

describe("the shell with JavaScript", () => {
  it("moves focus to the error summary when the browser's own check refuses a form", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/register`);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.locator("#username").fill("x");
    await page.locator("#username").press("Enter");
    await page.getByTestId("error-summary").waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "error-summary");
    await context.close();
  });

  it("reads the whole site in English after the language switch, and back", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/notices`);
    await Promise.all([page.waitForURL(`${baseURL()}/notices`), page.getByRole("button", { name: "English" }).click()]);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Home" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.reload();
    await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
    await Promise.all([page.waitForURL(`${baseURL()}/notices`), page.getByRole("button", { name: "中文" }).click()]);
    await page.getByRole("navigation", { name: "主导航" }).waitFor();
    await context.close();
  });
});

describe("public trust", () => {
  it("shows the organizers and a tap-to-call number in the footer, and a QR code with share metadata on a notice", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/notices`);
    const footer = page.getByTestId("site-footer");
    expect(await footer.textContent()).toContain("主办单位：西安市长安区人民政府");
    expect(await footer.getByTestId("footer-tel").getAttribute("href")).toMatch(/^tel:\d+/);
    await Promise.all([page.waitForURL(/\/notices\/\d+$/), page.locator("main a[href^='/notices/']").first().click()]);
    const share = page.getByTestId("share");
    // The URL changes before the client-side navigation has rendered the notice: wait for the code itself.
    await share.locator("svg path").first().waitFor();
    expect(await share.locator("svg path").count()).toBeGreaterThan(0);
    expect(await share.getByRole("link").getAttribute("href")).toBe(page.url());
    const title = await page.getByTestId("notice-title").textContent();
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toContain(title!);
    expect((await page.locator('meta[property="og:description"]').getAttribute("content"))!.length).toBeGreaterThan(10);
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");
    await context.close();
  });
});
