// /competitions/:slug/notices/:id: a notice inside its competition's pages. A notice is a fixed
// public document whose address is printed and shared (/notices/:id); this URL leads there.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~/db.server";
import { competitionBySlug } from "~/services/competition-scope.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const competition = await competitionBySlug(getDb(), params.slug);
  const id = Number(params.id);
  const notice =
    competition && Number.isSafeInteger(id) && id > 0
      ? await getDb().selectFrom("notices").select("id").where("id", "=", id).where("competition_id", "=", competition.id).executeTakeFirst()
      : undefined;
  if (!notice) throw new Response("Not Found", { status: 404 });
  return redirect(`/notices/${notice.id}`, 301);
}
