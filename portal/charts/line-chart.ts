// A small line chart model for server-rendered SVG. It returns coordinates and labels only; the
// chart partial draws them with classes from the stylesheet, so no inline style is needed.

export interface ChartPoint {
  label: string;
  value: number | null;
}

export interface LineChart {
  title: string;
  unit: string;
  width: number;
  height: number;
  /** SVG path data of the line; days without a value break the line. */
  path: string;
  dots: { x: number; y: number; label: string; value: string }[];
  maxLabel: string;
  firstLabel: string;
  lastLabel: string;
  baseline: number;
  empty: boolean;
  points: { label: string; value: string }[];
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 8, right: 8, top: 12, bottom: 8 };

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function lineChart(title: string, unit: string, points: ChartPoint[]): LineChart {
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  const max = Math.max(1, ...values);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = points.length > 1 ? innerWidth / (points.length - 1) : 0;
  const x = (index: number) => round(PAD.left + index * step);
  const y = (value: number) => round(PAD.top + innerHeight - (value / max) * innerHeight);

  let path = '';
  let drawing = false;
  const dots: LineChart['dots'] = [];
  points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index)} ${y(point.value)} `;
    drawing = true;
    dots.push({ x: x(index), y: y(point.value), label: point.label, value: `${point.value} ${unit}` });
  });

  return {
    title,
    unit,
    width: WIDTH,
    height: HEIGHT,
    path: path.trim(),
    dots,
    maxLabel: `${round(max)} ${unit}`,
    firstLabel: points[0]?.label ?? '',
    lastLabel: points.at(-1)?.label ?? '',
    baseline: HEIGHT - PAD.bottom,
    empty: values.length === 0,
    points: points.map((point) => ({ label: point.label, value: point.value === null ? '—' : `${point.value} ${unit}` })),
  };
}
