// Without JavaScript a refused form comes back from the server with everything that was typed in it:
// the action answers 4xx with its messages and the values, and the page renders them into the fields.
import * as experts from "~/routes/organizer.experts._index";
import { useFreshDatabase } from "../support/db";
import { callRoute, createCompetition, createUser, formBody, requestAs } from "../support/factories";
import { renderAfterPost } from "../support/render";

const ctx = useFreshDatabase();

const post = async (userId: number, url: string, fields: Record<string, string>) => requestAs(userId, url, { method: "POST", body: formBody(fields) });

describe("refused forms come back as typed", () => {
  it("an expert invite with a bad username keeps the name, mobile and division typed", async () => {
    const { competition, divisions } = await createCompetition(ctx.db);
    const organizer = await createUser(ctx.db, "organizer");
    const url = `/organizer/experts?competition=${competition.id}`;
    const fields = { intent: "invite", competitionId: String(competition.id), username: "王 老师", displayName: "王建国老师", mobile: "13712345678", divisionId: String(divisions[1].id) };
    const refused = await callRoute(experts.action, await post(organizer.id, url, fields));
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors.username).toBe("review.expert.usernameInvalid");
    expect(body.values).toMatchObject({ username: "王 老师", displayName: "王建国老师", mobile: "13712345678", divisionId: String(divisions[1].id) });
    expect(await ctx.db.selectFrom("users").select("id").where("display_name", "=", "王建国老师").execute()).toHaveLength(0);

    const html = await renderAfterPost(experts, await post(organizer.id, url, fields));
    expect(html).toMatch(/<input[^>]*name="displayName"[^>]*value="王建国老师"/);
    expect(html).toMatch(/<input[^>]*name="mobile"[^>]*value="13712345678"/);
    expect(html).toMatch(/<input[^>]*name="username"[^>]*value="王 老师"/);
    expect(html).toMatch(new RegExp(`<option value="${divisions[1].id}" selected="">`));
  });
});
