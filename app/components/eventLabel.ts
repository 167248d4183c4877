// What a proposal's timeline says for each event kind, in people's words: the event's own label, else the
// label of the status it moved to, else a plain "other event" — never the stored code.
import { type MessageKey, isMessageKey, t } from "../i18n";

export function proposalEventLabel(kind: string): string {
  for (const key of [`registration.event.${kind}`, `exports.proposalEvent.${kind}`, `registration.status.${kind}`]) {
    if (isMessageKey(key)) return t(key as MessageKey);
  }
  return t("exports.proposalEvent.other");
}
