// 长者模式 and the language switch: plain form posts that set a cookie and go back, read by the root
// loader, so they work without JavaScript; the way back never leaves the site.
import { t } from "~/i18n";
import { withLocale } from "~/i18n/locale.server";
import { loader as rootLoader } from "~/root";
import { action as preferences } from "~/routes/preferences";
import { useFreshDatabase } from "../support/db";
import { callRoute, formBody } from "../support/factories";
import { safeReturnPath } from "~/utils/preferences.server";

useFreshDatabase();

function post(fields: Record<string, string>) {
  return new Request("http://localhost/preferences", { method: "POST", body: formBody(fields) });
}

describe("display preferences", () => {
  it("turns elder mode on with a cookie and returns to the page it was switched on", async () => {
    const response = await callRoute(preferences, post({ elder: "1", redirectTo: "/notices/1?x=2" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/notices/1?x=2");
    expect(response.headers.get("Set-Cookie")).toMatch(/^cw_elder=1; Path=\/; Max-Age=\d+; SameSite=Lax/);
  });

  it("refuses to send the reader to another site after switching", async () => {
    for (const bad of ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/\u0000x"]) {
      expect(safeReturnPath(bad)).toBe("/");
    }
    const response = await callRoute(preferences, post({ lang: "en", redirectTo: "//evil.example" }));
    expect(response.headers.get("Location")).toBe("/");
  });

  it("answers 400 in Chinese for an unknown setting, and 415 in Chinese for a body that is not a form", async () => {
    expect((await callRoute(preferences, post({ elder: "maybe" }))).status).toBe(400);
    const notForm = new Request("http://localhost/preferences", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    const response = await callRoute(preferences, notForm);
    expect(response.status).toBe(415);
    expect(await response.text()).toMatch(/[\u4e00-\u9fff]/);
  });

  it("lets the root loader read both cookies for the first paint", async () => {
    const request = new Request("http://localhost/", { headers: { Cookie: "cw_elder=1; cw_lang=en" } });
    const data = (await rootLoader({ request, params: {}, context: {} } as never)) as { elder: boolean; locale: string; site: { phone: string } };
    expect(data.elder).toBe(true);
    expect(data.locale).toBe("en");
    expect(data.site.phone).toBe("12345");
    const plain = (await rootLoader({ request: new Request("http://localhost/"), params: {}, context: {} } as never)) as { elder: boolean; locale: string };
    expect(plain).toMatchObject({ elder: false, locale: "zh-CN" });
  });

  it("speaks the request's language inside its render and Chinese elsewhere, even when renders interleave", async () => {
    const seen: string[] = [];
    await Promise.all([
      withLocale("en", async () => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(t("nav.home"));
      }),
      withLocale("zh-CN", async () => {
        seen.push(t("nav.home"));
        await new Promise((r) => setTimeout(r, 10));
        seen.push(t("nav.home"));
      }),
    ]);
    expect(seen.sort()).toEqual(["Home", "首页", "首页"].sort());
    expect(t("nav.home")).toBe("首页");
    expect(t("nav.home", undefined, "en")).toBe("Home");
  });
});
