// The frozen 项目申报书 (submitted, in review or decided): read only.
import { formatYuan } from "../../domain/money";
import { formatDay } from "../../domain/time";
import { t } from "../../i18n";
import { budgetCategoryLabel } from "../../schemas/proposal";
import type { ProposalPageData, ProposalActionData } from "./types";

export function ReadOnlyProposal({ loaded }: { loaded: ProposalPageData }) {
  const c = loaded.content;
  const name = (list: { id: number; name: string }[], id: number | null) => list.find((x) => x.id === id)?.name ?? "";
  return (
    <section className="card" data-testid="proposal-readonly">
      <p className="muted">{t("registration.proposal.frozen")}</p>
      <dl>
        <dt>{t("registration.proposal.division")}</dt>
        <dd>{name(loaded.divisions, c.divisionId)}</dd>
        <dt>{t("registration.proposal.category")}</dt>
        <dd>{name(loaded.categories, c.categoryId)}</dd>
        <dt>{t("registration.proposal.community")}</dt>
        <dd>{c.community}</dd>
        <dt>{t("registration.proposal.beneficiaries")}</dt>
        <dd>
          {c.beneficiaries}（{c.beneficiaryCount}）
        </dd>
        <dt>{t("registration.proposal.goals")}</dt>
        <dd style={{ whiteSpace: "pre-wrap" }}>{c.goals}</dd>
      </dl>
      <h3>{t("registration.proposal.activities")}</h3>
      <ul>
        {c.activities.map((a, i) => (
          <li key={i}>
            {a.name}（{formatDay(a.startOn)} – {formatDay(a.endOn)}）{a.description}
          </li>
        ))}
      </ul>
      <h3>{t("registration.proposal.budget")}</h3>
      <ul>
        {c.budget.map((l, i) => (
          <li key={i}>
            {budgetCategoryLabel(l.category)} · {l.item} · {formatYuan(l.amount)} 元
          </li>
        ))}
      </ul>
      <p>
        {t("registration.proposal.requested")}：{formatYuan(c.requested)} 元 · {t("registration.proposal.selfRaised")}：{formatYuan(c.selfRaised)} 元
      </p>
    </section>
  );
}
