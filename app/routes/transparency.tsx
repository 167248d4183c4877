// The public transparency page (no login) of the current competition; every other real competition's
// money is at /competitions/:slug/transparency, linked from here and from the archive.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OtherCompetitions } from "~/components/CompetitionHome";
import { TransparencyView } from "~/components/TransparencyView";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { otherPublicCompetitions } from "~/services/competition-scope.server";
import { loadTransparency } from "~/services/dashboard.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.transparency.title")} · ${t("app.name")}` }];

export async function loader(_: LoaderFunctionArgs) {
  const page = await loadTransparency(getDb());
  return { page, others: await otherPublicCompetitions(getDb(), page?.competitionId ?? null) };
}

export default function Transparency() {
  const { page, others } = useLoaderData<typeof loader>();
  return (
    <>
      {page ? <TransparencyView page={page} /> : <p>{t("home.noCompetition")}</p>}
      {others.length ? <OtherCompetitions others={others} section="/transparency" /> : null}
    </>
  );
}
