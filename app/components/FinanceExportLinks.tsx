// Links to the finance exports (XLSX and CSV) of the competition a staff page shows.
import { t } from "../i18n";
import { staffHref } from "./CompetitionPicker";

export type ExportKind = "payments" | "ledger" | "contributions" | "agreements" | "scores";

export function FinanceExportLinks({ competition, kinds }: { competition: { slug: string }; kinds: readonly ExportKind[] }) {
  return (
    <p className="export-links" data-testid="finance-exports">
      {t("exports.links")}
      {kinds.map((kind) => (
        <span key={kind}>
          {" "}
          {t(`exports.kind.${kind}`)}（
          <a href={staffHref(`/organizer/finance/export/${kind}/xlsx`, competition)} download>{t("export.xlsx")}</a>
          {" · "}
          <a href={staffHref(`/organizer/finance/export/${kind}/csv`, competition)} download>{t("export.csv")}</a>）
        </span>
      ))}
    </p>
  );
}
