/// <reference types="vite/client" />
// Every route module, every loader and action: anonymous visitors and users of other roles are
// turned away before anything is read or written. New routes are covered automatically.
import type { Role } from "../../db/schema";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, formBody, requestAs } from "../support/factories";

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });

/** Pages anyone may open: the home page, login, registration, public notices, transparency, invitations,
 * the 长者模式/language switch (a cookie, no data), and each competition's public pages and the archive. */
const PUBLIC = [/^_index$/, /^login$/, /^logout$/, /^register$/, /^notices[._]/, /^transparency/, /^invite[._]/, /^preferences$/, /^competitions[._]/];
const ROLE_BY_PREFIX: Record<string, Role> = {
  organizer: "organizer",
  review: "reviewer",
  expert: "expert",
  applicant: "applicant",
  sponsor: "sponsor",
};
const ROLES: Role[] = ["organizer", "reviewer", "expert", "applicant", "sponsor"];

const routes = Object.entries(modules).map(([file, mod]) => {
  const id = file.split("/").pop()!.replace(/\.tsx$/, "");
  const path = "/" + id.split(".").filter((s) => s !== "_index").map((s) => (s.startsWith("$") ? "1" : s.replace(/_$/, ""))).join("/");
  const params = Object.fromEntries(id.split(".").filter((s) => s.startsWith("$")).map((s) => [s.slice(1), "1"]));
  return { id, path, params, mod, role: ROLE_BY_PREFIX[id.split(".")[0]] as Role | undefined };
});
const protectedRoutes = routes.filter((r) => !PUBLIC.some((re) => re.test(r.id)));

const ctx = useFreshDatabase();

async function usersByRole() {
  const users = {} as Record<Role, number>;
  for (const role of ROLES) users[role] = (await createUser(ctx.db, role)).id;
  return users;
}

function handlers(route: (typeof routes)[number]) {
  return (["loader", "action"] as const).filter((kind) => typeof route.mod[kind] === "function");
}

const init = (kind: "loader" | "action"): RequestInit => (kind === "action" ? { method: "POST", body: formBody({}) } : {});

describe("authorization matrix", () => {
  it("finds the route modules", () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(protectedRoutes.length).toBeGreaterThan(5);
  });

  it.each(protectedRoutes.map((r) => [r.id, r] as const))("%s sends anonymous visitors to the login page", async (_id, route) => {
    for (const kind of handlers(route)) {
      const response = await callRoute(route.mod[kind]!, await requestAs(null, route.path, init(kind)), route.params);
      expect([302, 401, 403, 404], `${kind} of ${route.id} answered ${response.status}`).toContain(response.status);
      if (response.status === 302) expect(response.headers.get("Location")).toMatch(/^\/login/);
    }
  });

  const roleRoutes = protectedRoutes.filter((r) => r.role);
  it.each(roleRoutes.map((r) => [r.id, r] as const))("%s refuses every other role", async (_id, route) => {
    const users = await usersByRole();
    for (const role of ROLES.filter((r) => r !== route.role)) {
      for (const kind of handlers(route)) {
        const response = await callRoute(route.mod[kind]!, await requestAs(users[role], route.path, init(kind)), route.params);
        expect([403, 404], `${kind} of ${route.id} as ${role} answered ${response.status}`).toContain(response.status);
      }
    }
  });
});
