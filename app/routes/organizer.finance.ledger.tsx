// The double-entry ledger as it is: every account with its balance derived from the lines, and the
// journal of balanced entries (append-only; corrections are new entries, never edits) in date order, with
// filters (account, kind, date range, memo words) and pages. Accounts are shown by name, never by code.
import { TableWrap } from "~/components/TableWrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t } from "~/i18n";
import { ListSearch, Pagination } from "~/components/ListControls";
import { isCalendarDate } from "~/domain/time";
import { parseListQuery } from "~/utils/list-query.server";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
// ENTRY_KINDS from the domain, not the .server module: the component uses it, and a .server import is empty in the browser
import { ENTRY_KINDS } from "~/domain/ledger";
import { accountLabels, competitionBalances, listJournal } from "~/services/ledger.server";


/** The journal's columns; a phone card names each value with these (rows span, so nth-child cannot). */
const JOURNAL_COLUMNS: { key: MessageKey; num?: boolean }[] = [
  { key: "finance.ledger.when" },
  { key: "finance.ledger.memo" },
  { key: "exports.ledger.kind" },
  { key: "finance.ledger.account" },
  { key: "finance.ledger.debit", num: true },
  { key: "finance.ledger.credit", num: true },
];
const label = (i: number) => t(JOURNAL_COLUMNS[i].key);

export const meta: MetaFunction = () => [{ title: `${t("finance.ledger.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  if (!competition) throw new Response("not found", { status: 404 });
  const url = new URL(request.url);
  const list = parseListQuery(url, { sorts: ["oldest", "newest"], filters: { kind: ["", ...ENTRY_KINDS] } });
  const [accounts, names] = await Promise.all([competitionBalances(db, competition.id), accountLabels(db, competition.id)]);
  // an unknown account or an impossible date is ignored (the list shows unfiltered), never an error
  const account = accounts.some((a) => a.code === url.searchParams.get("account")) ? String(url.searchParams.get("account")) : "";
  const day = (name: string) => {
    const v = url.searchParams.get(name) ?? "";
    return isCalendarDate(v) ? v : "";
  };
  const filter = { account, kind: list.filters.kind, fromOn: day("from"), toOn: day("to"), q: list.q };
  const journal = await listJournal(db, competition.id, { ...filter, order: list.sort === "newest" ? "desc" : "asc", offset: list.offset, limit: list.pageSize });
  const name = (code: string) => names.get(code) ?? code;
  return {
    competitions,
    competition,
    accounts: accounts.map((a) => ({ ...a, name: name(a.code) })),
    journal: { total: journal.total, entries: journal.entries.map((e) => ({ ...e, lines: e.lines.map((l) => ({ ...l, name: name(l.code) })) })) },
    list: { page: list.page, pageSize: list.pageSize, sort: list.sort, ...filter },
  };
}

export default function Ledger() {
  const { competitions, competition, accounts, journal, list } = useLoaderData<typeof loader>();
  const params = { competition: competition.id, account: list.account, kind: list.kind, from: list.fromOn, to: list.toOn, q: list.q, sort: list.sort === "oldest" ? "" : list.sort };
  return (
    <>
      <p><Link to="/organizer/finance">← {t("finance.dashboard.title")}</Link></p>
      <h1>{t("finance.ledger.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <FinanceExportLinks competition={competition} kinds={["ledger"]} />
      <p className="muted">{t("finance.ledger.intro")}</p>
      <section className="card">
        <h2>{t("finance.ledger.accounts")}</h2>
        <TableWrap>
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
        </TableWrap>
      </section>
      <section className="card">
        <h2>{t("exports.ledger.journal")}</h2>
        <p className="muted">{t("exports.ledger.journalIntro")}</p>
        <ListSearch
          q={list.q}
          placeholder={t("exports.ledger.searchPlaceholder")}
          keep={{ competition: competition.id }}
          filters={[
            { name: "account", label: t("finance.ledger.account"), value: list.account, options: [{ value: "", label: t("exports.ledger.allAccounts") }, ...accounts.map((a) => ({ value: a.code, label: a.name }))] },
            { name: "kind", label: t("exports.ledger.kind"), value: list.kind, options: [{ value: "", label: t("exports.ledger.allKinds") }, ...ENTRY_KINDS.map((k) => ({ value: k, label: t(`exports.entry.${k}` as MessageKey) }))] },
          ]}
          sort={{ value: list.sort, options: [{ value: "oldest", label: t("exports.ledger.oldest") }, { value: "newest", label: t("exports.ledger.newest") }] }}
        >
          <span>
            <label htmlFor="list-from">{t("exports.ledger.from")}</label> <input id="list-from" type="date" name="from" defaultValue={list.fromOn} />{" "}
          </span>
          <span>
            <label htmlFor="list-to">{t("exports.ledger.to")}</label> <input id="list-to" type="date" name="to" defaultValue={list.toOn} />{" "}
          </span>
        </ListSearch>
        {journal.entries.length === 0 ? <p className="muted" data-testid="ledger-empty">{t("exports.ledger.none")}</p> : null}
        {/* one <tbody> per entry: on phones each entry is one card, its cells named by data-label (no JavaScript needed) */}
        <div className="table-wrap cards journal-cards">
          <table data-testid="ledger-journal">
            <thead>
              <tr>
                {JOURNAL_COLUMNS.map((c) => (
                  <th key={c.key} className={c.num ? "num" : undefined}>{t(c.key)}</th>
                ))}
              </tr>
            </thead>
            {journal.entries.map((e) => (
              <tbody key={e.id}>
                {e.lines.map((l, i) => (
                  <tr key={i}>
                    {i === 0 ? (
                      <>
                        <td rowSpan={e.lines.length} data-label={label(0)}>
                          <div>
                            {formatShanghai(e.created_at)}
                            <div className="muted">
                              {t("exports.ledger.entryNo", { id: e.id })}
                              {e.by ? ` · ${e.by}` : ""}
                            </div>
                          </div>
                        </td>
                        <td rowSpan={e.lines.length} data-label={label(1)}>{e.memo}</td>
                        <td rowSpan={e.lines.length} data-label={label(2)}>{t(`exports.entry.${e.kind}` as MessageKey)}</td>
                      </>
                    ) : null}
                    <td data-label={label(3)}>{l.name}</td>
                    <td className="num" data-label={l.side === "debit" ? label(4) : ""}>{l.side === "debit" ? formatYuan(l.amount_fen) : ""}</td>
                    <td className="num" data-label={l.side === "credit" ? label(5) : ""}>{l.side === "credit" ? formatYuan(l.amount_fen) : ""}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
        <Pagination page={list.page} pageSize={list.pageSize} total={journal.total} params={params} />
      </section>
    </>
  );
}
