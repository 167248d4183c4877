// Log out (POST only: a GET must never change state). The session ends on the server too.
// Cross-site posts are refused by server.ts; the route refuses them as well, wherever it is mounted.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/services/auth.server";

function crossSite(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  try {
    return origin === "null" || new URL(origin).host !== new URL(request.url).host;
  } catch {
    return true;
  }
}

export const action = ({ request }: ActionFunctionArgs) => {
  if (crossSite(request)) throw new Response("跨站提交已被拒绝", { status: 403 });
  return logout(request);
};
export const loader = () => redirect("/");
