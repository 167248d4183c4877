// Attacks on identity (issue 10): lockouts a stranger can trigger, account discovery by timing,
// KDF exhaustion, replayed cookies, open redirects, registration floods, a guessable session secret.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KyselyPlugin } from "kysely";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as passwordAction } from "~/routes/account.password";
import { action as registerAction } from "~/routes/register";
import { loader as organizerHome } from "~/routes/organizer._index";
import { loader as rootLoader } from "~/root";
import { setDbForTests } from "~/db.server";
import { LoginError, changePassword, getOptionalUser, safeRedirect, verifyLogin } from "~/services/auth.server";
import { loadSessionSecrets } from "~/services/session.server";
import { hashPassword, kdfStats, verifyPassword } from "~/utils/password.server";
import { openDatabase } from "../../db/connection";
import { createTestDbFile, useFreshDatabase } from "../support/db";
import { TEST_PASSWORD, callRoute, createUser, formBody, requestAs } from "../support/factories";

const ctx = useFreshDatabase();

async function loginFails(username: string, password: string, address: string, now = new Date()) {
  try {
    await verifyLogin(ctx.db, username, password, address, now);
    return "ok";
  } catch (error) {
    if (error instanceof LoginError) return error.key;
    throw error;
  }
}

describe("login limits a stranger cannot turn against the owner", () => {
  it("50 failed logins on unknown names from one address do not lock the organizer out", async () => {
    await createUser(ctx.db, "organizer", { username: "organizer" });
    for (let i = 0; i < 50; i++) await loginFails(`nobody${i}`, "x", "203.0.113.5");
    expect(await loginFails("organizer", TEST_PASSWORD, "198.51.100.1")).toBe("ok");
  });

  it("a stranger's 30 wrong passwords lock the account only briefly, and not for an address its owner used before", async () => {
    await createUser(ctx.db, "organizer", { username: "organizer" });
    expect(await loginFails("organizer", TEST_PASSWORD, "198.51.100.1")).toBe("ok"); // the owner's office
    for (let i = 0; i < 30; i++) await loginFails("organizer", `guess-${i}`, `203.0.113.${i}`);
    expect(await loginFails("organizer", TEST_PASSWORD, "198.51.100.1")).toBe("ok");
    expect(await loginFails("organizer", TEST_PASSWORD, "192.0.2.77")).toBe("auth.accountLocked");
    expect(await loginFails("organizer", TEST_PASSWORD, "192.0.2.77", new Date(Date.now() + 5 * 60_000 + 1000))).toBe("ok");
  });

  it("backs off one address guessing one account: five free tries, then it must wait, longer each time", async () => {
    await createUser(ctx.db, "organizer", { username: "organizer" });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect(await loginFails("organizer", `guess-${i}`, "203.0.113.9", new Date(t0))).toBe("auth.invalidCredentials");
    expect(await loginFails("organizer", TEST_PASSWORD, "203.0.113.9", new Date(t0 + 1000))).toBe("auth.tooManyAttempts");
    expect(await loginFails("organizer", "guess-6", "203.0.113.9", new Date(t0 + 31_000))).toBe("auth.invalidCredentials");
    expect(await loginFails("organizer", TEST_PASSWORD, "203.0.113.9", new Date(t0 + 62_000))).toBe("auth.tooManyAttempts");
    expect(await loginFails("organizer", TEST_PASSWORD, "203.0.113.9", new Date(t0 + 92_000))).toBe("ok");
    // the owner elsewhere was never affected
  });

  it("stops one address that sprays many accounts", async () => {
    for (let i = 0; i < 100; i++) await loginFails(`user${i}`, "x", "203.0.113.7");
    await createUser(ctx.db, "reviewer", { username: "wangmin" });
    expect(await loginFails("wangmin", TEST_PASSWORD, "203.0.113.7")).toBe("auth.tooManyFromAddress");
    expect(await loginFails("wangmin", TEST_PASSWORD, "198.51.100.3")).toBe("ok");
  });

  it("keeps the counters in the database, so a second app process sees the same limits", async () => {
    const file = await createTestDbFile();
    const second = openDatabase(file.url);
    try {
      await createUser(file.db, "organizer", { username: "organizer" });
      for (let i = 0; i < 5; i++) await verifyLogin(file.db, "organizer", `guess-${i}`, "203.0.113.9").catch(() => null);
      await expect(verifyLogin(second, "organizer", TEST_PASSWORD, "203.0.113.9")).rejects.toMatchObject({ key: "auth.tooManyAttempts" });
    } finally {
      await second.destroy();
      await file.cleanup();
    }
  });
});

describe("password hashing cannot be turned into a denial of service or an account oracle", () => {
  it("still runs the KDF for an unknown username and for an account without a password", async () => {
    await ctx.db.insertInto("users").values({ username: "invited", password_hash: null, role: "expert", display_name: "专家", mobile: null, created_at: new Date().toISOString() }).execute();
    for (const name of ["no-such-user", "invited"]) {
      const before = kdfStats.runs;
      expect(await loginFails(name, "whatever-1", "198.51.100.1")).toBe("auth.invalidCredentials");
      expect(kdfStats.runs - before).toBe(1);
    }
    const before = kdfStats.runs;
    expect(await verifyPassword("x", "garbage$hash")).toBe(false);
    expect(kdfStats.runs - before).toBe(1);
  });

  it("never runs more than two hashes at once, and lets a login go ahead of queued registrations", async () => {
    kdfStats.maxActive = 0;
    const stored = await hashPassword("Changan@2021");
    const finished: string[] = [];
    const hashes = Array.from({ length: 12 }, (_, i) => hashPassword(`Registration-${i}`).then(() => finished.push(`hash${i}`)));
    const login = verifyPassword("Changan@2021", stored).then((ok) => finished.push(ok ? "login" : "login-failed"));
    await Promise.all([...hashes, login]);
    expect(kdfStats.maxActive).toBe(2);
    expect(finished.indexOf("login")).toBeGreaterThan(-1);
    expect(finished.indexOf("login")).toBeLessThan(finished.indexOf("hash11"));
    // queued behind every registration it would finish last (index 12); with priority it takes the next free
    // slot, so only the two running and a few started beside it can finish first, even on a loaded machine
    expect(finished.indexOf("login")).toBeLessThan(7);
  });
});

describe("sessions end on the server", () => {
  it("refuses a cookie replayed after logout (redirect to login, not 200)", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const request = await requestAs(organizer.id, "/organizer");
    const cookie = request.headers.get("Cookie") ?? "";
    expect((await callRoute(organizerHome, request)).status).toBe(200);
    await callRoute(logoutAction, new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }));
    const replay = await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: cookie } }));
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toMatch(/^\/login/);
  });

  it("ends every other session when the password changes", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const here = await requestAs(organizer.id, "/organizer");
    const stolen = (await requestAs(organizer.id, "/organizer")).headers.get("Cookie") ?? "";
    const user = (await getOptionalUser(here))!;
    expect(await changePassword(ctx.db, here, user, { currentPassword: TEST_PASSWORD, newPassword: "Another#Pass2026" }, new Date())).toEqual({ ok: true });
    const replay = await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: stolen } }));
    expect(replay.status).toBe(302);
    const stillHere = await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: here.headers.get("Cookie") ?? "" } }));
    expect(stillHere.status).toBe(200);
  });

  it("the change-password page signs out a stolen cookie", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const stolen = (await requestAs(organizer.id, "/organizer")).headers.get("Cookie") ?? "";
    const body = formBody({ currentPassword: TEST_PASSWORD, newPassword: "Another#Pass2026", confirmPassword: "Another#Pass2026" });
    const res = await callRoute(passwordAction, await requestAs(organizer.id, "/account/password", { method: "POST", body }));
    expect(res.status).toBe(200);
    expect((await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: stolen } }))).status).toBe(302);
    expect(await loginFails(organizer.username, "Another#Pass2026", "198.51.100.1")).toBe("ok");
  });

  it("refuses a password change with a wrong current password", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const here = await requestAs(organizer.id, "/organizer");
    const result = await changePassword(ctx.db, here, (await getOptionalUser(here))!, { currentPassword: "nope", newPassword: "Another#Pass2026" }, new Date());
    expect(result).toEqual({ ok: false, fieldErrors: { currentPassword: "account.password.wrongCurrent" } });
  });

  it("looks the user up once per request, though the root and the page both ask", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const request = await requestAs(organizer.id, "/organizer");
    let lookups = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        if (JSON.stringify(args.node).includes('"sessions"')) lookups += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    setDbForTests(ctx.db.withPlugin(counter));
    await Promise.all([callRoute(rootLoader, request), callRoute(organizerHome, request)]);
    setDbForTests(ctx.db);
    expect(lookups).toBe(1);
  });
});

describe("redirect after login stays on this site", () => {
  it.each([
    "/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\u3000",
    "/a\nb", "/%2F/evil.example", "/%5Cevil.example", "javascript:alert(1)", "/%E0%A4%A", "",
  ])("falls back for %j", (to) => {
    expect(safeRedirect(to, "/organizer")).toBe("/organizer");
  });

  it("keeps a same-site path with its query and hash", () => {
    expect(safeRedirect("/organizer/notices?page=2#x", "/")).toBe("/organizer/notices?page=2#x");
    expect(safeRedirect("/a/../organizer", "/")).toBe("/organizer");
  });

  it("logs in with a U+3000 or a tab in redirectTo and lands on the role's home, not a 500", async () => {
    await createUser(ctx.db, "sponsor", { username: "corp" });
    for (const redirectTo of ["/\u3000", "/%09/evil.example", "/\t/evil.example"]) {
      const res = await callRoute(loginAction, await requestAs(null, "/login", { method: "POST", body: formBody({ username: "corp", password: TEST_PASSWORD, redirectTo }) }));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/sponsor");
    }
  });
});

describe("registration flood", () => {
  const body = (i: number) =>
    formBody({ username: `team${i}`, displayName: "阳光社工服务中心", mobile: "13912345678", password: "Yangguang#2021", confirmPassword: "Yangguang#2021" });
  const register = async (i: number, clientAddress: string) => {
    const request = await requestAs(null, "/register", { method: "POST", body: body(i) });
    try {
      return await registerAction({ request, params: {}, context: { clientAddress } });
    } catch (thrown) {
      return thrown;
    }
  };

  it("limits registrations per address (20 an hour), not for everybody", async () => {
    for (let i = 0; i < 20; i++) expect(await register(i, "203.0.113.8")).toBeInstanceOf(Response);
    expect(await register(20, "203.0.113.8")).toMatchObject({ init: { status: 429 }, data: { fieldErrors: { _form: "auth.registerTooMany" } } });
    expect(await register(21, "198.51.100.8")).toBeInstanceOf(Response);
    expect(await ctx.db.selectFrom("users").select("id").execute()).toHaveLength(21);
  });
});

describe("session secret", () => {
  it("never signs with a built-in constant: generates a random secret once, mode 600, and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-secret-"));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-secret-"));
    try {
      const first = loadSessionSecrets({}, dir);
      expect(first).toHaveLength(1);
      expect(first[0].length).toBeGreaterThanOrEqual(32);
      expect(first[0]).not.toBe("commonweal-dev-secret-change-me");
      expect(fs.statSync(path.join(dir, "session-secret")).mode & 0o777).toBe(0o600);
      expect(loadSessionSecrets({}, dir)).toEqual(first);
      expect(loadSessionSecrets({}, other)).not.toEqual(first);
      expect(loadSessionSecrets({ SESSION_SECRET: "new-one, old-one" }, dir)).toEqual(["new-one", "old-one"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("logout", () => {
  it("refuses a cross-site POST to /logout and keeps the session", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const cookie = (await requestAs(organizer.id, "/organizer")).headers.get("Cookie") ?? "";
    const forged = await callRoute(logoutAction, new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie, Origin: "https://evil.example" } }));
    expect(forged.status).toBe(403);
    expect((await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: cookie } }))).status).toBe(200);
  });
});
