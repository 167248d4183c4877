// Download the panel's reliability figures (ICC(2,1), ICC(2,k) with 95 % intervals, alpha, reading) as CSV or XLSX (organizers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { exportResponse, withAuditHead } from "~/services/exports.server";
import { reliabilityExport } from "~/services/reliability.server";
import { organizerExportScope } from "~/utils/export-scope.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, format, competition } = await organizerExportScope(request, params);
  const table = await reliabilityExport(getDb(), { id: user.id, role: user.role }, competition.id);
  return exportResponse(await withAuditHead(getDb(), table), format, `评审一致性-${competition.id}`);
}
