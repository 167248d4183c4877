// The expert's own letter of appointment (聘书), laid out for printing.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/PrintButton";
import { getDb } from "~/db.server";
import { formatShanghai } from "~/domain/time";
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

export default function AppointmentLetter() {
  const { letter } = useLoaderData<typeof loader>();
  return (
    <article className="card" data-testid="appointment-letter">
      <p className="no-print">
        <Link to="/expert">{t("review.sheet.back")}</Link> <PrintButton label={t("review.letter.print")} />
      </p>
      <h1 style={{ textAlign: "center", letterSpacing: "0.5em" }}>{t("review.letter.title")}</h1>
      <p style={{ textAlign: "right" }} data-testid="letter-no">
        {t("review.letter.no", { no: letter.letter_no })}
      </p>
      <p>
        {t("review.letter.body", {
          name: letter.expert_name,
          competition: letter.competition_name,
          division: letter.division_name ?? t("review.letter.allDivisions"),
        })}
      </p>
      <p>{t("review.letter.term", { from: formatShanghai(letter.review_starts_at, false), to: formatShanghai(letter.review_ends_at, false) })}</p>
      <p>{t("review.letter.duty")}</p>
      <p style={{ textAlign: "right" }}>
        {t("review.letter.host", { host: letter.host })}
        <br />
        {t("review.letter.operator", { operator: letter.operator })}
        <br />
        {t("review.letter.issuedAt", { at: formatShanghai(letter.issued_at, false) })}
      </p>
    </article>
  );
}
