// The proposal's attachments: list, upload and (before the first submission) delete.
import { Form } from "@remix-run/react";
import { t, tMaybe } from "../../i18n";
import { Field, fieldA11y } from "../Field";
import type { ProposalPageData, ProposalActionData } from "./types";

export function ProposalAttachments({ loaded, editable, result }: { loaded: ProposalPageData; editable: boolean; result: ProposalActionData | undefined }) {
  const error = result && (result.intent === "upload" || result.intent === "delete-attachment") ? result.fieldErrors.attachment ?? result.fieldErrors._form : undefined;
  const message = error ? tMaybe(error, { max: loaded.attachmentLimits.maxFiles }) : undefined;
  return (
    <section className="card">
      <h2>{t("registration.attachments.title")}</h2>
      {loaded.attachments.length === 0 ? <p className="muted">{t("registration.proposal.noAttachments")}</p> : null}
      <ul data-testid="attachments">
        {loaded.attachments.map((a) => (
          <li key={a.id}>
            <a href={`/applicant/proposals/files/${a.id}`}>{a.original_name}</a>{" "}
            <span className="muted">{(a.size_bytes / 1024).toFixed(1)} KB</span>
            {editable && loaded.proposal.version === 0 ? (
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="attachmentId" value={a.id} />
                <button type="submit" name="intent" value="delete-attachment" className="link-button">
                  {t("registration.attachments.delete")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <Form method="post" encType="multipart/form-data" className="stack" aria-label={t("registration.attachments.upload")}>
          <Field name="attachment" label={t("registration.attachments.file")} error={message} hint={t("registration.attachments.hint", { mb: loaded.attachmentLimits.maxMb })}>
            <input {...fieldA11y("attachment", message)} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
          </Field>
          <div className="actions">
            <button type="submit" name="intent" value="upload">
              {t("registration.attachments.upload")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
