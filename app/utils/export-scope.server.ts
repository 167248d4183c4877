// What every organizer export route starts with: an organizer, a known format and the competition asked for.
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import type { ExportFormat } from "~/services/exports.server";

/** The organizer, the format (csv or xlsx) and the competition of an export request; 404 for anything else. */
export async function organizerExportScope(request: Request, params: { format?: string }) {
  const user = await requireUser(request, "organizer");
  const format = params.format;
  if (format !== "csv" && format !== "xlsx") throw new Response("Not Found", { status: 404 });
  const { competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { user, format: format as ExportFormat, competition };
}
