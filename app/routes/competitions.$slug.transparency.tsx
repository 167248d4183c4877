// One real competition's money in public: /competitions/:slug/transparency. A rehearsal (演练) has none.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionLinks } from "~/components/CompetitionHome";
import { TransparencyView } from "~/components/TransparencyView";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { competitionBySlug } from "~/services/competition-scope.server";
import { loadTransparency } from "~/services/dashboard.server";
import { auditHead } from "~/services/audit.server";
import { AuditHeadNote } from "~/components/AuditHeadNote";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("finance.transparency.title")} · ${data?.page.competitionName ?? ""} · ${t("app.name")}` },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const competition = await competitionBySlug(getDb(), params.slug);
  const page = competition ? await loadTransparency(getDb(), competition.id) : null;
  if (!page) throw new Response("Not Found", { status: 404 });
  return { page, auditHead: await auditHead(getDb()) };
}

export default function CompetitionTransparency() {
  const { page, auditHead: head } = useLoaderData<typeof loader>();
  return (
    <>
      <CompetitionLinks slug={page.competitionSlug} />
      <TransparencyView page={page} />
      <AuditHeadNote head={head} />
    </>
  );
}
