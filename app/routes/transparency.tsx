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
import { auditHead } from "~/services/audit.server";
import { AuditHeadNote } from "~/components/AuditHeadNote";

export const meta: MetaFunction = () => [{ title: `${t("finance.transparency.title")} · ${t("app.name")}` }];

export async function loader(_: LoaderFunctionArgs) {
  const page = await loadTransparency(getDb());
  return { page, others: await otherPublicCompetitions(getDb(), page?.competitionId ?? null), auditHead: await auditHead(getDb()) };
}

export default function Transparency() {
  const { page, others, auditHead: head } = useLoaderData<typeof loader>();
  return (
    <>
      {page ? <TransparencyView page={page} /> : <p>{t("home.noCompetition")}</p>}
      {others.length ? <OtherCompetitions others={others} section="/transparency" /> : null}
      <AuditHeadNote head={head} />
    </>
  );
}
