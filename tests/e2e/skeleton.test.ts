// The walking skeleton in a real browser: the public home page, and each demo role's own home.
import type { Browser } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../seeds/changan-2021";
import { baseURL, launchBrowser, login, logout } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("public home page", () => {
  it("shows the Chang'an 2021 competition in Chinese with its fund, window, divisions and categories", async () => {
    const page = await browser.newPage();
    await page.goto(baseURL());
    expect(await page.locator("h1").textContent()).toBe("长安区社区公益创投大赛（2021）");
    expect(await page.getByTestId("fund").textContent()).toContain("4,100,000.00 元");
    expect(await page.getByTestId("registration-window").textContent()).toContain("2021年4月12日 至 2021年5月31日");
    const divisions = await page.getByTestId("divisions").textContent();
    expect(divisions).toContain("韦曲赛区");
    expect(divisions).toContain("郭杜赛区");
    const categories = await page.getByTestId("categories").locator("li").allTextContents();
    expect(categories).toEqual(["垃圾分类", "敬老孝亲", "助残帮困", "文化传承", "教育培训", "小区治理", "邻里互助", "文艺文体", "卫生健康", "其他"]);
    await page.close();
  });
});

describe("each role logs in and sees its own home", () => {
  for (const account of DEMO_ACCOUNTS) {
    it(`logs in as ${account.username} (${account.role})`, async () => {
      const page = await browser.newPage();
      await login(page, account.username, DEMO_PASSWORD);
      await page.getByTestId(`home-${account.role}`).waitFor();
      expect(await page.getByTestId("current-user").textContent()).toContain(account.display_name);
      await logout(page);
      await page.close();
    });
  }

  it("shows an applicant a 403 page, not the organizer's page", async () => {
    const page = await browser.newPage();
    await login(page, "applicant", DEMO_PASSWORD);
    const response = await page.goto(`${baseURL()}/organizer`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("alert").textContent()).toContain("您没有权限访问此页面");
    expect(await page.getByTestId("home-organizer").count()).toBe(0);
    await page.close();
  });

  it("refuses a wrong password with a message in Chinese", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseURL()}/login`);
    await page.getByLabel("用户名").fill("organizer");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("用户名或密码不正确").waitFor();
    await page.close();
  });
});
