// Downloads one attachment of the applicant's own proposal; anyone else's file answers 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { loadProposalAttachment } from "~/services/attachments.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const file = await loadProposalAttachment(getDb(), { id: user.id, role: user.role }, Number(params.attachmentId));
  if (!file) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
