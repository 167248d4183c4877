// Downloads an objection's evidence file (organizers only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireUser } from "~/services/auth.server";
import { loadObjectionAttachment } from "~/services/objections.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const file = await loadObjectionAttachment(getDb(), { id: user.id, role: user.role }, Number(params.attachmentId));
  if (!file) throw new Response("Not Found", { status: 404 });
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
