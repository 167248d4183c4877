// One competition's public home, by its identifier: /competitions/:slug (the archive links here).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionHome } from "~/components/CompetitionHome";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { competitionBySlug, loadCompetitionHome } from "~/services/competition-scope.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.competition.name ?? ""} · ${t("app.name")}` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const competition = await competitionBySlug(getDb(), params.slug);
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { competition: await loadCompetitionHome(getDb(), competition, new Date()) };
}

export default function CompetitionPage() {
  const { competition } = useLoaderData<typeof loader>();
  return <CompetitionHome competition={competition} />;
}
