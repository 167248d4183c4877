// The shortlist table of a notice: one row per funded project, stacked into cards on phones.
import { formatScore } from "../domain/notice";
import type { NoticeRow } from "../domain/notice";
import { formatYuan } from "../domain/money";
import { t } from "../i18n";

export function NoticeTable({ rows, totalFen }: { rows: readonly NoticeRow[]; totalFen: number }) {
  const label = {
    seq: t("notice.col.seq"), division: t("notice.col.division"), category: t("notice.col.category"), title: t("notice.col.title"),
    applicant: t("notice.col.applicant"), amount: t("notice.col.amount"), score: t("notice.col.score"),
  };
  return (
    <div className="table-wrap">
      <table className="stack-on-phone" data-testid="notice-rows">
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
              <td data-label={label.seq}>{r.seq}</td>
              <td data-label={label.division}>{r.division}</td>
              <td data-label={label.category}>{r.category}</td>
              <td data-label={label.title} data-testid="notice-row-title">{r.title}</td>
              <td data-label={label.applicant}>{r.applicant}</td>
              <td data-label={label.amount} className="num">{formatYuan(r.approvedFen)}</td>
              <td data-label={label.score} className="num">{formatScore(r.finalScoreCenti)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={5} data-label="">{t("notice.total")}</td>
            <td className="num" data-label={label.amount} data-testid="notice-total">{formatYuan(totalFen)}</td>
            <td data-label="" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
