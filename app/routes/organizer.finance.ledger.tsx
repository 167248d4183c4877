// The double-entry ledger as it is: every account with its balance derived from the lines, and the
// journal of balanced entries (append-only; corrections are new entries, never edits).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
import { competitionBalances, listJournal } from "~/services/ledger.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.ledger.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  if (!competition) throw new Response("not found", { status: 404 });
  const [accounts, journal] = await Promise.all([competitionBalances(db, competition.id), listJournal(db, competition.id)]);
  const names = new Map((await db.selectFrom("ledger_accounts").select(["code", "name"]).execute()).map((a) => [a.code, a.name]));
  return { competitions, competition, accounts: accounts.map((a) => ({ ...a, name: names.get(a.code) ?? a.code })), journal };
}

export default function Ledger() {
  const { competitions, competition, accounts, journal } = useLoaderData<typeof loader>();
  return (
    <>
      <p><Link to="/organizer/finance">← {t("finance.dashboard.title")}</Link></p>
      <h1>{t("finance.ledger.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <FinanceExportLinks competition={competition} kinds={["ledger"]} />
      <p className="muted">{t("finance.ledger.intro")}</p>
      <section className="card">
        <h2>{t("finance.ledger.accounts")}</h2>
        <div className="table-wrap">
          <table data-testid="ledger-accounts">
            <thead>
              <tr>
                <th>{t("finance.ledger.account")}</th>
                <th className="num">{t("finance.ledger.debit")}</th>
                <th className="num">{t("finance.ledger.credit")}</th>
                <th className="num">{t("finance.ledger.balance")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.code}>
                  <td>{a.name}</td>
                  <td className="num">{formatYuan(a.debitFen)}</td>
                  <td className="num">{formatYuan(a.creditFen)}</td>
                  <td className="num">{formatYuan(a.balanceFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("finance.ledger.journal")}</h2>
        <div className="table-wrap">
          <table data-testid="ledger-journal">
            <thead>
              <tr>
                <th>{t("finance.ledger.when")}</th>
                <th>{t("finance.ledger.memo")}</th>
                <th>{t("finance.ledger.account")}</th>
                <th className="num">{t("finance.ledger.debit")}</th>
                <th className="num">{t("finance.ledger.credit")}</th>
              </tr>
            </thead>
            <tbody>
              {journal.flatMap((e) =>
                e.lines.map((l, i) => (
                  <tr key={`${e.id}-${i}`}>
                    {i === 0 ? (
                      <>
                        <td rowSpan={e.lines.length}>
                          {formatShanghai(e.created_at)}
                          <div className="muted">#{e.id} · {e.idempotency_key}{e.by ? ` · ${e.by}` : ""}</div>
                        </td>
                        <td rowSpan={e.lines.length}>{e.memo}</td>
                      </>
                    ) : null}
                    <td>{l.name}</td>
                    <td className="num">{l.side === "debit" ? formatYuan(l.amount_fen) : ""}</td>
                    <td className="num">{l.side === "credit" ? formatYuan(l.amount_fen) : ""}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
