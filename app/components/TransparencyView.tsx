// One competition's money in public (results and transparency): what the sponsors handed over, and
// project by project how much each agreement commits and how much has been paid so far. Used by
// /transparency (the current competition) and /competitions/:slug/transparency (any real one).
import { TableWrap } from "./TableWrap";
import type { loadTransparency } from "../services/dashboard.server";
import { formatYuan } from "../domain/money";
import { t } from "../i18n";
import { FinanceBarChart } from "./FinanceBarChart";

export type TransparencyPage = NonNullable<Awaited<ReturnType<typeof loadTransparency>>>;

function Money({ fen }: { fen: number }) {
  return <>{formatYuan(fen)} 元</>;
}

export function TransparencyView({ page }: { page: TransparencyPage }) {
  const tiles = [
    ["received", page.totals.receivedFen],
    ["committed", page.totals.committedFen],
    ["paid", page.totals.paidFen],
    ["recovered", page.totals.recoveredFen],
    ["pool", page.totals.poolFen],
  ] as const;
  return (
    <>
      <h1>{t("finance.transparency.title")}</h1>
      <p className="muted">{page.competitionName} · {t("finance.transparency.intro")}</p>
      <section className="grid" data-testid="transparency-totals">
        {tiles.map(([key, fen]) => (
          <div className="card" key={key} data-testid={`public-${key}`}>
            <div className="muted">{t(`finance.transparency.${key}`)}</div>
            <div style={{ fontSize: "1.3rem", fontWeight: 700 }}><Money fen={fen} /></div>
          </div>
        ))}
      </section>

      <section className="card">
        <h2>{t("finance.transparency.sponsors")}</h2>
        <table data-testid="public-sponsors">
          <thead>
            <tr>
              <th>{t("finance.sponsor")}</th>
              <th className="num">{t("finance.transparency.receivedFrom")}</th>
            </tr>
          </thead>
          <tbody>
            {page.sponsors.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td className="num"><Money fen={s.receivedFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card">
        <h2>{t("finance.transparency.projects")}</h2>
        {page.projects.length ? (
          <FinanceBarChart
            title={t("finance.transparency.chart")}
            series={[
              { label: t("finance.agreementAmount"), color: "#c0392b" },
              { label: t("finance.paidSoFar"), color: "#1a7f37" },
            ]}
            groups={page.projects.map((p) => ({ label: p.title.length > 9 ? `${p.title.slice(0, 9)}…` : p.title, values: [p.amountFen, p.paidFen] }))}
          />
        ) : (
          <p>{t("finance.transparency.noProjects")}</p>
        )}
        <TableWrap>
          <table data-testid="public-projects">
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
              {page.projects.map((p) => (
                <tr key={p.id} data-testid={`public-project-${p.id}`}>
                  <td>{p.title}</td>
                  <td>{p.organization}</td>
                  <td>{p.division ?? "—"}</td>
                  <td>{p.category ?? "—"}</td>
                  <td>{t(`finance.agreementStatus.${p.status as "signed" | "terminated" | "completed"}`)}</td>
                  <td className="num"><Money fen={p.amountFen} /></td>
                  <td className="num"><Money fen={p.paidFen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p className="muted">{t("finance.transparency.method")}</p>
      </section>
    </>
  );
}
