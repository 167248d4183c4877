// The applicant's profile (申报主体信息): organization details, or the members of a resident team.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { AddRowButton, rowCount } from "~/components/AddRowButton";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { APPLICANT_TYPES } from "~/domain/competition-rules";
import { t, tMaybe } from "~/i18n";
import { organizationSchema } from "~/schemas/organization";
import { applicantTypeLabel } from "~/schemas/proposal";
import { requireUser } from "~/services/auth.server";
import { loadOrganizationProfile, saveOrganizationProfile } from "~/services/organizations.server";
import { addRowRequest, echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("registration.profile.title")} · ${t("app.name")}` }];

const SPARE_MEMBER_ROWS = 2;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const profile = await loadOrganizationProfile(getDb(), user.id);
  const o = profile?.organization;
  return {
    values: {
      name: o?.name ?? "",
      applicantType: o?.applicant_type ?? "",
      creditCode: o?.credit_code ?? "",
      filingNumber: o?.filing_number ?? "",
      legalRep: o?.legal_rep ?? "",
      contactName: o?.contact_name ?? "",
      contactMobile: o?.contact_mobile ?? "",
      address: o?.address ?? "",
      members: profile?.members ?? [],
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const formData = await readForm(request);
  const input = formDataToObject(formData);
  // 添加成员 without JavaScript: show the form again as typed, one member row longer; nothing is saved.
  const addRow = addRowRequest(formData, ["members"]);
  if (addRow) return { ok: false as const, addRow, fieldErrors: {} as Record<string, string>, values: echoValues(input) };
  const result = await saveOrganizationProfile(getDb(), { id: user.id, role: user.role }, input, new Date());
  if (!result.ok) return data({ ok: false as const, addRow: undefined, fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  return redirect("/applicant/profile?saved=1");
}

type Values = Awaited<ReturnType<typeof loader>>["values"];

export default function ApplicantProfile() {
  const loaded = useLoaderData<typeof loader>().values;
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  // After a refused POST without JavaScript, show what was typed, not what is stored.
  const values = (result && !result.ok ? { ...loaded, ...(result.values as Partial<Values>) } : loaded) as Values;
  const members = Array.isArray(values.members) ? values.members : [];
  const serverErrors = result && !result.ok && !result.addRow ? result.fieldErrors : undefined;
  const { register, errorFor, onSubmit, summary } = useValidatedForm(organizationSchema(), { serverErrors, defaultValues: values });
  const [memberRows, setMemberRows] = useState(rowCount("members", members, result && !result.ok ? result : undefined, SPARE_MEMBER_ROWS));
  const field = (name: string) => ({ ...fieldA11y(name, errorFor(name)), ...register(name) });

  return (
    <section className="card">
      <h1>{t("registration.profile.title")}</h1>
      <p className="muted">{t("registration.profile.intro")}</p>
      {search.get("saved") && !result ? (
        <p className="flash" role="status">
          {t("registration.profile.saved")} <Link to="/applicant/proposals">{t("registration.home.myProposals")}</Link>
        </p>
      ) : null}
      {serverErrors ? (
        <p className="alert" role="alert">
          {serverErrors._form ? tMaybe(serverErrors._form) : t("validation.fixErrors")}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate onSubmit={onSubmit}>
        {summary}
        <Field name="name" label={t("registration.profile.name")} error={errorFor("name")}>
          <input {...field("name")} defaultValue={values.name} />
        </Field>
        <Field name="applicantType" label={t("registration.profile.applicantType")} error={errorFor("applicantType")}>
          <select {...field("applicantType")} defaultValue={values.applicantType}>
            <option value="">{t("registration.proposal.choose")}</option>
            {APPLICANT_TYPES.map((type) => (
              <option key={type} value={type}>
                {applicantTypeLabel(type)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="creditCode" label={t("registration.profile.creditCode")} error={errorFor("creditCode")} hint={t("registration.profile.creditCodeHint")}>
          <input {...field("creditCode")} defaultValue={values.creditCode ?? ""} maxLength={18} autoCapitalize="characters" />
        </Field>
        <Field name="legalRep" label={t("registration.profile.legalRep")} error={errorFor("legalRep")}>
          <input {...field("legalRep")} defaultValue={values.legalRep ?? ""} />
        </Field>
        <Field name="filingNumber" label={t("registration.profile.filingNumber")} error={errorFor("filingNumber")}>
          <input {...field("filingNumber")} defaultValue={values.filingNumber ?? ""} />
        </Field>
        <Field name="contactName" label={t("registration.profile.contactName")} error={errorFor("contactName")}>
          <input {...field("contactName")} defaultValue={values.contactName} />
        </Field>
        <Field name="contactMobile" label={t("registration.profile.contactMobile")} error={errorFor("contactMobile")}>
          <input {...field("contactMobile")} defaultValue={values.contactMobile} inputMode="numeric" autoComplete="tel" />
        </Field>
        <Field name="address" label={t("registration.profile.address")} error={errorFor("address")}>
          <input {...field("address")} defaultValue={values.address} />
        </Field>
        <fieldset>
          <legend>{t("registration.profile.members")}</legend>
          {errorFor("members") ? (
            <p className="error" id="members-error" role="alert" data-field-error="members">
              {errorFor("members")}
            </p>
          ) : null}
          {Array.from({ length: memberRows }, (_, i) => (
            <div className="grid" key={i} data-testid={`member-row-${i}`}>
              <Field name={`members.${i}.name`} label={`${t("registration.profile.memberName")} ${i + 1}`} error={errorFor(`members.${i}.name`)}>
                <input {...field(`members.${i}.name`)} defaultValue={members[i]?.name ?? ""} />
              </Field>
              <Field name={`members.${i}.mobile`} label={`${t("registration.profile.memberMobile")} ${i + 1}`} error={errorFor(`members.${i}.mobile`)}>
                <input {...field(`members.${i}.mobile`)} defaultValue={members[i]?.mobile ?? ""} inputMode="numeric" />
              </Field>
            </div>
          ))}
          <p className="muted">{t("registration.profile.rowsHint")}</p>
          <AddRowButton list="members" onAdd={() => setMemberRows((n) => n + 1)}>
            {t("registration.profile.addMember")}
          </AddRowButton>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("registration.profile.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}
