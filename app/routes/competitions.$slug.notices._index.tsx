// One competition's notices, every version newest first: /competitions/:slug/notices. No login.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionLinks } from "~/components/CompetitionHome";
import { RehearsalBanner } from "~/components/CompetitionPicker";
import { NoticeList } from "~/components/NoticeList";
import { LotteryAnnouncement } from "~/components/LotteryDraw";
import { loadLottery } from "~/services/lottery.server";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { competitionBySlug, listCompetitionNotices } from "~/services/competition-scope.server";
import styles from "~/styles/notice.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t("notice.listTitle")} · ${data?.competition.name ?? ""} · ${t("app.name")}` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const competition = await competitionBySlug(getDb(), params.slug);
  if (!competition) throw new Response("Not Found", { status: 404 });
  return {
    competition: { slug: competition.slug, name: competition.name, is_rehearsal: competition.is_rehearsal },
    notices: await listCompetitionNotices(getDb(), competition, new Date()),
    lottery: await loadLottery(getDb(), competition.id),
  };
}

export default function CompetitionNotices() {
  const { competition, notices, lottery } = useLoaderData<typeof loader>();
  return (
    <section className={competition.is_rehearsal ? "rehearsal" : undefined}>
      <RehearsalBanner competition={competition} />
      <h1>{t("notice.listTitle")}</h1>
      <p className="muted">{competition.name} · {t("notice.listIntro")}</p>
      <CompetitionLinks slug={competition.slug} rehearsal={!!competition.is_rehearsal} />
      <LotteryAnnouncement name={competition.name} announcement={lottery.announcement} seed={lottery.seed} />
      <NoticeList notices={notices} />
    </section>
  );
}
