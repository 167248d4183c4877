// The audit chain's current head, published so anyone can keep it and later check the log was not cut or
// rewritten: `npm run audit:verify -- --head <hash>@<rows>`.
import { formatShanghai } from "~/domain/time";
import { t } from "~/i18n";

export function AuditHeadNote({ head }: { head: { rows: number; hash: string; at: string | null } }) {
  return (
    <section className="card muted" data-testid="audit-head" aria-label={t("input.audit.headTitle")}>
      <h2>{t("input.audit.headTitle")}</h2>
      <p>{t("input.audit.headIntro")}</p>
      <p>
        {t("input.audit.headLine", { rows: head.rows, at: head.at ? formatShanghai(head.at) : "—" })}
        <br />
        <code style={{ wordBreak: "break-all" }}>{head.hash}</code>
      </p>
    </section>
  );
}
