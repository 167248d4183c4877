// The demo notice history: published in July 2021, one dismissed objection, agreements signed in late July.
// The review demo seed ranks the proposals, so seedDemo itself publishes the notice (no stand-in data needed).
import { seedDemo } from "../../seeds/demo";
import { useFreshDatabase } from "../support/db";

const ctx = useFreshDatabase();

describe("demo notice seed", () => {
  it("publishes the Chang'an shortlist in July 2021, dismisses one objection and signs every agreement in late July", async () => {
    await seedDemo(ctx.db, new Date("2021-04-12T00:00:00Z"));
    const competition = await ctx.db.selectFrom("competitions").select("id").where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
    const applicant = await ctx.db.selectFrom("users").select("id").where("username", "=", "applicant").executeTakeFirstOrThrow();
    const notices = await ctx.db.selectFrom("notices").selectAll().where("competition_id", "=", competition.id).execute();
    expect(notices).toHaveLength(1);
    expect(notices[0].published_at.startsWith("2021-07")).toBe(true);
    const objections = await ctx.db
      .selectFrom("objections")
      .innerJoin("proposals", "proposals.id", "objections.proposal_id")
      .innerJoin("organizations", "organizations.id", "proposals.organization_id")
      .select(["objections.status", "organizations.user_id"])
      .execute();
    expect(objections.map((o) => o.status)).toEqual(["dismissed"]);
    expect(objections[0].user_id).not.toBe(applicant.id); // not against the demo applicant's project
    const agreements = await ctx.db.selectFrom("agreements").selectAll().where("competition_id", "=", competition.id).execute();
    expect(agreements.length).toBeGreaterThan(0);
    for (const a of agreements) {
      expect(a.status).toBe("signed");
      expect(a.organizer_signed_at! >= "2021-07-26" && a.organizer_signed_at! < "2021-07-29").toBe(true);
      expect(a.org_signed_at! >= "2021-07-19" && a.org_signed_at! < "2021-07-24").toBe(true);
    }
    const milestones = await ctx.db.selectFrom("milestones").select("id").execute();
    expect(milestones.length).toBe(agreements.length * 3);
  });
});
