// The Express layer in front of Remix: who the client is, cross-site posts, and the headers every
// response carries. A stub stands in for the Remix handler, so no build is needed.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { RequestHandler } from "express";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { createHttpApp, getLoadContext, trustProxySetting } from "../../app/server/http.server";

const echo: RequestHandler = (req, res) => {
  if (req.path.endsWith("/download")) res.setHeader("Content-Disposition", 'attachment; filename="x.pdf"');
  res.json({ address: getLoadContext(req).clientAddress });
};

async function serve(trustProxy: string | undefined) {
  const app = createHttpApp({ remixHandler: echo, trustProxy: trustProxySetting(trustProxy), publicDir: "/nonexistent" });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const addressFor = async (base: string, headers: Record<string, string>) =>
  ((await (await fetch(`${base}/login`, { headers })).json()) as { address: string }).address;

describe("client address", () => {
  it("ignores X-Forwarded-For and X-Real-IP without TRUST_PROXY, so rotating them bypasses no limit", async () => {
    const { base, close } = await serve(undefined);
    try {
      expect(await addressFor(base, { "X-Real-IP": "6.6.6.6" })).toMatch(/127\.0\.0\.1$/);
      expect(await addressFor(base, { "X-Forwarded-For": "6.6.6.6" })).toMatch(/127\.0\.0\.1$/);
    } finally {
      await close();
    }
  });

  it("with TRUST_PROXY=1 trusts exactly one hop: a client-written X-Forwarded-For entry is not believed", async () => {
    const { base, close } = await serve("1");
    try {
      // the client sent "6.6.6.6"; our one proxy appended the peer it saw, 203.0.113.9
      expect(await addressFor(base, { "X-Forwarded-For": "6.6.6.6, 203.0.113.9" })).toBe("203.0.113.9");
      expect(await addressFor(base, { "X-Real-IP": "6.6.6.6", "X-Forwarded-For": "203.0.113.9" })).toBe("203.0.113.9");
    } finally {
      await close();
    }
  });

  it("with TRUST_PROXY=2 trusts two hops", async () => {
    const { base, close } = await serve("2");
    try {
      expect(await addressFor(base, { "X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.2" })).toBe("198.51.100.7");
    } finally {
      await close();
    }
  });
});

describe("cross-site posts", () => {
  const post = (base: string, path: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "a=1" });

  it("refuses a cross-site POST (including /logout) with 403, not 500", async () => {
    const { base, close } = await serve(undefined);
    try {
      expect((await post(base, "/logout", { Origin: "https://evil.example" })).status).toBe(403);
      expect((await post(base, "/login", { Origin: "null" })).status).toBe(403);
      expect((await post(base, "/logout", { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
      expect((await post(base, "/logout", { Origin: base })).status).toBe(200);
    } finally {
      await close();
    }
  });

  it("is not fooled by a client-sent X-Forwarded-Host naming the attacker's origin", async () => {
    const { base, close } = await serve(undefined);
    try {
      const res = await post(base, "/logout", { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" });
      expect(res.status).toBe(403);
    } finally {
      await close();
    }
  });
});

describe("response headers", () => {
  it("marks .data, export and download responses nosniff and private, no-store", async () => {
    const { base, close } = await serve(undefined);
    try {
      for (const path of ["/organizer.data", "/organizer/notices/1/export/xlsx", "/review/files/3", "/organizer/objections/attachments/2", "/x/download"]) {
        const res = await fetch(`${base}${path}`);
        expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
        expect(res.headers.get("cache-control"), path).toBe("private, no-store");
      }
    } finally {
      await close();
    }
  });

  it("sends nosniff, a referrer policy and refuses framing on every response", async () => {
    const { base, close } = await serve(undefined);
    try {
      const res = await fetch(`${base}/`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-powered-by")).toBeNull();
    } finally {
      await close();
    }
  });
});

describe("refused bodies", () => {
  // What Remix does with a body the action refuses: cancel the request stream, then answer 4xx.
  const refuseAfterCancel: RequestHandler = (req, res) => {
    const body = createReadableStreamFromReadable(req);
    const status = req.get("content-type")?.startsWith("application/x-www-form-urlencoded") ? 413 : 415;
    void body.cancel().catch(() => undefined);
    setTimeout(() => res.status(status).type("text/plain; charset=utf-8").send("请以表单提交"), 5);
  };

  async function serveRefusing() {
    const app = createHttpApp({ remixHandler: refuseAfterCancel, trustProxy: false, publicDir: "/nonexistent" });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it("answers a JSON body the app refuses with its 4xx message, not an empty reply", async () => {
    const { base, close } = await serveRefusing();
    try {
      const response = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a":1}' });
      expect(response.status).toBe(415);
      expect(await response.text()).toBe("请以表单提交");
    } finally {
      await close();
    }
  });

  it("answers a 20 MB form it refuses with 413, and the connection still serves the next request", async () => {
    const { base, close } = await serveRefusing();
    try {
      const huge = "a=" + "x".repeat(20 * 1024 * 1024);
      const response = await fetch(`${base}/register`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: huge });
      expect(response.status).toBe(413);
      expect(await response.text()).toBe("请以表单提交");
      const next = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" });
      expect(next.status).toBe(415);
    } finally {
      await close();
    }
  });
});
