// Download the live ranking (every passed proposal, funded or not) as CSV or XLSX (organizers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { exportResponse, withAuditHead, shortlistExport } from "~/services/exports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const format = params.format;
  if (format !== "csv" && format !== "xlsx") throw new Response("Not Found", { status: 404 });
  const { competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  if (!competition) throw new Response("Not Found", { status: 404 });
  const competitionId = competition.id;
  const table = await shortlistExport(getDb(), competitionId);
  if (!table) throw new Response("Not Found", { status: 404 });
  return exportResponse(await withAuditHead(getDb(), table), format, `排名名单-${competitionId}`);
}
