// The public list of notices (公示公告) of the current competition: the latest version of its notice,
// then links to every other competition's notices (/competitions/:slug/notices). No login.
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OtherCompetitions } from "~/components/CompetitionHome";
import { NoticeList } from "~/components/NoticeList";
import { LotteryAnnouncement } from "~/components/LotteryDraw";
import { loadLottery } from "~/services/lottery.server";
import { getDb } from "~/db.server";
import { t } from "~/i18n";
import { currentPublicCompetition, listCompetitionNotices, otherPublicCompetitions } from "~/services/competition-scope.server";
import styles from "~/styles/notice.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${t("notice.listTitle")} · ${t("app.name")}` }];

export async function loader() {
  const db = getDb();
  const current = await currentPublicCompetition(db);
  const notices = current ? (await listCompetitionNotices(db, current, new Date())).filter((n) => n.latest) : [];
  const lottery = current ? await loadLottery(db, current.id) : null;
  return { competitionName: current?.name ?? null, notices, lottery, others: await otherPublicCompetitions(db, current?.id ?? null) };
}

export default function Notices() {
  const { competitionName, notices, lottery, others } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("notice.listTitle")}</h1>
      <p className="muted">{competitionName ? `${competitionName} · ` : ""}{t("notice.listIntro")}</p>
      {lottery ? <LotteryAnnouncement name={competitionName ?? ""} announcement={lottery.announcement} seed={lottery.seed} /> : null}
      <NoticeList notices={notices} />
      {others.length ? <OtherCompetitions others={others} section="/notices" /> : null}
    </section>
  );
}
