// POST /preferences: switch 长者模式 or the language, then go back to the page the switch was on.
// A plain form post, so it works without JavaScript; the cookie is read by the root loader.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { ELDER_COOKIE, LOCALE_COOKIE, preferenceCookie, safeReturnPath } from "~/utils/preferences.server";
import { readForm } from "~/utils/request-body.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, { maxBytes: 4096 });
  const headers = new Headers();
  const elder = form.get("elder");
  if (elder === "1" || elder === "0") headers.append("Set-Cookie", preferenceCookie(ELDER_COOKIE, elder));
  const lang = form.get("lang");
  if (lang === "en" || lang === "zh-CN") headers.append("Set-Cookie", preferenceCookie(LOCALE_COOKIE, lang));
  if (!headers.has("Set-Cookie")) throw new Response("未知的显示设置", { status: 400 });
  return redirect(safeReturnPath(form.get("redirectTo")), { headers });
}
