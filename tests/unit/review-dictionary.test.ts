// Every "review.*" error code the services and schemas can return has a Chinese message, so users
// never see a raw key.
import fs from "node:fs";
import path from "node:path";
import { en } from "~/i18n/en";
import { zhCN } from "~/i18n/zh-CN";
import { review } from "~/i18n/zh-CN/review";

const root = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** `"review.score.locked"` literals (not template prefixes like `review.expert.round.${…}`). */
function reviewKeysUsedIn(dirs: string[]) {
  const used = new Map<string, string>();
  // Notification event ids ("review.closing") name events, not messages; their templates live under notify.*.
  for (const file of dirs.flatMap(sourceFiles).filter((f) => !f.includes(path.join("services", "notifications")))) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const m of text.matchAll(/["'`](review\.[A-Za-z0-9_.]*[A-Za-z0-9_])["'`]/g)) used.set(m[1], file);
  }
  return used;
}

describe("review dictionary", () => {
  const used = reviewKeysUsedIn(["app/services", "app/schemas"]);

  it("finds the error codes the review services return", () => {
    expect(used.size).toBeGreaterThan(40);
    expect(used.has("review.score.locked")).toBe(true);
  });

  it("defines every review.* key used in app/services and app/schemas", () => {
    const missing = [...used].filter(([key]) => !(key in zhCN)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it("defines every review.* key used by the pages", () => {
    const pages = reviewKeysUsedIn(["app/routes", "app/components"]);
    const missing = [...pages].filter(([key]) => !(key in zhCN)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it("writes every review message in Chinese and gives each an English counterpart", () => {
    for (const [key, text] of Object.entries(review)) {
      if (key === "review.letter.issuedAt") continue; // a bare date placeholder
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
      expect(en[key as keyof typeof en], key).toBeTruthy();
    }
  });
});
