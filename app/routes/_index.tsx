// The public home page: the current competition (the newest published one that is not a
// rehearsal), and links to every other competition. Any one competition: /competitions/:slug.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionHome, OtherCompetitions } from "~/components/CompetitionHome";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { currentPublicCompetition, loadCompetitionHome, otherPublicCompetitions } from "~/services/competition-scope.server";

export async function loader(_: LoaderFunctionArgs) {
  const db = getDb();
  const current = await currentPublicCompetition(db);
  const others = await otherPublicCompetitions(db, current?.id ?? null);
  return { competition: current ? await loadCompetitionHome(db, current, new Date()) : null, others };
}

export default function Home() {
  const { competition, others } = useLoaderData<typeof loader>();
  return (
    <>
      {competition ? <CompetitionHome competition={competition} /> : <p>{t("home.noCompetition")}</p>}
      {others.length ? <OtherCompetitions others={others} /> : null}
    </>
  );
}
