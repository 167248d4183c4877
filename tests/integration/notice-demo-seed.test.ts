// The demo notice history: published in July 2021, one dismissed objection, agreements signed in late July.
import { writeTransaction } from "../../db/connection";
import { DEMO_ACCOUNTS } from "../../seeds/changan-2021";
import { seedDemo } from "../../seeds/demo";
import { seedDemoNotice } from "../../seeds/demo-notice";
import { useFreshDatabase } from "../support/db";
import { createPanel, createScoredProposal } from "../support/factories-notice";


const ctx = useFreshDatabase();

describe("demo notice seed", () => {
  it("publishes the Chang'an shortlist in July 2021, dismisses one objection and signs every agreement in late July", async () => {
    await seedDemo(ctx.db, new Date("2021-04-12T00:00:00Z"));
    const competition = await ctx.db.selectFrom("competitions").select("id").where("slug", "=", "changan-2021").executeTakeFirstOrThrow();
    const users = Object.fromEntries(
      (await ctx.db.selectFrom("users").select(["id", "username"]).execute()).map((u) => [u.username, u.id]),
    ) as Record<(typeof DEMO_ACCOUNTS)[number]["username"], number>;
    const existing = await ctx.db.selectFrom("notices").select("id").where("competition_id", "=", competition.id).executeTakeFirst();
    if (!existing) {
      // no review demo data yet: give the competition a panel and scored proposals of its own
      const divisions = await ctx.db.selectFrom("divisions").select("id").where("competition_id", "=", competition.id).orderBy("sort_order").execute();
      const categories = await ctx.db.selectFrom("categories").select("id").where("competition_id", "=", competition.id).orderBy("sort_order").execute();
      const experts = await createPanel(ctx.db, competition.id, users.organizer);
      for (let i = 0; i < 4; i++) {
        await createScoredProposal(ctx.db, {
          competitionId: competition.id, divisionId: divisions[i % 2].id, categoryId: categories[i].id, experts,
          applicantId: i === 0 ? users.applicant : undefined, requestedFen: 8_000_000,
        });
      }
      await writeTransaction(ctx.db, (trx) =>
        seedDemoNotice(trx, { competitionId: competition.id, users, passwordHash: "", now: new Date("2021-07-01T00:00:00Z") }),
      );
    }
    const notices = await ctx.db.selectFrom("notices").selectAll().where("competition_id", "=", competition.id).execute();
    expect(notices).toHaveLength(1);
    expect(notices[0].published_at.startsWith("2021-07")).toBe(true);
    const objections = await ctx.db.selectFrom("objections").select(["status", "finding"]).execute();
    expect(objections.map((o) => o.status)).toEqual(["dismissed"]);
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
