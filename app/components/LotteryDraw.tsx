// The public lottery as people read it (docs/lottery.md): a division's draw on the organizer's pages
// (pending until the seed is entered, then each entry's digest and place) and the notice's section
// with the seed and the command anyone can run to check a line.
import { TableWrap } from "./TableWrap";
import { formatYuan } from "../domain/money";
import { formatScore, type NoticeLottery } from "../domain/notice";
import { formatShanghai } from "../domain/time";
import { t } from "../i18n";

interface DrawLike {
  kind: "nearTie" | "track";
  bandCenti: number;
  marginalCenti: number | null;
  pending: boolean;
  size: number;
  entries: { proposalId: number; number: string; title: string; finalCenti: number; digest: string | null; place: number | null; grantFen: number }[];
}

function drawRule(d: { kind: "nearTie" | "track"; bandCenti: number; marginalCenti: number | null }) {
  return d.kind === "track" ? t("fair.lottery.ruleTrack") : t("fair.lottery.ruleNearTie", { band: formatScore(d.bandCenti), marginal: formatScore(d.marginalCenti) });
}

/** One division's draw on the ranking and lottery pages. */
export function DivisionDrawCard({ division, draw }: { division: string; draw: DrawLike }) {
  return (
    <section className="card" data-testid="division-draw" data-pending={draw.pending ? "yes" : "no"}>
      <h3>{t("fair.lottery.drawOf", { division })}</h3>
      <p>{drawRule(draw)}</p>
      <p className={draw.pending ? "alert" : "muted"} role={draw.pending ? "status" : undefined}>
        {draw.pending ? t("fair.lottery.pendingLine", { count: draw.size }) : t("fair.lottery.drawnLine", { count: draw.size })}
      </p>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th>{t("fair.lottery.col.place")}</th>
              <th>{t("fair.lottery.col.number")}</th>
              <th>{t("fair.lottery.col.title")}</th>
              <th className="num">{t("fair.lottery.col.score")}</th>
              <th>{t("fair.lottery.col.digest")}</th>
              <th className="num">{t("fair.lottery.col.grant")}</th>
            </tr>
          </thead>
          <tbody>
            {draw.entries.map((e) => (
              <tr key={e.proposalId} data-testid="draw-entry">
                <td>{e.place ?? "—"}</td>
                <td>{e.number}</td>
                <td>{e.title}</td>
                <td className="num">{formatScore(e.finalCenti)}</td>
                <td><code className="digest">{e.digest ?? t("fair.lottery.notDrawn")}</code></td>
                <td className="num">{draw.pending ? "—" : e.grantFen > 0 ? formatYuan(e.grantFen) : t("fair.lottery.notFunded")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {draw.size > draw.entries.length ? <p className="muted">{t("fair.lottery.more", { shown: draw.entries.length, size: draw.size })}</p> : null}
    </section>
  );
}

/** The notice's 公开抽签 section: announcement, seed, and every drawn entry with its digest and place. */
export function NoticeLotterySection({ lottery }: { lottery: NoticeLottery }) {
  const example = lottery.draws[0]?.entries[0];
  return (
    <section className="card" data-testid="notice-lottery" aria-labelledby="notice-lottery-title">
      <h2 id="notice-lottery-title">{t("fair.lottery.noticeTitle")}</h2>
      <p>{t("fair.lottery.noticeIntro")}</p>
      <dl>
        <dt>{t("fair.lottery.announcement")}</dt>
        <dd>{t("fair.lottery.announcedLine", { at: formatShanghai(lottery.announcedAt), drawAt: formatShanghai(lottery.drawAt), statement: lottery.statement })}</dd>
        <dt>{t("fair.lottery.seedLabel")}</dt>
        <dd><code data-testid="notice-lottery-seed">{lottery.seed}</code> {t("fair.lottery.seededAt", { at: formatShanghai(lottery.seededAt) })}</dd>
      </dl>
      {example ? (
        <p>
          {t("fair.lottery.howToCheck")} <code className="digest">printf &apos;%s&apos; &apos;{lottery.seed}:{example.number}&apos; | sha256sum</code>
        </p>
      ) : null}
      {lottery.draws.map((d) => (
        <section key={d.divisionId} data-testid="notice-draw">
          <h3>{t("fair.lottery.drawOf", { division: d.division })}</h3>
          <p>{drawRule(d)}</p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th>{t("fair.lottery.col.place")}</th>
                  <th>{t("fair.lottery.col.number")}</th>
                  <th>{t("fair.lottery.col.title")}</th>
                  <th>{t("fair.lottery.col.applicant")}</th>
                  <th className="num">{t("fair.lottery.col.score")}</th>
                  <th>{t("fair.lottery.col.digest")}</th>
                  <th className="num">{t("fair.lottery.col.grant")}</th>
                </tr>
              </thead>
              <tbody>
                {d.entries.map((e) => (
                  <tr key={e.number} data-testid="notice-draw-entry">
                    <td>{e.place}</td>
                    <td>{e.number}</td>
                    <td>{e.title}</td>
                    <td>{e.applicant}</td>
                    <td className="num">{formatScore(e.finalScoreCenti)}</td>
                    <td><code className="digest">{e.digest}</code></td>
                    <td className="num">{e.grantFen > 0 ? formatYuan(e.grantFen) : t("fair.lottery.notFunded")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
    </section>
  );
}

/** The public announcement of a competition's lottery, on its notice lists, from the moment it is made. */
export function LotteryAnnouncement({ name, announcement, seed }: { name: string; announcement: { statement: string; drawAt: string; announcedAt: string } | null; seed: { seed: string; enteredAt: string } | null }) {
  if (!announcement) return null;
  return (
    <section className="card" data-testid="public-lottery-announcement" aria-labelledby="lottery-announcement-title">
      <h2 id="lottery-announcement-title">{t("fair.lottery.publicTitle")}</h2>
      <p>{t("fair.lottery.publicIntro", { name })}</p>
      <p>{t("fair.lottery.announcedLine", { at: formatShanghai(announcement.announcedAt), drawAt: formatShanghai(announcement.drawAt), statement: announcement.statement })}</p>
      {seed ? (
        <p>
          {t("fair.lottery.seedLabel")}：<code>{seed.seed}</code> {t("fair.lottery.seededAt", { at: formatShanghai(seed.enteredAt) })}
        </p>
      ) : null}
    </section>
  );
}
