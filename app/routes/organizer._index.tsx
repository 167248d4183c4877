// The organizer's home page (工作台).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome } from "~/components/RoleHome";
import { requireUser } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  return { displayName: user.display_name };
}

export default function OrganizerHome() {
  const { displayName } = useLoaderData<typeof loader>();
  return <RoleHome role="organizer" displayName={displayName} />;
}
