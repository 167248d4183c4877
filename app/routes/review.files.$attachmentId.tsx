// Downloads a proposal attachment for 初审 (reviewers only; the file's type was checked on upload).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { loadProposalAttachment } from "~/services/attachments.server";
import { requireUser } from "~/services/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "reviewer");
  const id = params.attachmentId && /^\d+$/.test(params.attachmentId) ? Number(params.attachmentId) : 0;
  const file = await loadProposalAttachment(getDb(), { id: user.id, role: user.role }, id);
  if (!file) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
