// Download one finance export (拨付明细, ledger, contributions, agreements, score sheets) of the picked competition.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { shanghaiDate } from "~/domain/time";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { exportResponse } from "~/services/exports.server";
import { financeExport, isFinanceExport } from "~/services/finance-exports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const { kind, format } = params;
  if (!isFinanceExport(kind) || (format !== "csv" && format !== "xlsx")) throw new Response("Not Found", { status: 404 });
  const db = getDb();
  const { competition } = await pickStaffCompetition(db, user, new URL(request.url));
  if (!competition) throw new Response("Not Found", { status: 404 });
  const now = new Date();
  const table = await financeExport(db, user, competition, kind, now);
  const day = shanghaiDate(now);
  return exportResponse(table, format, `${competition.name}-${table.sheet}-${day}`, `${kind}-${competition.slug}-${day}`);
}
