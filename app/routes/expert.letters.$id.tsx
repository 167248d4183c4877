// The expert's own letter of appointment (聘书), laid out for printing.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppointmentLetter } from "~/components/AppointmentLetter";
import { PrintButton } from "~/components/PrintButton";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadAppointmentLetter } from "~/services/experts.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${t("review.letter.title")} ${d?.letter.letter_no ?? ""} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "expert");
  const id = params.id && /^\d+$/.test(params.id) ? Number(params.id) : 0;
  const letter = await loadAppointmentLetter(getDb(), id);
  // someone else's letter is indistinguishable from a missing one
  if (!letter || letter.expert_id !== user.id) throw new Response("Not Found", { status: 404 });
  return { letter };
}

export default function AppointmentLetterPage() {
  const { letter } = useLoaderData<typeof loader>();
  return (
    <section>
      <p className="no-print">
        <Link to="/expert">{t("review.sheet.back")}</Link> <PrintButton label={t("review.letter.print")} />
      </p>
      <AppointmentLetter letter={letter} />
    </section>
  );
}
