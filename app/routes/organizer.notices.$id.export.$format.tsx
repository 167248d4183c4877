// Download one notice version as CSV or XLSX (organizers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { exportResponse, withAuditHead, noticeExport } from "~/services/exports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const format = params.format;
  if (format !== "csv" && format !== "xlsx") throw new Response("Not Found", { status: 404 });
  const table = await noticeExport(getDb(), Number(params.id));
  if (!table) throw new Response("Not Found", { status: 404 });
  return exportResponse(await withAuditHead(getDb(), table), format, `公示名单-${params.id}`);
}
