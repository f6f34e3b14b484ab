import { baseSpec, type CommonSpecOptions, frameMs } from '../spec-base.js';
import { createSeededRandom, type SeededRandom } from '../seeded-random.js';
import type { TextLayer, TimeSpanMs, VideoSpec } from '../types.js';

export interface Chart1080Options extends CommonSpecOptions {
  /** Seconds per chart. */
  chartS?: number;
}

const METRICS = [
  ['Quarterly revenue by region', 'Revenue ($M)'],
  ['Active customers per quarter', 'Customers (thousands)'],
  ['Support tickets resolved', 'Tickets (thousands)'],
  ['Cloud spend by service', 'Spend ($K)'],
  ['Churn rate by segment', 'Churn (%)'],
  ['Pipeline value by stage', 'Pipeline ($M)'],
] as const;
const CATEGORY_SETS = [
  ['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026', 'Q1 2027'],
  ['EMEA', 'APAC', 'Americas', 'Nordics'],
  ['Compute', 'Storage', 'Network', 'Database', 'Search', 'Backup'],
  ['SMB', 'Mid-market', 'Enterprise'],
] as const;
const COLORS = ['0x3366cc', '0xdc3912', '0xff9900', '0x109618', '0x990099', '0x0099c6'];

// Plot area in pixels (1920×1080).
const LEFT = 260,
  RIGHT = 1700,
  TOP = 220,
  BOTTOM = 880;

function drawChart(spec: VideoSpec, r: SeededRandom, span: TimeSpanMs): void {
  const [title, axisTitle] = r.pick(METRICS);
  const categories = r.pick(CATEGORY_SETS);
  const maxValue = r.pick([40, 80, 100, 200]);
  const text = (t: string, xPx: number, yPx: number, fontSizePx: number, align: TextLayer['align'] = 'left'): void => {
    spec.texts.push({ text: t, xPx, yPx, fontSizePx, align, color: '0x202020', truth: true, ...span });
  };
  text(title, 120, 70, 44);
  text(axisTitle, LEFT, 170, 20);
  spec.boxes.push({ ...span, rect: { x: LEFT, y: TOP, w: 3, h: BOTTOM - TOP }, color: '0x404040' });
  spec.boxes.push({ ...span, rect: { x: LEFT, y: BOTTOM, w: RIGHT - LEFT, h: 3 }, color: '0x404040' });
  for (let tick = 0; tick <= 4; tick++) {
    const yPx = Math.round(BOTTOM - ((BOTTOM - TOP) * tick) / 4);
    if (tick > 0) spec.boxes.push({ ...span, rect: { x: LEFT + 3, y: yPx, w: RIGHT - LEFT, h: 1 }, color: '0xd8d8d8' });
    text(String((maxValue * tick) / 4), LEFT - 16, yPx - 10, 18, 'right');
  }
  const slotW = (RIGHT - LEFT) / categories.length;
  categories.forEach((category, i) => {
    const value = Math.round(maxValue * (0.2 + 0.75 * r.next()) * 10) / 10;
    const barH = Math.round(((BOTTOM - TOP) * value) / maxValue);
    const centreX = Math.round(LEFT + slotW * (i + 0.5));
    const barW = Math.round(slotW * 0.5);
    spec.boxes.push({
      ...span,
      rect: { x: centreX - barW / 2, y: BOTTOM - barH, w: barW, h: barH },
      color: COLORS[i % COLORS.length] as string,
    });
    text(String(value), centreX, BOTTOM - barH - 28, 16, 'center');
    text(category, centreX, BOTTOM + 18, 18, 'center');
  });
  text('Source: internal finance data, unaudited', RIGHT, 990, 16, 'right');
}

/** 1920×1080 bar charts with small (16–20 px) axis and value labels, a 44 px title; one chart per `chartS`. */
export function chart1080(options: Chart1080Options): VideoSpec {
  const spec = baseSpec('chart1080', options, { width: 1920, height: 1080 }, { kind: 'color', color: 'white' });
  const r = createSeededRandom(options.seed ?? 3);
  const chartS = options.chartS ?? 6;
  const durationMs = frameMs(spec.durationS, spec.fps);
  for (let atS = 0; frameMs(atS, spec.fps) < durationMs; atS += chartS) {
    drawChart(spec, r, { startMs: frameMs(atS, spec.fps), endMs: Math.min(frameMs(atS + chartS, spec.fps), durationMs) });
  }
  return spec;
}
