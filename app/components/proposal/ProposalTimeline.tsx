// The proposal's status timeline and its frozen versions (with their SHA-256).
import { formatShanghai } from "../../domain/time";
import { t } from "../../i18n";
import { proposalEventLabel } from "../eventLabel";
import type { ProposalPageData } from "./types";

export function ProposalTimeline({ loaded }: { loaded: ProposalPageData }) {
  return (
    <section className="card">
      <h2>{t("registration.proposal.timeline")}</h2>
      <ol className="timeline" data-testid="timeline">
        {loaded.events.map((e) => (
          <li key={e.id}>
            {formatShanghai(e.at)} · {proposalEventLabel(e.kind)}
            {e.note ? <span className="muted"> · {e.note}</span> : null}
          </li>
        ))}
      </ol>
      {loaded.versions.length ? (
        <>
          <h3>{t("registration.proposal.versions")}</h3>
          <ul data-testid="versions">
            {loaded.versions.map((v) => (
              <li key={v.version}>{t("registration.proposal.versionLine", { version: v.version, at: formatShanghai(v.submitted_at), sha: v.sha256 })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
