// The organizer's money dashboard: pool, committed, paid and remaining, by division and by category.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FinanceBarChart } from "~/components/FinanceBarChart";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
import { loadFinanceDashboard } from "~/services/dashboard.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.dashboard.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const { competitions, competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  if (!competition) throw new Response("not found", { status: 404 });
  return { competitions, competition, ...(await loadFinanceDashboard(getDb(), competition.id)) };
}

const SERIES = [
  { label: t("finance.dashboard.committed"), color: "#c0392b" },
  { label: t("finance.dashboard.paid"), color: "#1a7f37" },
  { label: t("finance.dashboard.remaining"), color: "#9a6700" },
];

function Money({ fen }: { fen: number }) {
  return <>{formatYuan(fen)} 元</>;
}

function Breakdown(props: { title: string; rows: { label: string; budgetFen: number; committedFen: number; paidFen: number; remainingFen: number; projects: number }[]; withBudget: boolean; testId: string }) {
  return (
    <section className="card">
      <h2>{props.title}</h2>
      <FinanceBarChart
        title={props.title}
        series={SERIES}
        groups={props.rows.filter((r) => r.committedFen > 0).map((r) => ({ label: r.label, values: [r.committedFen, r.paidFen, r.remainingFen] }))}
        testId={`${props.testId}-chart`}
      />
      <TableWrap>
        <table data-testid={props.testId}>
          <thead>
            <tr>
              <th>{props.title}</th>
              {props.withBudget ? <th className="num">{t("finance.dashboard.budget")}</th> : null}
              <th className="num">{t("finance.dashboard.projects")}</th>
              <th className="num">{t("finance.dashboard.committed")}</th>
              <th className="num">{t("finance.dashboard.paid")}</th>
              <th className="num">{t("finance.dashboard.remaining")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                {props.withBudget ? <td className="num"><Money fen={r.budgetFen} /></td> : null}
                <td className="num">{r.projects}</td>
                <td className="num"><Money fen={r.committedFen} /></td>
                <td className="num"><Money fen={r.paidFen} /></td>
                <td className="num"><Money fen={r.remainingFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export default function FinanceDashboard() {
  const d = useLoaderData<typeof loader>();
  const tiles = [
    ["received", d.totals.receivedFen],
    ["pool", d.totals.poolFen],
    ["committed", d.totals.committedFen],
    ["paid", d.totals.paidFen],
    ["outstanding", d.totals.outstandingCommitmentFen],
    ["recovered", d.totals.recoveredFen],
    ["pledgedOutstanding", d.totals.pledgedOutstandingFen],
  ] as const;
  return (
    <>
      <h1>{t("finance.dashboard.title")}</h1>
      <CompetitionPicker competitions={d.competitions} current={d.competition} />
      <FinanceExportLinks competition={d.competition} kinds={["payments", "ledger", "contributions", "agreements", "scores"]} />
      <p className="muted">{d.competitionName}</p>
      <ul className="tags">
        <li><Link to="/organizer/finance/contributions">{t("finance.contributions.title")}</Link></li>
        <li><Link to="/organizer/finance/milestones">{t("finance.milestones.title")}</Link></li>
        <li><Link to="/organizer/finance/ledger">{t("finance.ledger.title")}</Link></li>
        <li><Link to="/transparency">{t("finance.transparency.title")}</Link></li>
      </ul>
      <section className="grid" data-testid="finance-totals">
        {tiles.map(([key, fen]) => (
          <div className="card" key={key} data-testid={`total-${key}`}>
            <div className="muted">{t(`finance.dashboard.${key}`)}</div>
            <div style={{ fontSize: "1.3rem", fontWeight: 700 }}><Money fen={fen} /></div>
          </div>
        ))}
      </section>
      <p className={d.integrity.balanced ? "flash" : "alert"} data-testid="ledger-integrity">
        {d.integrity.balanced ? t("finance.dashboard.balanced", { entries: d.integrity.entries }) : t("finance.dashboard.unbalanced")}
      </p>
      <p className="muted">{t("finance.dashboard.explain")}</p>
      <Breakdown title={t("finance.dashboard.byDivision")} rows={d.byDivision} withBudget testId="by-division" />
      <Breakdown title={t("finance.dashboard.byCategory")} rows={d.byCategory} withBudget={false} testId="by-category" />
      <section className="card">
        <h2>{t("finance.dashboard.projectsTitle")}</h2>
        <TableWrap>
          <table>
            <thead>
              <tr>
                <th>{t("finance.project")}</th>
                <th>{t("finance.organization")}</th>
                <th>{t("finance.division")}</th>
                <th>{t("finance.category")}</th>
                <th>{t("finance.status")}</th>
                <th className="num">{t("finance.agreementAmount")}</th>
                <th className="num">{t("finance.paidSoFar")}</th>
              </tr>
            </thead>
            <tbody>
              {d.agreements.map((a) => (
                <tr key={a.id}>
                  <td><Link to={`/organizer/finance/agreements/${a.id}`}>{a.title}</Link></td>
                  <td>{a.organization}</td>
                  <td>{a.division ?? "—"}</td>
                  <td>{a.category ?? "—"}</td>
                  <td>{t(`finance.agreementStatus.${a.status as "signed" | "terminated" | "completed"}`)}</td>
                  <td className="num"><Money fen={a.amountFen} /></td>
                  <td className="num"><Money fen={a.paidFen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}
