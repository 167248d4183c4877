// A server-rendered horizontal grouped bar chart (inline SVG, no chart library): one group per
// label, one bar per series. The same numbers are always also shown in a table beside it.
// Two drawings of the same data: a wide one (labels beside the bars) and, for phones, a narrow one
// (label above its bars) sized so its text stays at least 12 px on a 390 px screen; CSS shows one.
import { formatYuan } from "../domain/money";

export interface ChartSeries {
  label: string;
  color: string;
}

interface ChartProps {
  title: string;
  series: ChartSeries[];
  groups: { label: string; values: number[] }[];
  testId?: string;
}

const BAR = 14;
const GAP = 4;

function Bars(props: ChartProps & { x: number; y: number; chartWidth: number; max: number; values: number[]; group: string; fontSize: number }) {
  return (
    <>
      {props.values.map((v, vi) => {
        const w = Math.max(v > 0 ? 1 : 0, Math.round((v / props.max) * props.chartWidth));
        const y = props.y + vi * (BAR + GAP);
        return (
          <g key={props.series[vi].label}>
            <rect x={props.x} y={y} width={w} height={BAR} fill={props.series[vi].color}>
              <title>{`${props.group} · ${props.series[vi].label}：${formatYuan(v)} 元`}</title>
            </rect>
            <text x={props.x + w + 4} y={y + BAR - 2} fontSize={props.fontSize}>{formatYuan(v)}</text>
          </g>
        );
      })}
    </>
  );
}

function Legend(props: { series: ChartSeries[]; x: number; step: number; fontSize: number }) {
  return (
    <>
      {props.series.map((s, i) => (
        <g key={s.label} transform={`translate(${props.x + i * props.step}, 4)`}>
          <rect width="12" height="12" fill={s.color} />
          <text x="16" y="11" fontSize={props.fontSize}>{s.label}</text>
        </g>
      ))}
    </>
  );
}

function WideChart(props: ChartProps & { max: number }) {
  const groupGap = 14;
  const labelWidth = 120;
  const chartWidth = 420;
  const valueWidth = 130;
  const groupHeight = props.series.length * (BAR + GAP) + groupGap;
  const legendHeight = 24;
  const height = legendHeight + props.groups.length * groupHeight;
  const width = labelWidth + chartWidth + valueWidth;
  return (
    <svg className="chart-wide" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.title} style={{ maxWidth: width }}>
      <title>{props.title}</title>
      <Legend series={props.series} x={labelWidth} step={110} fontSize={12} />
      {props.groups.map((g, gi) => {
        const y0 = legendHeight + gi * groupHeight;
        return (
          <g key={g.label}>
            <text x={labelWidth - 8} y={y0 + (props.series.length * (BAR + GAP)) / 2 + 4} fontSize="12" textAnchor="end">
              {g.label}
            </text>
            <Bars {...props} x={labelWidth} y={y0} chartWidth={chartWidth} values={g.values} group={g.label} fontSize={12} />
          </g>
        );
      })}
    </svg>
  );
}

function NarrowChart(props: ChartProps & { max: number }) {
  const width = 320;
  const font = 13;
  const chartWidth = width - 100;
  const labelHeight = font + 6;
  const groupHeight = labelHeight + props.series.length * (BAR + GAP) + 10;
  const legendHeight = 26;
  const height = legendHeight + props.groups.length * groupHeight;
  return (
    <svg className="chart-narrow" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <Legend series={props.series} x={0} step={120} fontSize={font} />
      {props.groups.map((g, gi) => {
        const y0 = legendHeight + gi * groupHeight;
        return (
          <g key={g.label}>
            <text x={0} y={y0 + font} fontSize={font} fontWeight="600">
              {g.label}
            </text>
            <Bars {...props} x={0} y={y0 + labelHeight} chartWidth={chartWidth} values={g.values} group={g.label} fontSize={font} />
          </g>
        );
      })}
    </svg>
  );
}

export function FinanceBarChart(props: ChartProps) {
  const max = Math.max(1, ...props.groups.flatMap((g) => g.values));
  return (
    <figure className="chart" data-testid={props.testId}>
      <WideChart {...props} max={max} />
      <NarrowChart {...props} max={max} />
      <figcaption className="muted">{props.title}</figcaption>
    </figure>
  );
}
