// `npm run test:e2e`: browser tests need Debian's chromium; say how to get it, or skip on request.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (process.env.SKIP_E2E === "1") {
  console.log("Browser tests skipped because SKIP_E2E=1.");
  process.exit(0);
}
if (!fs.existsSync(chromium)) {
  console.error(
    `Browser tests need Chromium at ${chromium}, which is missing.\n` +
      "Install it with:  apt-get update && apt-get install -y chromium\n" +
      "(or set CHROMIUM_PATH, or run with SKIP_E2E=1 to leave the browser tests out).",
  );
  process.exit(1);
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run("npx", ["remix", "build"]);
run("npx", ["vitest", "run", "--project", "e2e"]);
