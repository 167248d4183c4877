// One map from each status to a tone that means something, used by every page that shows a status:
// ok = done or granted, info = waiting on the staff, warn = the applicant (or someone) must act,
// bad = refused, failed or ended early, neutral = not started. The badge always carries its words and
// a shape (✓ ! ✕ …) as well, so the colour is never the only signal.
import type { ReactNode } from "react";

export type Tone = "ok" | "info" | "warn" | "bad" | "neutral";

export const STATUS_TONES = {
  proposal: {
    draft: "neutral", submitted: "info", returned: "warn", rejected: "bad", passed: "ok",
    disqualified: "bad", contracted: "ok", terminated: "bad", completed: "ok",
  },
  agreement: { draft: "neutral", org_signed: "info", signed: "ok", terminated: "bad", completed: "ok" },
  milestone: { pending: "neutral", submitted: "info", rectifying: "warn", paid: "ok", failed: "bad", cancelled: "neutral" },
  objection: { pending: "warn", upheld: "bad", dismissed: "ok" },
  contribution: { pledged: "info", received: "ok" },
  competition: { draft: "neutral", published: "ok" },
  score: { none: "neutral", draft: "warn", submitted: "ok" },
} as const satisfies Record<string, Record<string, Tone>>;

export type StatusKind = keyof typeof STATUS_TONES;

export function statusTone(kind: StatusKind, status: string | null | undefined): Tone {
  const tones = STATUS_TONES[kind] as Record<string, Tone>;
  return (status && tones[status]) || "neutral";
}

/** The class of a badge for a status ("badge ok" …). */
export function statusClass(kind: StatusKind, status: string | null | undefined): string {
  const tone = statusTone(kind, status);
  return tone === "neutral" ? "badge" : `badge ${tone}`;
}

export function StatusBadge(props: { kind: StatusKind; status: string | null | undefined; children: ReactNode; testId?: string }) {
  return (
    <span className={statusClass(props.kind, props.status)} data-tone={statusTone(props.kind, props.status)} data-testid={props.testId}>
      {props.children}
    </span>
  );
}
