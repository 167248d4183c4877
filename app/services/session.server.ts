// The signed cookie session that carries who is logged in (remix-auth v4 keeps no session itself).
import { createCookieSessionStorage } from "@remix-run/node";

const DEV_SECRET = "commonweal-dev-secret-change-me";
const isProduction = process.env.NODE_ENV === "production";

function secrets(): string[] {
  const configured = process.env.SESSION_SECRET?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return configured;
  console.warn(
    "⚠ SESSION_SECRET 未设置，正在使用开发用默认密钥，切勿用于生产环境。" +
      " (SESSION_SECRET is not set: using the development default secret; never run production like this.)",
  );
  return [DEV_SECRET];
}

/** Sessions last a working day, not weeks: reviewers and organizers handle money and scores. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const sessionStorage = createCookieSessionStorage<{ userId: number; issuedAt: string }, { flash: string }>({
  cookie: {
    name: isProduction && process.env.INSECURE_COOKIES !== "1" ? "__Host-commonweal" : "commonweal_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isProduction && process.env.INSECURE_COOKIES !== "1",
    secrets: secrets(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  },
});

export async function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}
