// Downloads one of the organization's own milestone report attachments.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { loadReportAttachment } from "~/services/milestones.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const file = await loadReportAttachment(getDb(), user, Number(params.attachmentId));
  if (!file) throw new Response("not found", { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
