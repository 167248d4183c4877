// The badge style of a milestone status, shared by the finance pages.
export function statusBadge(status: string): string {
  if (status === "paid") return "badge ok";
  if (status === "submitted" || status === "rectifying") return "badge warn";
  if (status === "failed") return "badge bad";
  return "badge";
}
