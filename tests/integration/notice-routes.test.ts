// The notice-area pages: public without login, organizer-only desks, applicants see only their own agreement.
import { loader as agreementAdminLoader } from "~/routes/organizer.agreements.$id";
import { action as applicantSignAction, loader as applicantAgreementLoader } from "~/routes/applicant.agreements.$id";
import { loader as noticeLoader } from "~/routes/notices.$id";
import { loader as noticesLoader } from "~/routes/notices._index";
import { loader as objectionsAdminLoader } from "~/routes/organizer.objections._index";
import { generateAgreements } from "~/services/agreements.server";
import { useFreshDatabase } from "../support/db";
import { TEST_PASSWORD, callRoute, createUser, formBody, requestAs } from "../support/factories";
import { createReviewedCompetition, insertNotice } from "../support/factories-notice";

const ctx = useFreshDatabase();

async function world() {
  const w = await createReviewedCompetition(ctx.db, { proposals: 2 });
  const rows = w.proposals.map((p) => ({ proposalId: p.proposalId, approvedFen: 5_000_000 }));
  const v1 = await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, rows });
  const v2 = await insertNotice(ctx.db, { competitionId: w.competition.id, publishedBy: w.organizer.id, rows: rows.slice(0, 1), version: 2, supersedesId: v1, publishedAt: "2021-07-06T02:00:00.000Z" });
  return { ...w, v1, v2 };
}

describe("public notice pages", () => {
  it("lists only the latest version of each competition's notice, without login", async () => {
    const w = await world();
    const response = await callRoute(noticesLoader, await requestAs(null, "/notices"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.notices.map((n: { id: number }) => n.id)).toEqual([w.v2]);
  });

  it("shows a notice version with its rows, versions and window, without login", async () => {
    const w = await world();
    const response = await callRoute(noticeLoader, await requestAs(null, `/notices/${w.v1}`), { id: String(w.v1) });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.window).toBe("superseded");
    expect(body.latestId).toBe(w.v2);
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(body.snapshot.rows).toHaveLength(2);
  });

  it("answers 404 for a notice that does not exist", async () => {
    const response = await callRoute(noticeLoader, await requestAs(null, "/notices/999"), { id: "999" });
    expect(response.status).toBe(404);
  });
});

describe("access to organizer and applicant pages", () => {
  it("sends the public to login and gives an applicant 403 on organizer desks", async () => {
    const applicant = await createUser(ctx.db, "applicant");
    const anonymous = await callRoute(objectionsAdminLoader, await requestAs(null, "/organizer/objections"));
    expect(anonymous.status).toBe(302);
    const forbidden = await callRoute(objectionsAdminLoader, await requestAs(applicant.id, "/organizer/objections"));
    expect(forbidden.status).toBe(403);
  });

  it("shows an applicant its own agreement, 404 for another's, and lets it sign with its password", async () => {
    const w = await world();
    await generateAgreements(ctx.db, { id: w.organizer.id, role: "organizer" }, w.competition.id, new Date("2021-07-13T02:00:00Z"));
    const agreement = await ctx.db.selectFrom("agreements").selectAll().where("proposal_id", "=", w.proposals[0].proposalId).executeTakeFirstOrThrow();
    const mine = await callRoute(applicantAgreementLoader, await requestAs(w.proposals[0].applicantId, `/applicant/agreements/${agreement.id}`), { id: String(agreement.id) });
    expect(mine.status).toBe(200);
    expect((await mine.json()).agreement.text_sha256).toBe(agreement.text_sha256);
    const theirs = await callRoute(applicantAgreementLoader, await requestAs(w.proposals[1].applicantId, `/applicant/agreements/${agreement.id}`), { id: String(agreement.id) });
    expect(theirs.status).toBe(404);
    const organizerView = await callRoute(agreementAdminLoader, await requestAs(w.organizer.id, `/organizer/agreements/${agreement.id}`), { id: String(agreement.id) });
    expect(organizerView.status).toBe(200);

    // the action signs at the real clock: keep signing open (signing_ends_at is enforced since issue 11)
    await ctx.db.updateTable("competitions").set({ signing_ends_at: "2100-12-31T15:59:59.999Z", implementation_ends_at: "2101-12-31T15:59:59.999Z" }).where("id", "=", w.competition.id).execute();
    const wrong = await callRoute(
      applicantSignAction,
      await requestAs(w.proposals[0].applicantId, `/applicant/agreements/${agreement.id}`, { method: "POST", body: formBody({ password: "nope", textSha256: agreement.text_sha256, confirm: "yes" }) }),
      { id: String(agreement.id) },
    );
    expect(wrong.status).toBe(400);
    const signed = await callRoute(
      applicantSignAction,
      await requestAs(w.proposals[0].applicantId, `/applicant/agreements/${agreement.id}`, { method: "POST", body: formBody({ password: TEST_PASSWORD, textSha256: agreement.text_sha256, confirm: "yes" }) }),
      { id: String(agreement.id) },
    );
    expect(signed.status).toBe(200);
    const row = await ctx.db.selectFrom("agreements").select(["status", "org_signed_by"]).where("id", "=", agreement.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "org_signed", org_signed_by: w.proposals[0].applicantId });
  });
});
