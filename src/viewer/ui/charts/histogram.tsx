/** A score histogram as inline SVG: one bar per bin, its count and range in the bar's tooltip. */
import type { Histogram as HistogramData } from '../../api-types.js';
import { formatNumber } from '../format.js';
import { linearScale, niceTicks, type Scale, tickLabel } from './scale.js';

const MARGIN = { top: 8, right: 10, bottom: 30, left: 40 };

interface Geometry {
  data: HistogramData;
  x: Scale;
  y: Scale;
  width: number;
  bottom: number;
}

export function Histogram({
  data,
  width = 320,
  height = 170,
}: {
  data: HistogramData;
  width?: number;
  height?: number;
}) {
  const maxCount = Math.max(1, ...data.counts);
  const g: Geometry = {
    data,
    x: linearScale([data.min, data.max], [MARGIN.left, width - MARGIN.right]),
    y: linearScale([0, maxCount], [height - MARGIN.bottom, MARGIN.top]),
    width,
    bottom: height - MARGIN.bottom,
  };
  const yTicks = niceTicks(0, maxCount, 4).filter((t) => Number.isInteger(t));
  return (
    <figure class="chart histogram" data-testid={`histogram-${data.name}`}>
      <figcaption>
        {data.name}{' '}
        <span class="muted">
          mean {formatNumber(data.mean)} · n={data.total}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`distribution of ${data.name}`}>
        <g class="grid">
          {yTicks.map((t) => (
            <line key={t} x1={MARGIN.left} x2={width - MARGIN.right} y1={g.y(t)} y2={g.y(t)} />
          ))}
        </g>
        <Bars g={g} />
        <HistogramAxes g={g} yTicks={yTicks} />
      </svg>
    </figure>
  );
}

function Bars({ g }: { g: Geometry }) {
  const { data, x, y, bottom } = g;
  const bins = data.counts.length;
  const binWidth = bins === 0 ? 0 : (data.max - data.min) / bins;
  const barWidth = bins === 0 ? 0 : (g.width - MARGIN.left - MARGIN.right) / bins;
  return (
    <>
      {data.counts.map((count, i) => {
        const from = data.min + i * binWidth;
        const left = data.min === data.max ? MARGIN.left : x(from);
        const label = `${formatNumber(from)} – ${formatNumber(from + binWidth)}: ${count} case${count === 1 ? '' : 's'}`;
        return (
          <rect
            key={i}
            class="bar"
            x={left + 1}
            y={y(count)}
            width={Math.max(0, barWidth - 2)}
            height={bottom - y(count)}
          >
            <title>{label}</title>
          </rect>
        );
      })}
    </>
  );
}

function HistogramAxes({ g, yTicks }: { g: Geometry; yTicks: number[] }) {
  const { data, x, y, bottom, width } = g;
  const flat = data.min === data.max;
  const xTicks = flat ? [data.min] : niceTicks(data.min, data.max, 5);
  return (
    <g class="axes">
      <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} />
      {xTicks.map((t) => (
        <text key={t} x={flat ? width / 2 : x(t)} y={bottom + 14} text-anchor="middle">
          {tickLabel(t)}
        </text>
      ))}
      {yTicks.map((t) => (
        <text key={t} x={MARGIN.left - 5} y={y(t) + 4} text-anchor="end">
          {t}
        </text>
      ))}
    </g>
  );
}
