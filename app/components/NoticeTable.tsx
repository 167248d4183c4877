// The shortlist table of a notice: one row per funded project, stacked into cards on phones without
// JavaScript. The column names are set once on the wrapper (TableWrap), not on each of a long list's
// cells; the 合计 row names its amount cell itself.
import { formatScore } from "../domain/notice";
import type { NoticeRow } from "../domain/notice";
import { formatYuan } from "../domain/money";
import { t } from "../i18n";
import { TableWrap, cardLabelStyle } from "./TableWrap";

export function NoticeTable({ rows, totalFen }: { rows: readonly NoticeRow[]; totalFen: number }) {
  const label = {
    seq: t("notice.col.seq"), division: t("notice.col.division"), category: t("notice.col.category"), title: t("notice.col.title"),
    applicant: t("notice.col.applicant"), amount: t("notice.col.amount"), score: t("notice.col.score"),
  };
  return (
    <TableWrap>
      <table data-testid="notice-rows">
        <thead>
          <tr>
            <th>{label.seq}</th>
            <th>{label.division}</th>
            <th>{label.category}</th>
            <th>{label.title}</th>
            <th>{label.applicant}</th>
            <th className="num">{label.amount}</th>
            <th className="num">{label.score}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.proposalId} data-proposal-id={r.proposalId}>
              <td>{r.seq}</td>
              <td>{r.division}</td>
              <td>{r.category}</td>
              <td data-testid="notice-row-title">{r.title}</td>
              <td>{r.applicant}</td>
              <td className="num">{formatYuan(r.approvedFen)}</td>
              <td className="num">{formatScore(r.finalScoreCenti)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr style={cardLabelStyle(["", label.amount])}>
            <td colSpan={5} data-label="">{t("notice.total")}</td>
            <td className="num" data-testid="notice-total">{formatYuan(totalFen)}</td>
            <td data-label="" />
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}
