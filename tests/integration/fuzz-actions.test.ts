/// <reference types="vite/client" />
// Every route action, posted hostile field names (__proto__, constructor.prototype.x, huge row numbers,
// 10,000 fields), hostile bodies (JSON, text/plain, broken multipart, a wrong boundary, binary, an endless
// chunked stream) and random dotted names: never a 5xx, never a thrown error, and a refused request
// changes no table's row count. The route list is checked against the directory, so a new action is
// fuzzed the day it lands.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import type { Role } from "../../db/schema";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, requestAs } from "../support/factories";

type RouteModule = { action?: (args: any) => unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });

const ROLE_BY_PREFIX: Record<string, Role> = { organizer: "organizer", review: "reviewer", expert: "expert", applicant: "applicant", sponsor: "sponsor" };
/** Public forms are attacked anonymously; pages for any signed-in user, as an applicant. */
const PUBLIC = [/^login$/, /^logout$/, /^register$/, /^notices[._]/, /^invite[._]/, /^preferences$/, /^competitions[._]/];
/** Writes a refused request may legitimately make: counting failed logins is the point of a rate limit. */
const COUNTERS = new Set(["rate_limits", "login_addresses", "kysely_migration", "kysely_migration_lock"]);

const actions = Object.entries(modules)
  .filter(([, mod]) => typeof mod.action === "function")
  .map(([file, mod]) => {
    const id = file.split("/").pop()!.replace(/\.tsx$/, "");
    const url = "/" + id.split(".").filter((s) => s !== "_index").map((s) => (s.startsWith("$") ? "1" : s.replace(/_$/, ""))).join("/");
    const params = Object.fromEntries(id.split(".").filter((s) => s.startsWith("$")).map((s) => [s.slice(1), "1"]));
    const role: Role | null = PUBLIC.some((re) => re.test(id)) ? null : ROLE_BY_PREFIX[id.split(".")[0]] ?? "applicant";
    return { id, url, params, role, action: mod.action! };
  });

const enc = (s: string) => new TextEncoder().encode(s);
const urlencoded = (body: string) => ({ body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });

/** A stream that would send `total` bytes in chunks, without a content-length. */
function endless(total: number) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= total) return c.close();
      sent += 65_536;
      c.enqueue(new Uint8Array(65_536).fill(0x61));
    },
  });
}

const HOSTILE: { name: string; init: () => RequestInit }[] = [
  { name: "__proto__ field", init: () => urlencoded("__proto__.displayName=X&intent=save") },
  { name: "constructor.prototype field", init: () => urlencoded("constructor.prototype.toString=x") },
  { name: "prototype in a row", init: () => urlencoded("rows.0.prototype.x=1&budget.__proto__.amount=1") },
  { name: "huge row number", init: () => urlencoded("rows.99999999.x=1&budget.4294967295.amount=1") },
  { name: "deep path", init: () => urlencoded(`${Array.from({ length: 40 }, () => "a").join(".")}=1`) },
  { name: "value and group at once", init: () => urlencoded("title=a&title.x=b") },
  { name: "10,000 fields", init: () => urlencoded(Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join("&")) },
  { name: "JSON body", init: () => ({ body: JSON.stringify({ __proto__: { x: 1 }, title: "x" }), headers: { "Content-Type": "application/json" } }) },
  { name: "text/plain body", init: () => ({ body: "title=x\r\nintent=submit", headers: { "Content-Type": "text/plain" } }) },
  { name: "broken multipart", init: () => ({ body: "--B\r\nContent-Disposition: form-da", headers: { "Content-Type": "multipart/form-data; boundary=B" } }) },
  { name: "multipart with a wrong boundary", init: () => ({ body: '--A\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmit\r\n--A--\r\n', headers: { "Content-Type": "multipart/form-data; boundary=Z" } }) },
  { name: "multipart without boundary", init: () => ({ body: "x", headers: { "Content-Type": "multipart/form-data" } }) },
  { name: "multipart hostile name", init: () => ({ body: '--B\r\nContent-Disposition: form-data; name="__proto__.x"\r\n\r\n1\r\n--B--\r\n', headers: { "Content-Type": "multipart/form-data; boundary=B" } }) },
  { name: "binary body", init: () => ({ body: new Uint8Array([0, 255, 1, 254, 0x89, 0x50, 0x4e, 0x47]), headers: { "Content-Type": "application/octet-stream" } }) },
  { name: "invalid UTF-8 form", init: () => ({ body: new Uint8Array([...enc("title="), 0xff, 0xfe, 0xc0, ...enc("&intent=submit")]), headers: { "Content-Type": "application/x-www-form-urlencoded" } }) },
  { name: "declared 50 MB", init: () => ({ body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * 1024 * 1024) } }) },
  { name: "chunked 120 MB stream", init: () => ({ body: endless(120 * 1024 * 1024), headers: { "Content-Type": "application/x-www-form-urlencoded" }, duplex: "half" }) as RequestInit },
  { name: "chunked 120 MB multipart", init: () => ({ body: endless(120 * 1024 * 1024), headers: { "Content-Type": "multipart/form-data; boundary=B" }, duplex: "half" }) as RequestInit },
  { name: "empty body", init: () => ({}) },
];

const ctx = useFreshDatabase();

async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await ctx.db.introspection.getTables()).map((t) => t.name).filter((n) => !COUNTERS.has(n));
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const row = await (ctx.db as any).selectFrom(name).select((eb: any) => eb.fn.countAll().as("n")).executeTakeFirst();
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

async function post(route: (typeof actions)[number], userId: number | null, init: RequestInit, label: string) {
  const request = await requestAs(userId, route.url, { method: "POST", ...init, headers: { "X-Real-IP": "203.0.113.7", ...(init.headers as Record<string, string>) } });
  const before = await rowCounts();
  let response: Response;
  try {
    response = await callRoute(route.action, request, route.params);
  } catch (error) {
    throw new Error(`${route.id} threw on ${label}: ${String((error as Error)?.stack ?? error)}`);
  }
  expect(response.status, `${route.id} answered ${response.status} to ${label}`).toBeLessThan(500);
  if (response.status >= 400) expect(await rowCounts(), `${route.id} changed rows on a refused ${label}`).toEqual(before);
  return response;
}

describe("fuzzing every action", () => {
  it("covers every route module in app/routes that exports an action", () => {
    const dir = path.resolve(__dirname, "../../app/routes");
    const withAction = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".tsx") && /export\s+(async\s+function|const|function)\s+action\b/.test(fs.readFileSync(path.join(dir, f), "utf8")))
      .map((f) => f.replace(/\.tsx$/, ""))
      .sort();
    expect(actions.map((a) => a.id).sort()).toEqual(withAction);
    expect(actions.length).toBeGreaterThan(20);
  });

  it("finds no route that reads its body around the bounded reader", () => {
    const dir = path.resolve(__dirname, "../../app/routes");
    for (const f of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, f), "utf8");
      expect(source, `${f} reads the body with request.formData()/json()/text()`).not.toMatch(/request(\.clone\(\))?\.(formData|json|text|arrayBuffer)\(\)|unstable_parseMultipartFormData/);
    }
  });

  it.each(actions.map((a) => [a.id, a] as const))("%s: hostile names, bodies and sizes get a 4xx, never a 5xx, and write nothing", async (_id, route) => {
    const userId = route.role ? (await createUser(ctx.db, route.role)).id : null;
    const original = Object.prototype.toString;
    for (const payload of HOSTILE) {
      const response = await post(route, userId, payload.init(), payload.name);
      if (/proto|constructor|huge|10,000|deep|JSON|text\/plain|binary|50 MB|120 MB|without boundary|hostile name/.test(payload.name)) {
        expect(response.status, `${route.id}: ${payload.name}`).toBeGreaterThanOrEqual(300);
      }
    }
    expect(Object.prototype.toString).toBe(original);
    expect(({} as Record<string, unknown>).displayName).toBeUndefined();
  });

  it("random dotted field names from hostile segments never reach a 5xx on the public forms", async () => {
    const segment = fc.oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "0", "99999999", "-1", "", "1e9", "hasOwnProperty", "length"),
      fc.string({ maxLength: 6 }),
    );
    const field = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join(".")), fc.string({ maxLength: 12 }));
    const publicForms = actions.filter((a) => a.role === null && !/^logout$/.test(a.id));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...publicForms), fc.array(field, { maxLength: 8 }), async (route, fields) => {
        const body = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
        await post(route, null, urlencoded(body), `random fields ${JSON.stringify(fields)}`);
        expect(String({})).toBe("[object Object]");
      }),
      { numRuns: 60 },
    );
  });
});
