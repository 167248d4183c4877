import { action as loginAction } from "~/routes/login";
import { loader as organizerHome } from "~/routes/organizer._index";
import { loader as applicantHome } from "~/routes/applicant._index";
import { action as registerAction } from "~/routes/register";
import { verifyAuditLog } from "~/services/audit.server";
import { openSession } from "~/services/auth.server";
import { useFreshDatabase } from "../support/db";
import { TEST_PASSWORD, callRoute, createUser, formBody, requestAs } from "../support/factories";

const ctx = useFreshDatabase();

describe("roles and the session guard", () => {
  it("gives an applicant 403 on an organizer page, not the page", async () => {
    const applicant = await createUser(ctx.db, "applicant");
    const response = await callRoute(organizerHome, await requestAs(applicant.id, "/organizer"));
    expect(response.status).toBe(403);
  });

  it("sends an anonymous visitor to the login page", async () => {
    const response = await callRoute(organizerHome, await requestAs(null, "/organizer"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Forganizer");
  });

  it("treats a session older than eight hours as logged out", async () => {
    const organizer = await createUser(ctx.db, "organizer");
    const cookie = (await openSession(ctx.db, organizer.id, new Date(Date.now() - 8 * 60 * 60 * 1000 - 1000))).split(";")[0];
    const response = await callRoute(organizerHome, new Request("http://localhost/organizer", { headers: { Cookie: cookie } }));
    expect(response.status).toBe(302);
  });

  it("lets each role open its own home", async () => {
    const organizer = await createUser(ctx.db, "organizer", { display_name: "组委会" });
    const response = await callRoute(organizerHome, await requestAs(organizer.id, "/organizer"));
    expect(response.status).toBe(200);
    expect((await response.json()).displayName).toBe("组委会");
  });
});

describe("login", () => {
  it("logs in with the right password and sets an httpOnly SameSite=Lax cookie", async () => {
    const user = await createUser(ctx.db, "reviewer", { username: "wangmin" });
    const request = await requestAs(null, "/login", { method: "POST", body: formBody({ username: "wangmin", password: TEST_PASSWORD }) });
    const response = await callRoute(loginAction, request);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/review");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(user.role).toBe("reviewer");
  });

  it("refuses a wrong password with a Chinese message", async () => {
    await createUser(ctx.db, "expert", { username: "li" });
    const request = await requestAs(null, "/login", { method: "POST", body: formBody({ username: "li", password: "wrong-password" }) });
    const response = await callRoute(loginAction, request);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "auth.invalidCredentials" });
  });

  it("makes one address wait after repeated failures on one account, even with the right password", async () => {
    await createUser(ctx.db, "organizer", { username: "target" });
    for (let i = 0; i < 10; i++) {
      await callRoute(loginAction, await requestAs(null, "/login", { method: "POST", body: formBody({ username: "target", password: `guess-${i}` }) }));
    }
    const response = await callRoute(
      loginAction,
      await requestAs(null, "/login", { method: "POST", body: formBody({ username: "target", password: TEST_PASSWORD }) }),
    );
    expect(response.status).toBe(429);
  });

  it("does not redirect to another site after login", async () => {
    await createUser(ctx.db, "sponsor", { username: "corp" });
    const request = await requestAs(null, "/login", {
      method: "POST",
      body: formBody({ username: "corp", password: TEST_PASSWORD, redirectTo: "//evil.example" }),
    });
    const response = await callRoute(loginAction, request);
    expect(response.headers.get("Location")).toBe("/sponsor");
  });
});

describe("applicant self-registration", () => {
  const valid = { username: "sunshine", displayName: "阳光社工服务中心", mobile: "13912345678", password: "Yangguang#2021", confirmPassword: "Yangguang#2021" };

  it("creates an applicant, logs it in and records an audit entry", async () => {
    const response = await callRoute(registerAction, await requestAs(null, "/register", { method: "POST", body: formBody(valid) }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/applicant");
    const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", "sunshine").executeTakeFirstOrThrow();
    expect(user.role).toBe("applicant");
    expect(user.password_hash).not.toContain("Yangguang");
    expect((await verifyAuditLog(ctx.db)).rows).toBe(1);
    const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0];
    const home = await callRoute(applicantHome, new Request("http://localhost/applicant", { headers: { Cookie: cookie } }));
    expect(home.status).toBe(200);
  });

  it("answers bad input with 400, a message per field and what was typed (never the passwords), storing nothing", async () => {
    const response = await callRoute(
      registerAction,
      await requestAs(null, "/register", { method: "POST", body: formBody({ ...valid, mobile: "12345", confirmPassword: "other" }) }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      fieldErrors: { mobile: "validation.mobileInvalid", confirmPassword: "auth.passwordMismatch" },
      values: { username: valid.username, displayName: valid.displayName, mobile: "12345" },
    });
    expect(await ctx.db.selectFrom("users").select("id").execute()).toEqual([]);
  });

  it("refuses a username that is taken", async () => {
    await createUser(ctx.db, "applicant", { username: "sunshine" });
    const response = await callRoute(registerAction, await requestAs(null, "/register", { method: "POST", body: formBody(valid) }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ fieldErrors: { username: "auth.usernameTaken" }, values: { username: "sunshine", displayName: valid.displayName, mobile: valid.mobile } });
  });
});
