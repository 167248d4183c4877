// The real server (server.ts, as `npm start` runs it) against attacks that need no browser:
// cross-site posts, replayed cookies, spoofed client addresses, and the headers of private responses.
import { DEMO_PASSWORD } from "../../seeds/changan-2021";
import { baseURL as base } from "./browser";

let baseURL = "";
beforeAll(() => {
  baseURL = base();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function loginCookie(username: string): Promise<string> {
  const res = await fetch(`${baseURL}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL },
    body: form({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

describe("the running server", () => {
  it("answers a cross-site POST with 403 (not 500), and /logout keeps the session", async () => {
    const cookie = await loginCookie("reviewer");
    const forged = await fetch(`${baseURL}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    expect(forged.status).toBe(403);
    const page = await fetch(`${baseURL}/review`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
  });

  it("refuses a cookie replayed after logout", async () => {
    const cookie = await loginCookie("sponsor");
    const out = await fetch(`${baseURL}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: baseURL, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    expect(out.status).toBe(302);
    const replay = await fetch(`${baseURL}/sponsor`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("marks .data and export responses nosniff and private, no-store", async () => {
    const cookie = await loginCookie("organizer");
    for (const path of ["/organizer.data", "/_root.data"]) {
      const res = await fetch(`${baseURL}${path}`, { headers: { Cookie: cookie } });
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("answers a JSON body, a text body and a 20 MB form on public forms with a Chinese 4xx, never an empty reply", async () => {
    const post = (path: string, type: string, body: string) =>
      fetch(`${baseURL}${path}`, { method: "POST", redirect: "manual", headers: { "Content-Type": type, Origin: baseURL }, body });
    for (const path of ["/login", "/register"]) {
      const json = await post(path, "application/json", '{"username":"organizer"}');
      expect(json.status, path).toBe(415);
      expect(await json.text(), path).toMatch(/[\u4e00-\u9fff]/);
      expect((await post(path, "text/plain", "username=organizer")).status, path).toBe(415);
    }
    const huge = await post("/register", "application/x-www-form-urlencoded", "a=" + "x".repeat(20 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/[\u4e00-\u9fff]/);
    expect((await fetch(`${baseURL}/`)).status).toBe(200);
  });

  it("sends the security headers and shows the 演示数据 banner while demo accounts exist", async () => {
    const res = await fetch(`${baseURL}/`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain("演示数据");
  });

  it("does not key limits on a client-chosen X-Real-IP: rotating it does not reset the backoff", async () => {
    const attempt = (i: number) =>
      fetch(`${baseURL}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL, "X-Real-IP": `10.9.8.${i}`, "X-Forwarded-For": `10.7.6.${i}` },
        body: form({ username: "e2e-nobody", password: `wrong-${i}` }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(i)).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[6]).toBe(429);
  });
});
