// POST /preferences: switch 长者模式 or the language, then go back to the page the switch was on.
// A plain form post, so it works without JavaScript; the cookie is read by the root loader.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { ELDER_COOKIE, LOCALE_COOKIE, preferenceCookie, safeReturnPath } from "~/utils/preferences.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  if (Number(request.headers.get("content-length") ?? 0) > 4096) throw new Response("请求过大", { status: 413 });
  const form = await request.formData().catch(() => null);
  if (!form) throw new Response("请通过页面上的开关切换显示方式", { status: 400 });
  const headers = new Headers();
  const elder = form.get("elder");
  if (elder === "1" || elder === "0") headers.append("Set-Cookie", preferenceCookie(ELDER_COOKIE, elder));
  const lang = form.get("lang");
  if (lang === "en" || lang === "zh-CN") headers.append("Set-Cookie", preferenceCookie(LOCALE_COOKIE, lang));
  if (!headers.has("Set-Cookie")) throw new Response("未知的显示设置", { status: 400 });
  return redirect(safeReturnPath(form.get("redirectTo")), { headers });
}
