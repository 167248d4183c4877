// One proposal (项目申报书): what 初审 asked to correct (at the top), the form with save-draft and submit
// (components/proposal/*), attachments, the status timeline and the frozen versions.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CorrectionNotice } from "~/components/proposal/CorrectionNotice";
import { ProposalAttachments } from "~/components/proposal/ProposalAttachments";
import { ProposalForm } from "~/components/proposal/ProposalForm";
import { ProposalTimeline } from "~/components/proposal/ProposalTimeline";
import { ReadOnlyProposal } from "~/components/proposal/ReadOnlyProposal";
import { getDb } from "~/db.server";
import { FORM_KEY_FIELD } from "~/domain/form-key";
import { isEditableByApplicant } from "~/domain/proposal-lifecycle";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, t, tMaybe } from "~/i18n";
import { proposalFormSchema, toFormValues } from "~/schemas/proposal";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_PROPOSAL, addProposalAttachment, deleteProposalAttachment } from "~/services/attachments.server";
import { requireUser } from "~/services/auth.server";
import { newFormKey } from "~/services/once.server";
import { loadApplicantProposal, saveProposalDraft, submitProposal } from "~/services/proposals.server";
import { addRowRequest, echoValues, formDataToObject, parseWithSchema } from "~/utils/forms";
import { isBodyRejection, readForm, uploadLimits } from "~/utils/request-body.server";
import { RehearsalBanner } from "~/components/CompetitionPicker";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("registration.proposal.pageTitle")} · ${t("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const loaded = await loadApplicantProposal(getDb(), { id: user.id, role: user.role }, Number(params.id));
  if (!loaded) throw new Response("Not Found", { status: 404 });
  const { proposal, competition } = loaded;
  return {
    proposal: { id: proposal.id, status: proposal.status, version: proposal.version, correctionDeadlineAt: proposal.correction_deadline_at },
    competition: { name: competition.name, closesAt: competition.registration_closes_at, is_rehearsal: competition.is_rehearsal },
    values: toFormValues(loaded.content),
    content: loaded.content,
    ruleContext: {
      rules: loaded.rules,
      applicantType: loaded.applicantType,
      divisionIds: loaded.divisions.map((d) => d.id),
      categoryIds: loaded.categories.map((c) => c.id),
    },
    divisions: loaded.divisions,
    categories: loaded.categories,
    events: loaded.events,
    versions: loaded.versions,
    attachments: loaded.attachments,
    // the limits are read here: the client bundle cannot import a .server module
    attachmentLimits: { maxMb: ATTACHMENT_MAX_BYTES / 1024 / 1024, maxFiles: ATTACHMENTS_PER_PROPOSAL },
    lastReview: loaded.lastReview,
    formKey: newFormKey(), // one-time key of the submit form: a double click submits once
    now: Date.now(),
  };
}

export type ActionData = { ok: false; intent: string; fieldErrors: Record<string, string>; values?: Record<string, unknown>; addRow?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "applicant");
  const actor = { id: user.id, role: user.role };
  const proposalId = Number(params.id);
  const db = getDb();
  const refused = (intent: string, result: { status: number; fieldErrors: Record<string, string> }, values?: Record<string, unknown>) =>
    data<ActionData>({ ok: false, intent, fieldErrors: result.fieldErrors, values }, { status: result.status });

  // The upload form posts multipart (the file is kept in memory, at most the size limit); the rest may too.
  let formData: FormData;
  try {
    formData = await readForm(request, uploadLimits(1, ATTACHMENT_MAX_BYTES));
  } catch (error) {
    if (isBodyRejection(error, 413)) {
      return refused("upload", { status: 413, fieldErrors: { attachment: "registration.error.fileTooLarge" } });
    }
    throw error;
  }
  const intent = String(formData.get("intent") ?? (formData.has("attachment") ? "upload" : "save-draft"));
  if (intent === "upload") {
    const file = formData.get("attachment");
    const upload = file instanceof Blob && file.size > 0 ? { name: (file as File).name ?? "attachment", bytes: new Uint8Array(await file.arrayBuffer()) } : null;
    const result = await addProposalAttachment(db, actor, proposalId, upload, new Date());
    if (!result.ok) return refused(intent, result);
    return redirect(`/applicant/proposals/${proposalId}?uploaded=1`);
  }
  if (intent === "delete-attachment") {
    const result = await deleteProposalAttachment(db, actor, Number(formData.get("attachmentId")), new Date());
    if (!result.ok) return refused(intent, result);
    return redirect(`/applicant/proposals/${proposalId}`);
  }
  const values = echoValues(formDataToObject(formData));
  // 添加一行 without JavaScript: the form again as typed with one more row in that list; nothing is saved.
  const addRow = addRowRequest(formData, ["activities", "budget"]);
  if (addRow) return data<ActionData>({ ok: false, intent: "add-row", addRow, fieldErrors: {}, values });
  const parsed = parseWithSchema(proposalFormSchema, values);
  if (!parsed.success) return refused(intent, { status: 400, fieldErrors: parsed.fieldErrors }, values);
  if (intent === "submit") {
    const result = await submitProposal(db, actor, proposalId, parsed.data, new Date(), formData.get(FORM_KEY_FIELD));
    if (!result.ok) return refused(intent, result, values);
    return redirect(`/applicant/proposals/${proposalId}?submitted=${result.version}`);
  }
  const result = await saveProposalDraft(db, actor, proposalId, parsed.data, new Date());
  if (!result.ok) return refused(intent, result, values);
  return redirect(`/applicant/proposals/${proposalId}?saved=1`);
}

export default function ProposalPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const [search] = useSearchParams();
  const { proposal, competition } = loaded;
  const editable = isEditableByApplicant(proposal.status);
  return (
    <>
      <RehearsalBanner competition={competition} />
      <h1>{loaded.content.title || t("registration.proposal.untitled")}</h1>
      <p className="muted">
        {competition.name} · {t("registration.proposal.status")}：
        <span className={statusClass("proposal", proposal.status)} data-testid="proposal-status">
          {t(`registration.status.${proposal.status}` as MessageKey)}
        </span>
        {" · "}
        {proposal.status === "returned" && proposal.correctionDeadlineAt
          ? t("registration.proposal.correctionDeadline", { at: formatShanghai(proposal.correctionDeadlineAt) })
          : t("registration.proposal.deadline", { at: formatShanghai(competition.closesAt) })}
      </p>
      <p>
        <Link to="/applicant/proposals">{t("common.back")}</Link>
      </p>
      {search.get("submitted") && !result ? (
        <p className="flash" role="status">
          {t("registration.proposal.submittedVersion", { version: search.get("submitted") ?? "" })}
        </p>
      ) : null}
      {search.get("saved") && !result ? <p className="flash" role="status">{t("registration.proposal.draftSaved")}</p> : null}
      {search.get("uploaded") && !result ? <p className="flash" role="status">{t("registration.attachments.uploaded")}</p> : null}
      {result && result.intent !== "upload" && result.intent !== "delete-attachment" && result.intent !== "add-row" ? (
        <p className="alert" role="alert" data-testid="form-error">
          {result.fieldErrors._form ? tMaybe(result.fieldErrors._form) : t("validation.fixErrors")}
        </p>
      ) : null}
      <CorrectionNotice loaded={loaded} now={loaded.now} />
      {editable ? <ProposalForm loaded={loaded} result={result} /> : <ReadOnlyProposal loaded={loaded} />}
      <ProposalAttachments loaded={loaded} editable={editable} result={result} />
      <ProposalTimeline loaded={loaded} />
    </>
  );
}
