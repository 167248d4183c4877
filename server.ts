// The production server: Express around the Remix build (as the Epic Stack does), so loaders see the
// real client address. `npm start` builds, migrates/seeds (db:setup), then runs this with tsx.
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createHttpApp, getLoadContext, trustProxySetting } from "./app/server/http.server";
import type { BackgroundJobs } from "./app/services/background.server";

process.env.NODE_ENV ??= "production";

type CommonwealBuild = ServerBuild & {
  entry: { module: ServerBuild["entry"]["module"] & { startBackgroundJobs?: () => BackgroundJobs; closeResources?: () => Promise<void> } };
};

const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as CommonwealBuild;

const app = createHttpApp({
  remixHandler: createRequestHandler({ build, getLoadContext, mode: process.env.NODE_ENV }),
  trustProxy: trustProxySetting(process.env.TRUST_PROXY),
  publicDir: path.resolve(path.dirname(buildPath), "../public"),
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = createServer(app);
server.listen(port, host, () => {
  console.log(`Commonweal 已启动 http://${host === "0.0.0.0" ? "localhost" : host}:${port} (NODE_ENV=${process.env.NODE_ENV})`);
});

// Started through the build so the jobs share the app's database handle.
const jobs = build.entry.module.startBackgroundJobs?.();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: 正在停止 (shutting down)`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await jobs?.stop();
  await build.entry.module.closeResources?.();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
