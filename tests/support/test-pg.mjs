#!/usr/bin/env node
// `npm run test:pg`: the unit + integration suite again, on PostgreSQL.
// - TEST_DATABASE_URL=postgres://… given: use that server (each test gets its own database on it).
// - otherwise, if PostgreSQL's server binaries are installed: start a throwaway cluster in a temp dir
//   (tests/support/pg-cluster.sh), run, stop it.
// - otherwise: say that the PostgreSQL run is skipped and why — and fail when CI=true, where it is required.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cluster = path.join(root, "tests/support/pg-cluster.sh");
const extra = process.argv.slice(2);
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? "");

function runSuite(url) {
  console.log(`\n== unit + integration suite on PostgreSQL (${url.replace(/\/\/([^:@/]+):[^@]*@/, "//$1:***@")}) ==`);
  const started = Date.now();
  const r = spawnSync("npx", ["vitest", "run", "--project", "unit", ...extra], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: url },
  });
  console.log(`== PostgreSQL suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s ==`);
  return r.status ?? 1;
}

function serverBinaries() {
  const dirs = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`) : [];
  if (process.env.PG_BINDIR) dirs.unshift(process.env.PG_BINDIR);
  return dirs.find((d) => fs.existsSync(path.join(d, "initdb")) && fs.existsSync(path.join(d, "pg_ctl")));
}

const given = process.env.TEST_DATABASE_URL;
if (given && /^postgres(ql)?:\/\//i.test(given)) process.exit(runSuite(given));

const bindir = serverBinaries();
if (!bindir) {
  const why = "PostgreSQL run SKIPPED: TEST_DATABASE_URL is not a postgres:// URL and no PostgreSQL server binaries were found " +
    "(install Debian's `postgresql` package, or set TEST_DATABASE_URL=postgres://user@host/db).";
  if (ci) {
    console.error(`${why}\nCI=true: the PostgreSQL run is required in CI, so this is a failure.`);
    process.exit(1);
  }
  console.warn(why);
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-pg-"));
const stop = () => {
  spawnSync("bash", [cluster, "stop", dir], { stdio: "inherit", env: { ...process.env, PG_BINDIR: bindir } });
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on("SIGINT", () => { stop(); process.exit(130); });
process.on("SIGTERM", () => { stop(); process.exit(143); });
const start = spawnSync("bash", [cluster, "start", dir], { encoding: "utf8", env: { ...process.env, PG_BINDIR: bindir } });
if (start.status !== 0) {
  process.stderr.write(start.stderr);
  stop();
  console.error("PostgreSQL run: could not start a throwaway cluster (see above).");
  process.exit(1);
}
let status = 1;
try {
  status = runSuite(start.stdout.trim());
} finally {
  stop();
}
process.exit(status);
