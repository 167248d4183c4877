// Sponsors and their contributions: register a sponsor, record a pledge, then record the money received
// (date and voucher number); only received money enters the pool.
import { TableWrap } from "~/components/TableWrap";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, fieldA11y } from "~/components/Field";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getDb } from "~/db.server";
import { fenToYuanInput, formatYuan } from "~/domain/money";
import { formatDay, shanghaiDate } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { pledgeSchema, sponsorSchema } from "~/schemas/finance";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { FinanceExportLinks } from "~/components/FinanceExportLinks";
import { createSponsor, listSponsors, pledgeContribution, receiveContribution } from "~/services/sponsors.server";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { statusClass } from "~/components/StatusBadge";
import { OnceField } from "~/components/OnceField";
import { newFormKey } from "~/services/once.server";

export const meta: MetaFunction = () => [{ title: `${t("finance.contributions.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const { competitions, competition } = await pickStaffCompetition(getDb(), user, new URL(request.url));
  if (!competition) throw new Response("not found", { status: 404 });
  const { sponsors, contributions } = await listSponsors(getDb(), competition.id);
  return { competitions, competition, sponsors, contributions, today: shanghaiDate(new Date()), formKey: newFormKey() };
}

type ActionResult = { intent: string; contributionId?: string; fieldErrors: Record<string, string>; values?: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const input = formDataToObject(formData);
  const now = new Date();
  const db = getDb();
  const result =
    intent === "sponsor" ? await createSponsor(db, user, input, now)
    : intent === "pledge" ? await pledgeContribution(db, user, Number(formData.get("competitionId")), input, now)
    : intent === "receive" ? await receiveContribution(db, user, input, now)
    : null;
  if (!result) return data<ActionResult>({ intent, fieldErrors: { _form: "validation.fixErrors" } }, { status: 400 });
  if (!result.ok) {
    return data<ActionResult>({ intent, contributionId: String(formData.get("contributionId") ?? ""), fieldErrors: result.fieldErrors, values: echoValues(input) }, { status: result.status });
  }
  const back = new URL(request.url).searchParams.get("competition");
  return redirect(`/organizer/finance/contributions?${back ? `competition=${encodeURIComponent(back)}&` : ""}done=${intent}`);
}

export default function Contributions() {
  const { competitions, competition, sponsors, contributions, today, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const echoed = (intent: string) => (result?.intent === intent ? result.values : undefined);
  const sponsorForm = useValidatedForm(sponsorSchema, { serverErrors: result?.intent === "sponsor" ? result.fieldErrors : undefined, values: echoed("sponsor") });
  const pledgeForm = useValidatedForm(pledgeSchema, {
    serverErrors: result?.intent === "pledge" ? result.fieldErrors : undefined,
    values: echoed("pledge"),
    defaultValues: { pledgedOn: today },
  });
  // Two forms share the page, so their ids carry a prefix; names and values are the form's own.
  const prefixed = (form: typeof sponsorForm, prefix: string) => (name: string) => {
    const { name: _name, ...a11y } = fieldA11y(`${prefix}-${name}`, form.errorFor(name));
    return { ...form.field(name), ...a11y };
  };
  const sf = prefixed(sponsorForm, "sponsor");
  const pf = prefixed(pledgeForm, "pledge");
  /** What a receipt row shows: what was typed if this row's post was refused, else the pledge and today. */
  const receiptValue = (contributionId: number, name: string, fallback: string) => {
    const typed = result?.intent === "receive" && result.contributionId === String(contributionId) ? result.values?.[name] : undefined;
    return typeof typed === "string" ? typed : fallback;
  };
  const sponsorName = (id: number) => sponsors.find((s) => s.id === id)?.name ?? "";
  const received = contributions.filter((c) => c.status === "received").reduce((s, c) => s + c.received_fen, 0);
  return (
    <>
      <p><Link to="/organizer/finance">← {t("finance.dashboard.title")}</Link></p>
      <h1>{t("finance.contributions.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition} />
      <FinanceExportLinks competition={competition} kinds={["contributions"]} />
      <p className="muted">{t("finance.contributions.intro")}</p>
      {done ? <p className="flash" role="status">{t("finance.saved")}</p> : null}
      {result?.fieldErrors?._form ? <p className="alert" role="alert">{tMaybe(result.fieldErrors._form)}</p> : null}
      <p data-testid="pool-received">{t("finance.contributions.receivedTotal", { amount: formatYuan(received) })}</p>

      <section className="card">
        <h2>{t("finance.contributions.list")}</h2>
        <TableWrap>
          <table data-testid="contributions">
            <thead>
              <tr>
                <th>{t("finance.sponsor")}</th>
                <th className="num">{t("finance.contributions.pledged")}</th>
                <th>{t("finance.contributions.pledgedOn")}</th>
                <th>{t("finance.status")}</th>
                <th className="num">{t("finance.contributions.received")}</th>
                <th>{t("finance.contributions.receivedOn")}</th>
                <th>{t("finance.contributions.voucherNo")}</th>
              </tr>
            </thead>
            <tbody>
              {contributions.map((c) => {
                const errors = result?.intent === "receive" && result.contributionId === String(c.id) ? result.fieldErrors : {};
                return (
                  <tr key={c.id}>
                    <td>{sponsorName(c.sponsor_id)}</td>
                    <td className="num">{formatYuan(c.pledged_fen)} 元</td>
                    <td>{formatDay(c.pledged_on)}</td>
                    <td><span className={statusClass("contribution", c.status)}>{t(`finance.contributionStatus.${c.status}`)}</span></td>
                    {c.status === "received" ? (
                      <>
                        <td className="num">
                          {formatYuan(c.received_fen)} 元
                          {c.received_fen < c.pledged_fen ? (
                            <div className="error">{t("rules.contribution.short", { short: formatYuan(c.pledged_fen - c.received_fen) })}</div>
                          ) : null}
                        </td>
                        <td>{formatDay(c.received_on)}</td>
                        <td>{c.voucher_no}</td>
                      </>
                    ) : (
                      <td colSpan={3}>
                        <Form method="post" className="actions" aria-label={t("finance.contributions.receive")}>
                          <input type="hidden" name="intent" value="receive" />
                          <OnceField value={formKey} />
                          <input type="hidden" name="contributionId" value={c.id} />
                          <label>
                            {t("finance.contributions.received")}
                            <input name="amount" defaultValue={receiptValue(c.id, "amount", fenToYuanInput(c.pledged_fen))} inputMode="decimal" aria-invalid={errors.amount ? true : undefined} />
                          </label>
                          <label>
                            {t("finance.contributions.receivedOn")}
                            <input name="receivedOn" type="date" defaultValue={receiptValue(c.id, "receivedOn", today)} aria-invalid={errors.receivedOn ? true : undefined} />
                          </label>
                          <label>
                            {t("finance.contributions.voucherNo")}
                            <input name="voucherNo" defaultValue={receiptValue(c.id, "voucherNo", "")} aria-invalid={errors.voucherNo ? true : undefined} />
                          </label>
                          <button type="submit">{t("finance.contributions.receive")}</button>
                          {Object.values(errors).map((e) => (
                            <span className="error" role="alert" key={e}>{tMaybe(e)}</span>
                          ))}
                        </Form>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <div className="grid">
        <section className="card">
          <h2>{t("finance.contributions.newPledge")}</h2>
          <Form method="post" className="stack" noValidate onSubmit={pledgeForm.onSubmit}>
            {pledgeForm.summary}
            <input type="hidden" name="intent" value="pledge" />
            <OnceField value={formKey} />
            <input type="hidden" name="competitionId" value={competition.id} />
            <p className="muted" data-testid="pledge-competition">{t("multi.pledge.into", { name: competition.name })}</p>
            <Field name="pledge-sponsorId" label={t("finance.sponsor")} error={pledgeForm.errorFor("sponsorId")}>
              <select {...pf("sponsorId")}>
                <option value="">—</option>
                {sponsors.map((s) => (
                  <option key={s.id} value={s.id}>{s.name}</option>
                ))}
              </select>
            </Field>
            <Field name="pledge-amount" label={t("finance.contributions.pledgedYuan")} error={pledgeForm.errorFor("amount")}>
              <input {...pf("amount")} inputMode="decimal" />
            </Field>
            <Field name="pledge-pledgedOn" label={t("finance.contributions.pledgedOn")} error={pledgeForm.errorFor("pledgedOn")}>
              <input {...pf("pledgedOn")} type="date" />
            </Field>
            <div className="actions"><button type="submit">{t("finance.contributions.savePledge")}</button></div>
          </Form>
        </section>
        <section className="card">
          <h2>{t("finance.contributions.newSponsor")}</h2>
          <Form method="post" className="stack" noValidate onSubmit={sponsorForm.onSubmit}>
            {sponsorForm.summary}
            <input type="hidden" name="intent" value="sponsor" />
            <OnceField value={formKey} />
            <Field name="sponsor-name" label={t("finance.contributions.sponsorName")} error={sponsorForm.errorFor("name")}>
              <input {...sf("name")} />
            </Field>
            <Field name="sponsor-contact" label={t("finance.contributions.contact")} error={sponsorForm.errorFor("contact")}>
              <input {...sf("contact")} />
            </Field>
            <Field name="sponsor-username" label={t("finance.contributions.account")} error={sponsorForm.errorFor("username")} hint={t("finance.contributions.accountHint")}>
              <input {...sf("username")} />
            </Field>
            <div className="actions"><button type="submit">{t("finance.contributions.saveSponsor")}</button></div>
          </Form>
        </section>
      </div>
    </>
  );
}
