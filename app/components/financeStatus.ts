// The badge style of a milestone status, shared by the finance pages (the one status→tone map).
import { statusClass } from "./StatusBadge";

export function statusBadge(status: string): string {
  return statusClass("milestone", status);
}
