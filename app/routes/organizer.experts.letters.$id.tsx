// A printable letter of appointment (聘书) with its number; the site chrome is hidden when printed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppointmentLetter } from "~/components/AppointmentLetter";
import { PrintButton } from "~/components/PrintButton";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { loadAppointmentLetter } from "~/services/experts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("panel.letter.title")} ${data?.letter.letter_no ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "organizer");
  const id = Number(params.id);
  const letter = Number.isSafeInteger(id) && id > 0 ? await loadAppointmentLetter(getDb(), id) : undefined;
  if (!letter) throw new Response("Not Found", { status: 404 });
  return { letter };
}

export default function AppointmentLetterPage() {
  const { letter } = useLoaderData<typeof loader>();
  return (
    <section>
      <p className="no-print">
        <Link to="/organizer/experts">{t("common.back")}</Link> <PrintButton label={t("panel.letter.print")} />
      </p>
      <AppointmentLetter letter={letter} />
    </section>
  );
}
