// A printable letter of appointment (聘书) with its number; the site chrome is hidden when printed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/PrintButton";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
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

export default function AppointmentLetter() {
  const { letter } = useLoaderData<typeof loader>();
  const scope = letter.division_name ? t("panel.letter.scopeDivision", { division: letter.division_name }) : t("panel.letter.scopeAll");
  return (
    <section>
      <p className="no-print">
        <Link to="/organizer/experts">{t("common.back")}</Link> <PrintButton label={t("panel.letter.print")} />
      </p>
      <article className="card" data-testid="appointment-letter" style={{ maxWidth: "40rem", margin: "0 auto", padding: "3rem 2.5rem", lineHeight: 2 }}>
        <h1 style={{ textAlign: "center", letterSpacing: "1em", fontSize: "2.2rem" }}>{t("panel.letter.title")}</h1>
        <p style={{ textAlign: "right" }} data-testid="letter-no">
          {t("panel.letter.number", { no: letter.letter_no })}
        </p>
        <p style={{ textIndent: "2em" }}>
          {t("panel.letter.body", { name: letter.expert_name, competition: letter.competition_name, scope })}
        </p>
        <p style={{ textIndent: "2em" }}>{t("panel.letter.duty")}</p>
        <p style={{ textAlign: "right", marginTop: "3rem" }}>
          {t("panel.letter.issuer", { competition: letter.competition_name })}
          {letter.host ? (
            <>
              <br />
              {letter.host}
            </>
          ) : null}
          <br />
          {t("panel.letter.date", { date: formatShanghai(letter.issued_at, false) })}
        </p>
      </article>
    </section>
  );
}
