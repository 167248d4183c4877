// One proposal (项目申报书): the form with save-draft and submit, attachments, the status timeline and the
// frozen versions. Without JavaScript the spare rows and plain POSTs do the work; with it, react-hook-form
// shows the same Chinese messages from the same rules before anything is sent.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { AddRowButton, rowCount } from "~/components/AddRowButton";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { BUDGET_CATEGORIES } from "~/domain/competition-rules";
import { isEditableByApplicant } from "~/domain/proposal-lifecycle";
import { formatYuan } from "~/domain/money";
import { formatShanghai } from "~/domain/time";
import { type MessageKey, isMessageKey, t, tMaybe } from "~/i18n";
import { applicantTypeLabel, budgetCategoryLabel, proposalFormSchema, proposalSubmitSchema, toFormValues } from "~/schemas/proposal";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_PROPOSAL, addProposalAttachment, deleteProposalAttachment } from "~/services/attachments.server";
import { requireUser } from "~/services/auth.server";
import { loadApplicantProposal, saveProposalDraft, submitProposal } from "~/services/proposals.server";
import { addRowRequest, echoValues, formDataToObject, parseWithSchema } from "~/utils/forms";
import { isBodyRejection, readForm, uploadLimits } from "~/utils/request-body.server";
import { RehearsalBanner } from "~/components/CompetitionPicker";
import { statusClass } from "~/components/StatusBadge";

export const meta: MetaFunction = () => [{ title: `${t("registration.proposal.pageTitle")} · ${t("app.name")}` }];

const SPARE_ROWS = 2;

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
  };
}

type ActionData = { ok: false; intent: string; fieldErrors: Record<string, string>; values?: Record<string, unknown>; addRow?: string };

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
    const result = await submitProposal(db, actor, proposalId, parsed.data, new Date());
    if (!result.ok) return refused(intent, result, values);
    return redirect(`/applicant/proposals/${proposalId}?submitted=${result.version}`);
  }
  const result = await saveProposalDraft(db, actor, proposalId, parsed.data, new Date());
  if (!result.ok) return refused(intent, result, values);
  return redirect(`/applicant/proposals/${proposalId}?saved=1`);
}

type LoaderData = Awaited<ReturnType<typeof loader>>;

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
      {editable ? <ProposalForm loaded={loaded} result={result} /> : <ReadOnlyProposal loaded={loaded} />}
      <Attachments loaded={loaded} editable={editable} result={result} />
      <section className="card">
        <h2>{t("registration.proposal.timeline")}</h2>
        <ol className="timeline" data-testid="timeline">
          {loaded.events.map((e) => (
            <li key={e.id}>
              {formatShanghai(e.at)} · {isMessageKey(`registration.event.${e.kind}`) ? t(`registration.event.${e.kind}` as MessageKey) : e.kind}
              {e.note ? <span className="muted"> · {e.note}</span> : null}
            </li>
          ))}
        </ol>
        {loaded.versions.length ? (
          <>
            <h3>{t("registration.proposal.versions")}</h3>
            <ul data-testid="versions">
              {loaded.versions.map((v) => (
                <li key={v.version}>
                  {t("registration.proposal.versionLine", { version: v.version, at: formatShanghai(v.submitted_at), sha: v.sha256 })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

function ProposalForm({ loaded, result }: { loaded: LoaderData; result: ActionData | undefined }) {
  const busy = useNavigation().state !== "idle";
  // After a refused POST without JavaScript, show what was typed, not what is stored.
  const values = (result?.values ? { ...loaded.values, ...result.values } : loaded.values) as LoaderData["values"];
  const activities = Array.isArray(values.activities) ? values.activities : [];
  const budget = Array.isArray(values.budget) ? values.budget : [];
  const serverErrors = result && result.intent !== "upload" ? result.fieldErrors : undefined;
  const { register, errorFor, onSubmit, summary } = useValidatedForm(proposalSubmitSchema(loaded.ruleContext), { serverErrors, defaultValues: values });
  const [activityRows, setActivityRows] = useState(rowCount("activities", activities, result, SPARE_ROWS));
  const [budgetRows, setBudgetRows] = useState(rowCount("budget", budget, result, SPARE_ROWS));
  const field = (name: string) => ({ ...fieldA11y(name, errorFor(name)), ...register(name) });
  const { rules, applicantType } = loaded.ruleContext;
  const caps = rules.budgetCaps.map((c) => `${budgetCategoryLabel(c.category)} ≤ ${c.maxPercent}%`).join("，");
  const sectionError = (name: string) =>
    errorFor(name) ? (
      <p className="error" id={`${name}-error`} role="alert" data-field-error={name}>
        {errorFor(name)}
      </p>
    ) : null;

  return (
    <Form method="post" className="stack card" noValidate onSubmit={onSubmit} aria-label={t("registration.proposal.editTitle")}>
      {summary}
      <h2>{t("registration.proposal.editTitle")}</h2>
      <Field name="title" label={t("registration.proposal.title")} error={errorFor("title")}>
        <input {...field("title")} defaultValue={values.title} />
      </Field>
      <Field name="divisionId" label={t("registration.proposal.division")} error={errorFor("divisionId")}>
        <select {...field("divisionId")} defaultValue={values.divisionId}>
          <option value="">{t("registration.proposal.choose")}</option>
          {loaded.divisions.map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="categoryId" label={t("registration.proposal.category")} error={errorFor("categoryId")}>
        <select {...field("categoryId")} defaultValue={values.categoryId}>
          <option value="">{t("registration.proposal.choose")}</option>
          {loaded.categories.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="community" label={t("registration.proposal.community")} error={errorFor("community")}>
        <input {...field("community")} defaultValue={values.community} />
      </Field>
      <Field name="beneficiaries" label={t("registration.proposal.beneficiaries")} error={errorFor("beneficiaries")}>
        <input {...field("beneficiaries")} defaultValue={values.beneficiaries} />
      </Field>
      <Field name="beneficiaryCount" label={t("registration.proposal.beneficiaryCount")} error={errorFor("beneficiaryCount")}>
        <input {...field("beneficiaryCount")} defaultValue={values.beneficiaryCount} inputMode="numeric" />
      </Field>
      <Field name="goals" label={t("registration.proposal.goals")} error={errorFor("goals")}>
        <textarea {...field("goals")} defaultValue={values.goals} rows={4} />
      </Field>

      <fieldset>
        <legend>{t("registration.proposal.activities")}</legend>
        {sectionError("activities")}
        {Array.from({ length: activityRows }, (_, i) => (
          <div className="grid" key={i} data-testid={`activity-row-${i}`}>
            <Field name={`activities.${i}.name`} label={`${t("registration.proposal.activityName")} ${i + 1}`} error={errorFor(`activities.${i}.name`)}>
              <input {...field(`activities.${i}.name`)} defaultValue={activities[i]?.name ?? ""} />
            </Field>
            <Field name={`activities.${i}.startOn`} label={t("registration.proposal.startOn")} error={errorFor(`activities.${i}.startOn`)}>
              <input type="date" {...field(`activities.${i}.startOn`)} defaultValue={activities[i]?.startOn ?? ""} />
            </Field>
            <Field name={`activities.${i}.endOn`} label={t("registration.proposal.endOn")} error={errorFor(`activities.${i}.endOn`)}>
              <input type="date" {...field(`activities.${i}.endOn`)} defaultValue={activities[i]?.endOn ?? ""} />
            </Field>
            <Field name={`activities.${i}.description`} label={t("registration.proposal.description")} error={errorFor(`activities.${i}.description`)}>
              <input {...field(`activities.${i}.description`)} defaultValue={activities[i]?.description ?? ""} />
            </Field>
          </div>
        ))}
        <AddRowButton list="activities" onAdd={() => setActivityRows((n) => n + 1)}>
          {t("registration.proposal.addRow")}
        </AddRowButton>
      </fieldset>

      <fieldset>
        <legend>{t("registration.proposal.budget")}</legend>
        <p className="muted">{t("registration.proposal.capsHint", { caps })}</p>
        {sectionError("budget")}
        {Array.from({ length: budgetRows }, (_, i) => (
          <div className="grid" key={i} data-testid={`budget-row-${i}`}>
            <Field name={`budget.${i}.category`} label={`${t("registration.proposal.budgetCategory")} ${i + 1}`} error={errorFor(`budget.${i}.category`)}>
              <select {...field(`budget.${i}.category`)} defaultValue={budget[i]?.category ?? ""}>
                <option value="">{t("registration.proposal.choose")}</option>
                {BUDGET_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {budgetCategoryLabel(c)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name={`budget.${i}.item`} label={t("registration.proposal.budgetItem")} error={errorFor(`budget.${i}.item`)}>
              <input {...field(`budget.${i}.item`)} defaultValue={budget[i]?.item ?? ""} />
            </Field>
            <Field name={`budget.${i}.amount`} label={t("registration.proposal.amount")} error={errorFor(`budget.${i}.amount`)}>
              <input {...field(`budget.${i}.amount`)} defaultValue={budget[i]?.amount ?? ""} inputMode="decimal" />
            </Field>
          </div>
        ))}
        <AddRowButton list="budget" onAdd={() => setBudgetRows((n) => n + 1)}>
          {t("registration.proposal.addRow")}
        </AddRowButton>
        <p className="muted">{t("registration.proposal.rowsHint")}</p>
      </fieldset>

      <Field
        name="requested"
        label={t("registration.proposal.requested")}
        error={errorFor("requested")}
        hint={applicantType ? t("registration.proposal.requestedHint", { applicantType: applicantTypeLabel(applicantType), max: formatYuan(rules.applicantTypes[applicantType].maxGrantFen) }) : undefined}
      >
        <input {...field("requested")} defaultValue={values.requested} inputMode="decimal" />
      </Field>
      <Field name="selfRaised" label={t("registration.proposal.selfRaised")} error={errorFor("selfRaised")}>
        <input {...field("selfRaised")} defaultValue={values.selfRaised} inputMode="decimal" />
      </Field>
      <div className="actions">
        <button type="submit" name="intent" value="save-draft" disabled={busy}>
          {t("registration.proposal.saveDraft")}
        </button>
        <button type="submit" name="intent" value="submit" disabled={busy}>
          {t("registration.proposal.submit")}
        </button>
      </div>
    </Form>
  );
}

function ReadOnlyProposal({ loaded }: { loaded: LoaderData }) {
  const c = loaded.content;
  const name = (list: { id: number; name: string }[], id: number | null) => list.find((x) => x.id === id)?.name ?? "";
  return (
    <section className="card" data-testid="proposal-readonly">
      <p className="muted">{t("registration.proposal.frozen")}</p>
      <dl>
        <dt>{t("registration.proposal.division")}</dt>
        <dd>{name(loaded.divisions, c.divisionId)}</dd>
        <dt>{t("registration.proposal.category")}</dt>
        <dd>{name(loaded.categories, c.categoryId)}</dd>
        <dt>{t("registration.proposal.community")}</dt>
        <dd>{c.community}</dd>
        <dt>{t("registration.proposal.beneficiaries")}</dt>
        <dd>
          {c.beneficiaries}（{c.beneficiaryCount}）
        </dd>
        <dt>{t("registration.proposal.goals")}</dt>
        <dd style={{ whiteSpace: "pre-wrap" }}>{c.goals}</dd>
      </dl>
      <h3>{t("registration.proposal.activities")}</h3>
      <ul>
        {c.activities.map((a, i) => (
          <li key={i}>
            {a.name}（{a.startOn} – {a.endOn}）{a.description}
          </li>
        ))}
      </ul>
      <h3>{t("registration.proposal.budget")}</h3>
      <ul>
        {c.budget.map((l, i) => (
          <li key={i}>
            {budgetCategoryLabel(l.category)} · {l.item} · {formatYuan(l.amount)} 元
          </li>
        ))}
      </ul>
      <p>
        {t("registration.proposal.requested")}：{formatYuan(c.requested)} 元 · {t("registration.proposal.selfRaised")}：{formatYuan(c.selfRaised)} 元
      </p>
    </section>
  );
}

function Attachments({ loaded, editable, result }: { loaded: LoaderData; editable: boolean; result: ActionData | undefined }) {
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
