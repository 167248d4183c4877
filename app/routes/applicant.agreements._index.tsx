// The applicant's agreements: its own only, with what is waiting for its signature.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { t } from "~/i18n";
import { listAgreements } from "~/services/agreements.server";
import { requireUser } from "~/services/auth.server";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("nav.applicantAgreements")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  return { agreements: await listAgreements(getDb(), { ownerId: user.id }) };
}

export default function ApplicantAgreements() {
  const { agreements } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("nav.applicantAgreements")}</h1>
      {agreements.length === 0 ? <p>{t("agreement.admin.none")}</p> : null}
      <ul>
        {agreements.map((a) => (
          <li key={a.id} data-testid="my-agreement">
            <Link to={`/applicant/agreements/${a.id}`}>{a.proposalTitle}</Link> · {formatYuan(a.amount_fen)} {t("common.yuan")} ·{" "}
            <span className={statusClass("agreement", a.status)}>{t(`agreement.status.${a.status}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
