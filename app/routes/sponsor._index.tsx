// The sponsor's home page (工作台): its contributions and the projects its money funded.
import { TableWrap } from "~/components/TableWrap";
import { formatDay } from "~/domain/time";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome } from "~/components/RoleHome";
import { getDb } from "~/db.server";
import { sharePercent } from "~/domain/attribution";
import { formatYuan } from "~/domain/money";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadSponsorView } from "~/services/sponsors.server";
import { statusClass } from "~/components/StatusBadge";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "sponsor");
  return { displayName: user.display_name, view: await loadSponsorView(getDb(), user.id) };
}

function Money({ fen }: { fen: number }) {
  return <>{formatYuan(fen)} 元</>;
}

export default function SponsorHome() {
  const { displayName, view } = useLoaderData<typeof loader>();
  return (
    <RoleHome role="sponsor" displayName={displayName}>
      {!view ? (
        <p className="muted">{t("finance.sponsorHome.notLinked")}</p>
      ) : (
        <>
          <section className="card">
            <h2>{t("finance.sponsorHome.contributions", { name: view.sponsor.name })}</h2>
            <TableWrap>
              <table data-testid="my-contributions">
                <thead>
                  <tr>
                    <th className="num">{t("finance.contributions.pledged")}</th>
                    <th>{t("finance.contributions.pledgedOn")}</th>
                    <th>{t("finance.status")}</th>
                    <th className="num">{t("finance.contributions.received")}</th>
                    <th>{t("finance.contributions.receivedOn")}</th>
                    <th>{t("finance.contributions.voucherNo")}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.contributions.map((c) => (
                    <tr key={c.id}>
                      <td className="num"><Money fen={c.pledged_fen} /></td>
                      <td>{formatDay(c.pledged_on)}</td>
                      <td><span className={statusClass("contribution", c.status)}>{t(`finance.contributionStatus.${c.status}`)}</span></td>
                      <td className="num">{c.status === "received" ? <Money fen={c.received_fen} /> : "—"}</td>
                      <td>{c.received_on ? formatDay(c.received_on) : "—"}</td>
                      <td>{c.voucher_no ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
          {view.competitions.map((c) => (
            <section className="card" key={c.competitionId}>
              <h2>{t("finance.sponsorHome.funded", { competition: c.name })}</h2>
              <p data-testid="my-share">
                {t("finance.sponsorHome.share", {
                  mine: formatYuan(c.myReceivedFen),
                  total: formatYuan(c.totalReceivedFen),
                  percent: sharePercent(c.myReceivedFen, c.totalReceivedFen),
                })}
              </p>
              <p data-testid="my-paid-total">
                {t("finance.sponsorHome.paidTotal", { amount: formatYuan(c.projects.reduce((sum, p) => sum + p.myPaidFen, 0)) })}
              </p>
              <details className="explain">
                <summary>{t("finance.sponsorHome.howTitle")}</summary>
                <p>{t("finance.sponsorHome.how")}</p>
              </details>
              <TableWrap>
                <table data-testid="my-projects">
                  <thead>
                    <tr>
                      <th>{t("finance.project")}</th>
                      <th>{t("finance.organization")}</th>
                      <th>{t("finance.status")}</th>
                      <th className="num">{t("finance.agreementAmount")}</th>
                      <th className="num">{t("finance.paidSoFar")}</th>
                      <th className="num">{t("finance.sponsorHome.myPaid")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.projects.map((p) => (
                      <tr key={p.id}>
                        <td>{p.title}</td>
                        <td>{p.organization}</td>
                        <td>{t(`finance.agreementStatus.${p.status as "signed" | "terminated" | "completed"}`)}</td>
                        <td className="num"><Money fen={p.amount_fen} /></td>
                        <td className="num"><Money fen={p.paidFen} /></td>
                        <td className="num"><Money fen={p.myPaidFen} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </section>
          ))}
        </>
      )}
    </RoleHome>
  );
}
