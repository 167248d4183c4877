// One agreement for the applicant organization: read, print, and sign it first.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AgreementDocument } from "~/components/AgreementDocument";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { loadAgreementView, signAgreement } from "~/services/agreements.server";
import { requireUser } from "~/services/auth.server";
import styles from "~/styles/notice.css";
import { formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${t("agreement.title")} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const agreement = await loadAgreementView(getDb(), { id: user.id, role: user.role }, Number(params.id));
  if (!agreement) throw new Response("Not Found", { status: 404 });
  return { agreement };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const input = formDataToObject(await readForm(request));
  const result = await signAgreement(getDb(), { id: user.id, role: user.role }, Number(params.id), input, new Date());
  if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, params: result.params ?? {}, confirmed: input.confirm === "yes" }, { status: result.status });
  return { ok: true as const, fieldErrors: {} as Record<string, string>, params: {}, confirmed: false };
}

export default function ApplicantAgreement() {
  const { agreement } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section>
      <h1 className="no-print">{t("agreement.title")}</h1>
      <AgreementDocument
        agreement={agreement}
        canSign={agreement.status === "draft"}
        waitingFor={null}
        errors={result && !result.ok ? result.fieldErrors : undefined}
        errorParams={result && !result.ok ? result.params : undefined}
        signedNow={result?.ok}
        confirmedBefore={result && !result.ok ? result.confirmed : undefined}
        busy={busy}
      />
    </section>
  );
}
