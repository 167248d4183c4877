// A server-rendered horizontal grouped bar chart (inline SVG, no chart library): one group per
// label, one bar per series. The same numbers are always also shown in a table beside it.
import { formatYuan } from "../domain/money";

export interface ChartSeries {
  label: string;
  color: string;
}

export function FinanceBarChart(props: { title: string; series: ChartSeries[]; groups: { label: string; values: number[] }[]; testId?: string }) {
  const barHeight = 14;
  const gap = 4;
  const groupGap = 14;
  const labelWidth = 120;
  const chartWidth = 420;
  const valueWidth = 130;
  const max = Math.max(1, ...props.groups.flatMap((g) => g.values));
  const groupHeight = props.series.length * (barHeight + gap) + groupGap;
  const legendHeight = 24;
  const height = legendHeight + props.groups.length * groupHeight;
  const width = labelWidth + chartWidth + valueWidth;
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.title} style={{ maxWidth: width }}>
        <title>{props.title}</title>
        {props.series.map((s, i) => (
          <g key={s.label} transform={`translate(${labelWidth + i * 110}, 4)`}>
            <rect width="12" height="12" fill={s.color} />
            <text x="16" y="11" fontSize="11">{s.label}</text>
          </g>
        ))}
        {props.groups.map((g, gi) => {
          const y0 = legendHeight + gi * groupHeight;
          return (
            <g key={g.label}>
              <text x={labelWidth - 8} y={y0 + (props.series.length * (barHeight + gap)) / 2 + 4} fontSize="12" textAnchor="end">
                {g.label}
              </text>
              {g.values.map((v, vi) => {
                const w = Math.max(v > 0 ? 1 : 0, Math.round((v / max) * chartWidth));
                const y = y0 + vi * (barHeight + gap);
                return (
                  <g key={props.series[vi].label}>
                    <rect x={labelWidth} y={y} width={w} height={barHeight} fill={props.series[vi].color}>
                      <title>{`${g.label} · ${props.series[vi].label}：${formatYuan(v)} 元`}</title>
                    </rect>
                    <text x={labelWidth + w + 4} y={y + barHeight - 3} fontSize="10">{formatYuan(v)}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{props.title}</figcaption>
    </figure>
  );
}
