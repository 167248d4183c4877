// Rehearsal mode (演练), decision 011: the organizer advances a rehearsal's clock and every service
// that judges a stage or deadline follows it; real competitions stay on real time.
import { loader as rehearsalLoader, action as rehearsalAction } from "~/routes/organizer.rehearsal";
import { generateAgreements } from "~/services/agreements.server";
import { loadNoticePage } from "~/services/notices.server";
import { listOpenCompetitions } from "~/services/proposals.server";
import { advanceRehearsalClock, createRehearsal } from "~/services/rehearsal.server";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { insertNotice } from "../support/factories-notice";
import { createApplicantWithProposal } from "../support/factories-registration";
import { submitProposal } from "~/services/proposals.server";

const t = useFreshDatabase();
const day = 24 * 60 * 60 * 1000;

async function rehearsal(now = new Date()) {
  const organizer = await createUser(t.db, "organizer");
  const created = await createRehearsal(t.db, organizer, { name: "培训" }, now);
  if (!created.ok) throw new Error(JSON.stringify(created));
  const competition = await t.db.selectFrom("competitions").selectAll().where("id", "=", created.competitionId).executeTakeFirstOrThrow();
  return { organizer, competition };
}

describe("advancing a rehearsal's clock", () => {
  it("refuses a real competition's clock whatever is posted, and changes nothing", async () => {
    const organizer = await createUser(t.db, "organizer");
    const { competition } = await createCompetition(t.db, { openRegistration: true });
    const refused = await advanceRehearsalClock(t.db, organizer, competition.id, { days: 30 }, new Date());
    expect(refused).toMatchObject({ ok: false, status: 409 });
    const after = await t.db.selectFrom("competitions").select("clock_offset_seconds").where("id", "=", competition.id).executeTakeFirstOrThrow();
    expect(Number(after.clock_offset_seconds)).toBe(0);
  });

  it("refuses anyone but an organizer, and nonsense steps", async () => {
    const { organizer, competition } = await rehearsal();
    const expert = await createUser(t.db, "expert");
    expect(await advanceRehearsalClock(t.db, expert, competition.id, { days: 3 }, new Date())).toMatchObject({ ok: false, status: 403 });
    for (const bad of [{ days: "0" }, { days: "-3" }, { days: "1.5" }, { to: "yesterday" }, {}, { days: "9999" }]) {
      expect(await advanceRehearsalClock(t.db, organizer, competition.id, bad, new Date())).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("never moves backwards and cannot end a notice period before a notice exists", async () => {
    const { organizer, competition } = await rehearsal();
    expect(await advanceRehearsalClock(t.db, organizer, competition.id, { to: "notice" }, new Date())).toMatchObject({ ok: false, status: 409 });
    expect((await advanceRehearsalClock(t.db, organizer, competition.id, { to: "review" }, new Date())).ok).toBe(true);
    expect(await advanceRehearsalClock(t.db, organizer, competition.id, { to: "registration" }, new Date())).toMatchObject({ ok: false, status: 409 });
  });

  it("is done from the organizer's rehearsal page, with an audit entry", async () => {
    const { organizer, competition } = await rehearsal();
    const response = await callRoute(rehearsalAction, await requestAs(organizer.id, "/organizer/rehearsal", { method: "POST", body: formBody({ intent: "advance", competitionId: String(competition.id), days: "3" }) }));
    expect(response.status).toBe(200);
    const page = await (await callRoute(rehearsalLoader, await requestAs(organizer.id, "/organizer/rehearsal"))).json();
    expect(Date.parse(page.rehearsals[0].clock) - Date.now()).toBeGreaterThan(3 * day - 60_000);
    const audit = await t.db.selectFrom("audit_log").select("action").where("action", "=", "competition.clockAdvanced").execute();
    expect(audit).toHaveLength(1);
  });
});

describe("services follow the rehearsal's clock", () => {
  it("closes registration in the rehearsal only, leaving a real competition with the same dates open", async () => {
    const now = new Date();
    const { organizer, competition } = await rehearsal(now);
    const { competition: real } = await createCompetition(t.db, { openRegistration: true, now });
    const draft = await createApplicantWithProposal(t.db, competition, { status: "draft", now });
    expect((await listOpenCompetitions(t.db, now)).map((c) => c.id).sort()).toEqual([competition.id, real.id].sort());

    expect((await advanceRehearsalClock(t.db, organizer, competition.id, { to: "registration" }, now)).ok).toBe(true);
    expect((await listOpenCompetitions(t.db, now)).map((c) => c.id)).toEqual([real.id]);
    const late = await submitProposal(t.db, { id: draft.applicantId, role: "applicant" }, draft.proposalId, undefined, now);
    expect(late).toMatchObject({ ok: false, status: 409 });
    const stored = await t.db.selectFrom("proposals").select("status").where("id", "=", draft.proposalId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("draft");
  });

  it("ends the objection window and allows agreements once the clock passes the notice period", async () => {
    const now = new Date();
    const { organizer, competition } = await rehearsal(now);
    const endsAt = new Date(now.getTime() + 40 * day).toISOString();
    const noticeId = await insertNotice(t.db, { competitionId: competition.id, publishedBy: organizer.id, publishedAt: now.toISOString(), periodEndsAt: endsAt });
    expect((await loadNoticePage(t.db, noticeId, now))?.window).toBe("open");
    expect(await generateAgreements(t.db, organizer, competition.id, now)).toMatchObject({ ok: false, status: 409 });

    expect((await advanceRehearsalClock(t.db, organizer, competition.id, { to: "notice" }, now)).ok).toBe(true);
    expect((await loadNoticePage(t.db, noticeId, now))?.window).toBe("closed");
    expect((await generateAgreements(t.db, organizer, competition.id, now)).ok).toBe(true);
  });
});
