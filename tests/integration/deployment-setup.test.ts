// A real deployment is one switch away from the demo: SEED_DEMO=0 writes no demo accounts, the first
// organizer comes from the command line, and the 演示数据 banner shows exactly while demo accounts exist.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { demoAccountsPresent, forgetDemoCheck } from "~/services/demo.server";
import { hashPassword } from "~/utils/password.server";
import { useFreshDatabase } from "../support/db";
import { createUser } from "../support/factories";

function run(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
}

describe("deployment switches", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-setup-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("with SEED_DEMO=0 writes no demo accounts and creates the first organizer from env", async () => {
    const url = `file:${path.join(dir, "real.db")}`;
    const setup = run("db/setup.ts", { DATABASE_URL: url, SEED_DEMO: "0", ORGANIZER_USERNAME: "zuweihui", ORGANIZER_PASSWORD: "Chang-an#2026" });
    expect(setup.status, setup.stderr).toBe(0);
    const db = openDatabase(url);
    try {
      const users = await db.selectFrom("users").select(["username", "role"]).execute();
      expect(users).toEqual([{ username: "zuweihui", role: "organizer" }]);
      expect(await db.selectFrom("competitions").select("id").execute()).toEqual([]);
      forgetDemoCheck();
      expect(await demoAccountsPresent(db)).toBe(false);
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it("create-organizer refuses a weak password and a taken username", async () => {
    const url = `file:${path.join(dir, "real.db")}`;
    const weak = run("db/create-organizer.ts", { DATABASE_URL: url, ORGANIZER_USERNAME: "boss", ORGANIZER_PASSWORD: "12345678" });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("未创建");
    const ok = run("db/create-organizer.ts", { DATABASE_URL: url, ORGANIZER_USERNAME: "boss", ORGANIZER_PASSWORD: "Chang-an#2026" });
    expect(ok.status, ok.stderr).toBe(0);
    const again = run("db/create-organizer.ts", { DATABASE_URL: url, ORGANIZER_USERNAME: "boss", ORGANIZER_PASSWORD: "Chang-an#2026" });
    expect(again.status).toBe(1);
  }, 120_000);
});

describe("演示数据 banner", () => {
  const ctx = useFreshDatabase();

  it("shows while accounts with the published demo password exist, and not for real accounts", async () => {
    await createUser(ctx.db, "organizer");
    await createUser(ctx.db, "applicant");
    forgetDemoCheck();
    expect(await demoAccountsPresent(ctx.db)).toBe(false);
    const demoHash = await hashPassword(DEMO_PASSWORD);
    for (const username of ["organizer", "expert"]) {
      await ctx.db.insertInto("users").values({ username, password_hash: demoHash, role: "organizer", display_name: username, mobile: null, created_at: new Date().toISOString() }).execute();
    }
    forgetDemoCheck();
    expect(await demoAccountsPresent(ctx.db)).toBe(true);
    await ctx.db.updateTable("users").set({ disabled: 1 }).where("password_hash", "=", demoHash).execute();
    forgetDemoCheck();
    expect(await demoAccountsPresent(ctx.db)).toBe(false);
  });
});
