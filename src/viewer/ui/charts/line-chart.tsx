/**
 * @module
 * A line plot as inline SVG: several series, optional steps and dashes, axes with round ticks, a
 * legend, and a tooltip (SVG <title>) on each point.
 */
import { colorOf } from '../components.js';
import { extent, linearScale, niceTicks, type Scale, tickLabel } from './scale.js';

export interface ChartPoint {
  x: number;
  y: number;
  /** Tooltip text of the point. */
  label?: string;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  dashed?: boolean;
  /** Where a step happens relative to each point; absent: straight segments. */
  step?: 'start' | 'middle' | 'end';
}

export interface LineChartProps {
  title?: string;
  series: ChartSeries[];
  xLabel?: string;
  yLabel?: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  xFormat?: (x: number) => string;
  yFormat?: (y: number) => string;
  /** Tick positions of the x axis (default: round numbers). */
  xTicks?: number[];
  /** Draw the y = x diagonal (ROC curves). */
  diagonal?: boolean;
  showPoints?: boolean;
  width?: number;
  height?: number;
  testId?: string;
}

const MARGIN = { top: 12, right: 32, bottom: 44, left: 56 };

export function LineChart(props: LineChartProps) {
  const { series, width = 560, height = 280, xFormat = tickLabel, yFormat = tickLabel } = props;
  const finite = series.map((s) => s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  const xDomain = props.xDomain ?? extent(finite.flat().map((p) => p.x));
  const yDomain = props.yDomain ?? extent(finite.flat().map((p) => p.y));
  const x = linearScale(xDomain, [MARGIN.left, width - MARGIN.right]);
  const y = linearScale(yDomain, [height - MARGIN.bottom, MARGIN.top]);
  const xTicks = props.xTicks ?? niceTicks(xDomain[0], xDomain[1], 6);
  const yTicks = niceTicks(yDomain[0], yDomain[1], 5);
  return (
    <figure class="chart" data-testid={props.testId}>
      {props.title && <figcaption>{props.title}</figcaption>}
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title ?? 'line chart'}>
        <Grid xTicks={xTicks} yTicks={yTicks} x={x} y={y} width={width} height={height} />
        <Axes {...{ xTicks, yTicks, x, y, width, height, xFormat, yFormat }} />
        {props.diagonal && (
          <line
            x1={x(xDomain[0])}
            y1={y(yDomain[0])}
            x2={x(xDomain[1])}
            y2={y(yDomain[1])}
            class="diagonal"
          />
        )}
        {finite.map((points, i) => (
          <SeriesLine
            key={series[i]!.name}
            series={series[i]!}
            points={points}
            color={colorOf(i)}
            showPoints={props.showPoints ?? points.length <= 60}
            {...{ x, y, xFormat, yFormat }}
          />
        ))}
        <AxisLabels xLabel={props.xLabel} yLabel={props.yLabel} width={width} height={height} />
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

interface SeriesLineProps {
  series: ChartSeries;
  points: ChartPoint[];
  color: string;
  showPoints: boolean;
  x: Scale;
  y: Scale;
  xFormat: (x: number) => string;
  yFormat: (y: number) => string;
}

function SeriesLine({ series, points, color, showPoints, x, y, xFormat, yFormat }: SeriesLineProps) {
  return (
    <g>
      <path
        d={pathOf(points, series.step, x, y)}
        fill="none"
        stroke={color}
        stroke-width="2"
        stroke-dasharray={series.dashed ? '6 4' : undefined}
      />
      {showPoints &&
        points.map((p, j) => (
          <circle key={j} cx={x(p.x)} cy={y(p.y)} r="3" fill={color}>
            <title>{p.label ?? `${series.name}: ${xFormat(p.x)}, ${yFormat(p.y)}`}</title>
          </circle>
        ))}
    </g>
  );
}

interface AxisLabelsProps {
  xLabel: string | undefined;
  yLabel: string | undefined;
  width: number;
  height: number;
}

function AxisLabels({ xLabel, yLabel, width, height }: AxisLabelsProps) {
  return (
    <>
      {xLabel && (
        <text
          x={(MARGIN.left + width - MARGIN.right) / 2}
          y={height - 6}
          class="axis-label"
          text-anchor="middle"
        >
          {xLabel}
        </text>
      )}
      {yLabel && (
        <text
          transform={`translate(14 ${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`}
          class="axis-label"
          text-anchor="middle"
        >
          {yLabel}
        </text>
      )}
    </>
  );
}

export function Legend({ names }: { names: string[] }) {
  if (names.length < 2) return null;
  return (
    <ul class="legend">
      {names.map((name, i) => (
        <li key={name}>
          <svg viewBox="0 0 12 12" class="swatch" aria-hidden="true">
            <rect width="12" height="12" rx="2" fill={colorOf(i)} />
          </svg>
          {name}
        </li>
      ))}
    </ul>
  );
}

interface GridProps {
  xTicks: number[];
  yTicks: number[];
  x: Scale;
  y: Scale;
  width: number;
  height: number;
}

function Grid({ xTicks, yTicks, x, y, width, height }: GridProps) {
  return (
    <g class="grid">
      {yTicks.map((t) => (
        <line key={`y${t}`} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
      ))}
      {xTicks.map((t) => (
        <line key={`x${t}`} y1={MARGIN.top} y2={height - MARGIN.bottom} x1={x(t)} x2={x(t)} />
      ))}
    </g>
  );
}

interface AxesProps extends GridProps {
  xFormat: (x: number) => string;
  yFormat: (y: number) => string;
}

export function Axes({ xTicks, yTicks, x, y, width, height, xFormat, yFormat }: AxesProps) {
  const bottom = height - MARGIN.bottom;
  return (
    <g class="axes">
      <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} />
      <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} />
      {xTicks.map((t) => (
        <text key={`x${t}`} x={x(t)} y={bottom + 16} text-anchor="middle">
          {xFormat(t)}
        </text>
      ))}
      {yTicks.map((t) => (
        <text key={`y${t}`} x={MARGIN.left - 6} y={y(t) + 4} text-anchor="end">
          {yFormat(t)}
        </text>
      ))}
    </g>
  );
}

/** The `d` of a series: straight segments, or steps placed at the start, middle or end of each interval. */
export function pathOf(points: readonly ChartPoint[], step: ChartSeries['step'], x: Scale, y: Scale): string {
  let d = '';
  points.forEach((p, i) => {
    const px = x(p.x);
    const py = y(p.y);
    if (i === 0) {
      d = `M${px},${py}`;
      return;
    }
    const prev = points[i - 1]!;
    if (step === 'end') d += `H${px}V${py}`;
    else if (step === 'start') d += `V${py}H${px}`;
    else if (step === 'middle') {
      const mid = (x(prev.x) + px) / 2;
      d += `H${mid}V${py}H${px}`;
    } else d += `L${px},${py}`;
  });
  return d;
}
