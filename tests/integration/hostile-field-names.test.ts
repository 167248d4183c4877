// Anonymous posts of prototype-walking field names to the public forms (invite, register, objection):
// each is refused with a 400 and a Chinese message, Object.prototype stays untouched, and the next
// page still answers 200 without the planted value.
import * as invite from "../../app/routes/invite.$token";
import * as register from "../../app/routes/register";
import * as objection from "../../app/routes/notices.$id_.objection";
import * as transparency from "../../app/routes/transparency";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";

useFreshDatabase();

const ATTACKS = ["constructor.prototype.toString", "__proto__.displayName", "budget.__proto__.x", "a.constructor.prototype.valueOf"];

function urlencoded(name: string, value: string) {
  return { method: "POST", body: `${encodeURIComponent(name)}=${encodeURIComponent(value)}`, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

function multipart(name: string, value: string) {
  const fd = new FormData();
  fd.append(name, value);
  fd.append("name", "张三");
  return { method: "POST", body: fd };
}

const FORMS: { name: string; mod: { action: (args: any) => unknown }; url: string; params: Record<string, string> }[] = [
  { name: "invite", mod: invite, url: "/invite/abc", params: { token: "abc" } },
  { name: "register", mod: register, url: "/register", params: {} },
  { name: "objection", mod: objection, url: "/notices/1/objection", params: { id: "1" } },
];

describe("prototype pollution through form field names", () => {
  const originalToString = Object.prototype.toString;
  afterEach(() => {
    expect(Object.prototype.toString).toBe(originalToString);
    expect(({} as { displayName?: unknown }).displayName).toBeUndefined();
  });

  it.each(FORMS.map((f) => [f.name, f] as const))("refuses the anonymous %s POST of constructor.prototype.toString=x with 400; the next page answers 200", async (_n, form) => {
    for (const attack of ATTACKS) {
      for (const init of [urlencoded(attack, "x"), multipart(attack, "x")]) {
        const response = await callRoute(form.mod.action, await requestAs(null, form.url, init), form.params);
        expect(response.status, `${attack} on ${form.name}`).toBe(400);
        expect(await response.text()).toMatch(/字段名不合法/);
      }
    }
    expect(String({})).toBe("[object Object]");
    const next = await callRoute(transparency.loader, await requestAs(null, "/transparency"));
    expect(next.status).toBe(200);
    expect(JSON.stringify(await next.json())).not.toContain('"displayName":"X"');
  });

  it("does not let __proto__.displayName reach another request's objects", async () => {
    await callRoute(register.action, await requestAs(null, "/register", urlencoded("__proto__.displayName", "X")));
    const later = await callRoute(register.action, await requestAs(null, "/register", urlencoded("username", "someone")));
    expect(later.status).toBe(400);
    const body = (await later.json()) as { fieldErrors: Record<string, string> };
    expect(Object.keys(body.fieldErrors)).not.toContain("displayName_X");
    expect(({} as { displayName?: string }).displayName).toBeUndefined();
  });
});
