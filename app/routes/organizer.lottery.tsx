// The organizer's 公开抽签 page (issue 16, docs/lottery.md): the competition's lottery rules, the
// announcement of how and when the seed is fixed, then the seed, and each division's draw as the
// stored ranking computes it (pending until the seed is entered).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { parseRules } from "~/domain/competition-rules";
import { formatScore } from "~/domain/notice";
import { formatShanghai } from "~/domain/time";
import { t, tMaybe } from "~/i18n";
import { requireUser } from "~/services/auth.server";
import { pickStaffCompetition } from "~/services/competition-scope.server";
import { announceLottery, enterLotterySeed, loadLottery } from "~/services/lottery.server";
import { ensureRankingSnapshot } from "~/services/ranking-snapshot.server";
import { CompetitionPicker } from "~/components/CompetitionPicker";
import { DivisionDrawCard } from "~/components/LotteryDraw";
import { AnnounceLotteryForm, LotterySeedForm } from "~/components/LotteryForms";
import { echoValues, formDataToObject } from "~/utils/forms";
import { readForm } from "~/utils/request-body.server";
import { CONFIRM_REQUIRED, confirmed } from "~/utils/confirm";

export const meta: MetaFunction = () => [{ title: `${t("fair.lottery.title")} · ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const db = getDb();
  const { competitions, competition } = await pickStaffCompetition(db, user, new URL(request.url));
  if (!competition) return { competitions, competition: null, page: null };
  const row = await db.selectFrom("competitions").select("rules_json").where("id", "=", competition.id).executeTakeFirstOrThrow();
  const { nearTieBandCenti, lotteryDivisions, lotterySeedSource } = parseRules(row.rules_json).selection;
  const [lottery, { summary }] = [await loadLottery(db, competition.id), await ensureRankingSnapshot(db, competition.id, new Date())];
  const draws = summary.divisions.flatMap((d) => (d.draw ? [{ division: d.name, draw: d.draw }] : []));
  return { competitions, competition, page: { nearTieBandCenti, lotteryDivisions, lotterySeedSource, lottery, draws } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "organizer");
  const formData = await readForm(request);
  const input = formDataToObject(formData);
  const intent = formData.get("intent") === "seed" ? ("seed" as const) : ("announce" as const);
  // both steps are final (the announcement is public at once; a seed, once entered, decides the draw)
  if (!confirmed(formData)) return data({ ok: false as const, intent, fieldErrors: { confirm: CONFIRM_REQUIRED } as Record<string, string>, params: {}, values: echoValues(input) }, { status: 400 });
  const actor = { id: user.id, role: user.role };
  const result = intent === "seed" ? await enterLotterySeed(getDb(), actor, input, new Date()) : await announceLottery(getDb(), actor, input, new Date());
  if (!result.ok) return data({ ok: false as const, intent, fieldErrors: result.fieldErrors, params: result.params ?? {}, values: echoValues(input) }, { status: result.status });
  return { ok: true as const, intent, fieldErrors: {} as Record<string, string>, params: {} };
}

export default function OrganizerLottery() {
  const { competitions, competition, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!competition || !page) return <p>{t("panel.noCompetition")}</p>;
  const { lottery, draws } = page;
  const failed = result && !result.ok ? result : null;
  const enabled = page.nearTieBandCenti > 0 || page.lotteryDivisions.length > 0;
  return (
    <section>
      <h1>{t("fair.lottery.title")}</h1>
      <CompetitionPicker competitions={competitions} current={competition.id} />
      <p className="muted">{t("fair.lottery.intro")}</p>
      <p data-testid="lottery-rules">
        {enabled
          ? t("fair.lottery.rules", { band: page.nearTieBandCenti > 0 ? formatScore(page.nearTieBandCenti) : t("fair.lottery.bandOff"), tracks: page.lotteryDivisions.join("、") || t("fair.lottery.tracksNone"), source: t(`fair.settings.seedSource.${page.lotterySeedSource}`) })
          : t("fair.lottery.notEnabled")}
      </p>
      {result?.ok ? <p className="flash" role="status">{t(result.intent === "seed" ? "fair.lottery.seeded" : "fair.lottery.announced")}</p> : null}
      {failed?.fieldErrors._form ? <p className="alert" role="alert">{tMaybe(failed.fieldErrors._form, failed.params)}</p> : null}
      {enabled ? (
        <section className="card">
          <h2>{t("fair.lottery.announcement")}</h2>
          {lottery.announcement ? (
            <p data-testid="lottery-announcement">{t("fair.lottery.announcedLine", { at: formatShanghai(lottery.announcement.announcedAt), drawAt: formatShanghai(lottery.announcement.drawAt), statement: lottery.announcement.statement })}</p>
          ) : (
            <AnnounceLotteryForm competitionId={competition.id} errors={failed?.intent === "announce" ? failed.fieldErrors : undefined} values={failed?.intent === "announce" ? failed.values : undefined} />
          )}
          <h2>{t("fair.lottery.seedLabel")}</h2>
          {lottery.seed ? (
            <p data-testid="lottery-seed-recorded">
              <code>{lottery.seed.seed}</code> {t("fair.lottery.seededBy", { at: formatShanghai(lottery.seed.enteredAt), by: lottery.seed.by })}
            </p>
          ) : lottery.announcement ? (
            <LotterySeedForm competitionId={competition.id} errors={failed?.intent === "seed" ? failed.fieldErrors : undefined} values={failed?.intent === "seed" ? failed.values : undefined} />
          ) : (
            <p className="muted">{t("fair.lottery.seedAfterAnnouncement")}</p>
          )}
        </section>
      ) : null}
      <h2>{t("fair.lottery.draws")}</h2>
      {draws.length === 0 ? <p data-testid="lottery-no-draw">{t("fair.lottery.noDraw")}</p> : draws.map((d) => <DivisionDrawCard key={d.division} division={d.division} draw={d.draw} />)}
    </section>
  );
}
