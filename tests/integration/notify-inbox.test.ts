// 站内信 routes: each user reads and marks only their own messages; opening one follows its link; the
// header's unread count comes from the root loader.
import * as inbox from "~/routes/inbox._index";
import * as root from "~/root";
import { notifyWithin } from "~/services/notifications/outbox.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createUser, formBody, requestAs } from "../support/factories";

const ctx = useFreshDatabase();
const now = new Date("2021-05-10T02:00:00Z");

async function twoUsersWithMessages() {
  const a = await createUser(ctx.db, "applicant");
  const b = await createUser(ctx.db, "expert");
  await notifyWithin(ctx.db, { event: "proposal.returned", competitionId: null, now, to: [{ userId: a.id, params: { title: "甲项目", reasons: "缺少预算", deadline: "2021-05-20" }, link: "/applicant/proposals/3" }] });
  await notifyWithin(ctx.db, { event: "assignment.ready", competitionId: null, now, to: [{ userId: b.id, params: { competition: "大赛", count: 4 }, link: "/expert" }] });
  const [ma, mb] = await ctx.db.selectFrom("notifications").select("id").orderBy("id").execute();
  return { a, b, ma: ma.id, mb: mb.id };
}

describe("inbox", () => {
  it("lists only the asking user's messages", async () => {
    const { a, b } = await twoUsersWithMessages();
    const res = await callRoute(inbox.loader, await requestAs(a.id, "/inbox"));
    const body = (await res.json()) as { messages: { title: string }[] };
    expect(body.messages.map((m) => m.title)).toEqual(["您的项目“甲项目”需要补正"]);
    const resB = await callRoute(inbox.loader, await requestAs(b.id, "/inbox"));
    expect(((await resB.json()) as { messages: { title: string }[] }).messages.map((m) => m.title)).toEqual(["大赛：您有新的评审任务"]);
  });

  it("refuses to mark another user's message read (404) and leaves it unread", async () => {
    const { a, mb, b } = await twoUsersWithMessages();
    const res = await callRoute(inbox.action, await requestAs(a.id, "/inbox", { method: "POST", body: formBody({ intent: "read", id: String(mb) }) }));
    expect(res.status).toBe(404);
    const row = await ctx.db.selectFrom("notifications").select("read_at").where("id", "=", mb).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    const header = await callRoute(root.loader, await requestAs(b.id, "/"));
    expect(((await header.json()) as { unread: number }).unread).toBe(1);
  });

  it("opening a message marks it read and follows its link; the header count drops", async () => {
    const { a, ma } = await twoUsersWithMessages();
    const before = await callRoute(root.loader, await requestAs(a.id, "/"));
    expect(((await before.json()) as { unread: number }).unread).toBe(1);
    const res = await callRoute(inbox.action, await requestAs(a.id, "/inbox", { method: "POST", body: formBody({ intent: "open", id: String(ma) }) }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/applicant/proposals/3");
    const after = await callRoute(root.loader, await requestAs(a.id, "/"));
    expect(((await after.json()) as { unread: number }).unread).toBe(0);
    await callRoute(inbox.action, await requestAs(a.id, "/inbox", { method: "POST", body: formBody({ intent: "unread", id: String(ma) }) }));
    const again = await callRoute(root.loader, await requestAs(a.id, "/"));
    expect(((await again.json()) as { unread: number }).unread).toBe(1);
  });

  it("answers a hostile id with 404, not 500", async () => {
    const { a } = await twoUsersWithMessages();
    for (const id of ["1e309", "-1", "abc", "99999999999999999999"]) {
      const res = await callRoute(inbox.action, await requestAs(a.id, "/inbox", { method: "POST", body: formBody({ intent: "read", id }) }));
      expect(res.status).toBe(404);
    }
  });
});
