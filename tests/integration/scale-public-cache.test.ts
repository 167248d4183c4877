// Notice day: a published notice version is fixed, so readers who are not logged in get a page a
// CDN can keep, with a strong ETag that changes when anything on the page would (a correction
// supersedes it, the language changes), and a 304 without rendering when they already have it.
import handleRequest from "~/entry.server";
import * as noticePage from "~/routes/notices.$id";
import { publishNotice } from "~/services/notices.server";
import { documentEtag } from "~/utils/http-cache.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, requestAs } from "../support/factories";
import { createReviewedCompetition } from "../support/factories-notice";

const ctx = useFreshDatabase();
const at = (s: string) => new Date(`${s}:00+08:00`);

async function published() {
  const world = await createReviewedCompetition(ctx.db, { proposals: 3 });
  const organizer = { id: world.organizer.id, role: "organizer" as const };
  const first = await publishNotice(ctx.db, organizer, { competitionId: world.competition.id }, at("2021-07-05T10:00"));
  if (!first.ok) throw new Error(JSON.stringify(first));
  return { world, organizer, noticeId: first.noticeId };
}

const load = async (noticeId: number, init: { userId?: number; cookie?: string } = {}) => {
  const request = await requestAs(init.userId ?? null, `/notices/${noticeId}`, init.cookie ? { headers: { Cookie: init.cookie } } : {});
  return callRoute(noticePage.loader, request, { id: String(noticeId) });
};

describe("public notice caching", () => {
  it("gives anonymous readers a strong ETag and a Cache-Control a CDN may keep, the same on every request", async () => {
    const { noticeId } = await published();
    const a = await load(noticeId);
    const b = await load(noticeId);
    expect(a.status).toBe(200);
    const etag = a.headers.get("ETag");
    expect(etag).toMatch(/^"[^"]+"$/); // strong, quoted
    expect(b.headers.get("ETag")).toBe(etag);
    expect(a.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(a.headers.get("Vary")).toContain("Cookie");
  });

  it("changes the ETag of the old version when a correction supersedes it, and for another language", async () => {
    const { world, organizer, noticeId } = await published();
    const before = (await load(noticeId)).headers.get("ETag");
    expect((await load(noticeId, { cookie: "cw_lang=en" })).headers.get("ETag")).not.toBe(before);
    await ctx.db.updateTable("proposals").set({ status: "disqualified" }).where("id", "=", world.proposals[1].proposalId).execute();
    const second = await publishNotice(ctx.db, organizer, { competitionId: world.competition.id, note: "经调查，异议成立。" }, at("2021-07-08T10:00"));
    expect(second).toMatchObject({ ok: true, version: 2 });
    const after = await load(noticeId);
    expect(after.headers.get("ETag")).not.toBe(before);
    expect((await after.json()).window).toBe("superseded");
  });

  it("never marks a logged-in reader's page public (the layout shows who is logged in)", async () => {
    const { world, noticeId } = await published();
    const res = await load(noticeId, { userId: world.organizer.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBeNull();
    expect(res.headers.get("Cache-Control") ?? "").not.toContain("public");
  });

  it("answers 304 with only the validators when If-None-Match names the page, before rendering anything", async () => {
    const routeEtag = '"abc"';
    const root = { user: null, unread: 0, site: null, elder: false, locale: "zh-CN", demo: false };
    const full = documentEtag(routeEtag, "build-1", root)!;
    const headers = new Headers({ ETag: routeEtag, "Cache-Control": "public, max-age=60", Vary: "Cookie" });
    // a context with nothing to render: reaching the renderer would throw
    const context = { manifest: { version: "build-1" }, staticHandlerContext: { loaderData: { root } } } as never;
    const request = new Request("http://localhost/notices/1", { headers: { "If-None-Match": `W/"other", ${full}` } });
    const res = (await handleRequest(request, 200, headers, context)) as Response;
    expect(res.status).toBe(304);
    expect(res.headers.get("ETag")).toBe(full);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(res.headers.get("Content-Security-Policy")).toBeNull();
    expect(await res.text()).toBe("");
    // another build or other layout data (site contact, banners) is another ETag
    expect(documentEtag(routeEtag, "build-2", root)).not.toBe(full);
    expect(documentEtag(routeEtag, "build-1", { ...root, demo: true })).not.toBe(full);
  });
});
