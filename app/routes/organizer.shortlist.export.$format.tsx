// Download the live ranking (every passed proposal, funded or not) as CSV or XLSX (organizers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { exportResponse, withAuditHead, shortlistExport } from "~/services/exports.server";
import { organizerExportScope } from "~/utils/export-scope.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { format, competition } = await organizerExportScope(request, params);
  const competitionId = competition.id;
  const table = await shortlistExport(getDb(), competitionId);
  if (!table) throw new Response("Not Found", { status: 404 });
  return exportResponse(await withAuditHead(getDb(), table), format, `排名名单-${competitionId}`);
}
