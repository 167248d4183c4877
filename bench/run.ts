// `npm run bench`: seeds 10,000 passed, fully scored proposals into a throwaway SQLite file, then times
// the ranking service, publishNotice's write-lock hold, and staff pages rendered in-process (loader +
// React renderToString, CPU ms per request and HTML bytes) against a bare 100-row page in the same run.
// Loopback only; bounded to a few minutes. Output is the table pasted into docs/performance.md.
process.env.SESSION_SECRET ??= "bench-session-secret";
process.env.TZ ??= "UTC";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { migrateToLatest, openDatabase } from "../db/connection";
import { setDbForTests } from "../app/db.server";
import { openSession } from "../app/services/auth.server";
import { loadRanking } from "../app/services/ranking.server";
import { ensureRankingSnapshot } from "../app/services/ranking-snapshot.server";
import { publishNotice } from "../app/services/notices.server";
import * as rankingPage from "../app/routes/organizer.ranking";
import * as assignmentsPage from "../app/routes/organizer.assignments";
import * as reviewPage from "../app/routes/review._index";
import * as noticeDeskPage from "../app/routes/organizer.notices._index";
import * as noticePage from "../app/routes/notices.$id";
import http from "node:http";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { createUser } from "../tests/support/factories";
import { seedScoredCompetition } from "./seed-scored";

const N = Number(process.env.BENCH_PROPOSALS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commonweal-bench-"));
const db = openDatabase(`file:${path.join(dir, "bench.db")}`);
await migrateToLatest(db);
setDbForTests(db);

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
let t0 = performance.now();
const world = await seedScoredCompetition(db, N, "b");
console.log(`seeded ${N} passed proposals, ${N * 10} submitted scores in ${ms(t0)} ms`);

// the service: fresh ranking (median of 3), then the first stored snapshot
// wall time AND this process's CPU time: on a shared machine the wall time mostly measures the others
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  const c0 = process.cpuUsage();
  await loadRanking(db, world.competitionId);
  const c = process.cpuUsage(c0);
  times.push(ms(t0));
  cpuTimes.push(Math.round((c.user + c.system) / 100) / 10);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
t0 = performance.now();
await ensureRankingSnapshot(db, world.competitionId, new Date());
const storeMs = ms(t0);

// publishNotice: wall time between BEGIN IMMEDIATE and COMMIT
class LockTimer implements KyselyPlugin {
  began = 0;
  held = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const text = JSON.stringify(args.node);
    if (text.includes("begin immediate")) this.began = performance.now();
    if (text.includes('"commit"') && this.began) this.held += performance.now() - this.began;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
const timer = new LockTimer();
t0 = performance.now();
const published = await publishNotice(db.withPlugin(timer), { id: world.organizerId, role: "organizer" }, { competitionId: world.competitionId }, new Date("2021-07-05T02:00:00Z"));
const publishMs = ms(t0);
if (!published.ok) throw new Error(`publish failed: ${JSON.stringify(published)}`);

// pages, in-process: loader + render to HTML
type RouteModule = { loader?: (args: any) => unknown; default: (props: any) => any };
async function renderHtml(mod: RouteModule, url: string, cookie: string, params: Record<string, string> = {}) {
  const request = new Request(new URL(url, "http://localhost"), { headers: { Cookie: cookie } });
  const handler = createStaticHandler([{ id: "page", path: new URL(request.url).pathname, Component: mod.default, loader: (args) => mod.loader!({ ...args, params, context: {} }) as any }]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected from ${url}`);
  const html = renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }));
  // the loader data a Remix page also serializes into the HTML for hydration
  return html + JSON.stringify(context.loaderData);
}
async function render(mod: RouteModule, url: string, cookie: string, params: Record<string, string> = {}) {
  return (await renderHtml(mod, url, cookie, params)).length;
}
const rows100 = () => db.selectFrom("proposals").select(["id", "title", "requested_fen"]).orderBy("id").limit(100).execute();
function BareTable({ rows }: { rows: { id: number; title: string; requested_fen: number }[] }) {
  return createElement("table", null, createElement("tbody", null, rows.map((r) => createElement("tr", { key: r.id }, createElement("td", null, r.id), createElement("td", null, r.title), createElement("td", null, (r.requested_fen / 100).toFixed(2))))));
}
async function bareHtml() {
  const rows = await rows100();
  return renderToString(createElement(BareTable, { rows })) + JSON.stringify(rows);
}
async function bare() {
  return (await bareHtml()).length;
}
async function measure(fn: () => Promise<number>) {
  for (let i = 0; i < 5; i++) await fn(); // warm up
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) bytes = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: Math.round(((cpu.user + cpu.system) / 1000 / REQUESTS) * 100) / 100, bytes };
}
const cookie = (await openSession(db, world.organizerId)).split(";")[0];
const q = `?competition=${world.competitionId}`;
const reviewer = await createUser(db, "reviewer");
const reviewerCookie = (await openSession(db, reviewer.id)).split(";")[0];
const noticeEntries = (await db.selectFrom("notices").select("snapshot_json").where("id", "=", published.noticeId).executeTakeFirstOrThrow()).snapshot_json.match(/"proposalId"/g)?.length ?? 0;
const pages: [string, () => Promise<string>][] = [
  ["bare 100-row page (Kysely + renderToString)", bareHtml],
  [`/organizer/ranking (${N} proposals, page 1)`, () => renderHtml(rankingPage, `/organizer/ranking${q}`, cookie)],
  [`/organizer/assignments (${N} proposals, page 1)`, () => renderHtml(assignmentsPage, `/organizer/assignments${q}`, cookie)],
  [`/organizer/notices (${N} proposals, page 1)`, () => renderHtml(noticeDeskPage, `/organizer/notices${q}`, cookie)],
  [`/review?status=all (${N} proposals, page 1)`, () => renderHtml(reviewPage, `/review${q}&status=all`, reviewerCookie)],
  [`/notices/:id (${noticeEntries} entries, anonymous)`, () => renderHtml(noticePage, `/notices/${published.noticeId}`, "", { id: String(published.noticeId) })],
];
const results: [string, { cpuMs: number; bytes: number }][] = [
  ["bare 100-row page (Kysely + renderToString)", await measure(bare)],
  [`/organizer/ranking (${N} proposals, page 1)`, await measure(() => render(rankingPage, `/organizer/ranking${q}`, cookie))],
  [`/organizer/ranking?explain=<id>`, await measure(() => render(rankingPage, `/organizer/ranking${q}&explain=${world.proposalIds[1]}`, cookie))],
  [`/organizer/ranking?q=… (search)`, await measure(() => render(rankingPage, `/organizer/ranking${q}&q=${encodeURIComponent("项目 99")}`, cookie))],
  [`/organizer/assignments (${N} proposals, page 1)`, await measure(() => render(assignmentsPage, `/organizer/assignments${q}`, cookie))],
  [`/organizer/notices (${N} proposals, page 1)`, await measure(() => render(noticeDeskPage, `/organizer/notices${q}`, cookie))],
  [`/review?status=all (${N} proposals, page 1)`, await measure(() => render(reviewPage, `/review${q}&status=all`, reviewerCookie))],
  [`/notices/:id (${noticeEntries} entries, anonymous)`, await measure(() => render(noticePage, `/notices/${published.noticeId}`, "", { id: String(published.noticeId) }))],
];

// the same pages over loopback HTTP (one in-process server), p50/p99 latency at 10 and 50 connections
const server = http.createServer(async (req, res) => {
  const page = pages[Number(req.url?.slice(1)) || 0];
  try {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(await page[1]());
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;
const latency: string[] = ["| page | p50 / p99 ms at 10 connections | p50 / p99 ms at 50 connections | req/s at 50 |", "|---|---|---|---|"];
for (const [i, [name]] of pages.entries()) {
  const cells: string[] = [];
  let rps = 0;
  for (const connections of [10, 50]) {
    const r = await autocannon({ url: `http://127.0.0.1:${port}/${i}`, connections, duration: Number(process.env.BENCH_SECONDS ?? 4) });
    cells.push(`${r.latency.p50} / ${r.latency.p99}${r.errors || r.non2xx ? ` (${r.errors + r.non2xx} failed)` : ""}`);
    rps = r.requests.average;
  }
  latency.push(`| ${name} | ${cells[0]} | ${cells[1]} | ${rps} |`);
}
server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));

// client JavaScript a page loads (gzip), from the last \`remix build\` (public/build), if there is one
function clientJs(routeIds: string[]): number | null {
  const dir = path.join(process.cwd(), "public", "build");
  const manifestFile = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f)) : undefined;
  if (!manifestFile) return null;
  const text = fs.readFileSync(path.join(dir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports?: string[] };
    routes: Record<string, { module: string; imports?: string[] }>;
  };
  const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (const id of ["root", ...routeIds]) {
    const r = manifest.routes[id];
    if (r) for (const f of [r.module, ...(r.imports ?? [])]) files.add(f);
  }
  let total = 0;
  for (const f of files) total += zlib.gzipSync(fs.readFileSync(path.join(process.cwd(), "public", f))).length;
  return total;
}
const kb = (n: number | null) => (n === null ? "no build (run npx remix build first)" : `${(n / 1024).toFixed(1)} KB gzip`);
const base = results[0][1].cpuMs;
const lines = [
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${os.platform()} ${os.release()}, Node ${process.version}`,
  `loadRanking (fresh, ${N} proposals): median ${times[1]} ms wall (runs ${times.join(" / ")}); CPU median ${cpuTimes[1]} ms (${cpuTimes.join(" / ")})`,
  `stored ranking snapshot (compute + write ${N} rows): ${storeMs} ms`,
  `publishNotice: ${publishMs} ms in all, write lock held ${Math.round(timer.held * 10) / 10} ms`,
  "",
  "| page | CPU ms/request | × bare | HTML + loader JSON bytes |",
  "|---|---|---|---|",
  ...results.map(([name, r]) => `| ${name} | ${r.cpuMs} | ${(r.cpuMs / base).toFixed(2)}× | ${r.bytes.toLocaleString("en")} |`),
  "",
  ...latency,
  "",
  `client JS: public notice page ${kb(clientJs(["routes/notices.$id"]))}; form page (/register) ${kb(clientJs(["routes/register"]))}; entry + root alone ${kb(clientJs([]))}`,
];
console.log(lines.join("\n"));
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
