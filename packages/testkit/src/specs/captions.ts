import { baseSpec, type CommonSpecOptions, frameMs } from '../spec-base.js';
import { createSeededRandom } from '../seeded-random.js';
import { estimateTextWidthPx, lineHeightPx } from '../text-width.js';
import type { VideoSpec } from '../types.js';

export interface CaptionsOptions extends CommonSpecOptions {
  /** Seconds each caption is visible. */
  onS?: number;
  /** Seconds between captions. */
  offS?: number;
  /** What the captions are burned over: a still scene (default) or a moving picture (testsrc2). */
  background?: 'still' | 'moving';
}

const CAPTIONS = [
  'Welcome back to the weekly update',
  'Our revenue grew again this quarter',
  'Churn is at its lowest point',
  'Let us look at the roadmap',
  'The new pricing starts in May',
  'Support tickets dropped by half',
  'Thanks to the whole sales team',
  'Questions are welcome at the end',
  'Hiring continues in Berlin',
  'The beta opens to everyone',
  'Margins held steady at 61%',
  'See you next week, everyone',
  'Security review passed: no issues',
  'Three new partners joined',
  'Customers love the search feature',
];

/**
 * Short captions (default 1.0 s on, 1.5 s off), bottom-centred white text on a dark band, over a
 * static scene or, like subtitles burned into footage, over a moving picture. Ground truth: each
 * caption with its exact on-screen span.
 */
export function captions(options: CaptionsOptions): VideoSpec {
  const moving = options.background === 'moving';
  const spec = baseSpec(
    'captions',
    options,
    { width: 1280, height: 720 },
    moving ? { kind: 'testsrc2' } : { kind: 'color', color: '0x3a5068' },
  );
  const r = createSeededRandom(options.seed ?? 4);
  const onS = options.onS ?? 1;
  const periodS = onS + (options.offS ?? 1.5);
  const durationMs = frameMs(spec.durationS, spec.fps);
  const forever = { startMs: 0, endMs: durationMs };
  if (!moving) {
    spec.boxes.push({ ...forever, rect: { x: 0, y: 430, w: 1280, h: 290 }, color: '0x4d6b3c' });
    spec.boxes.push({ ...forever, rect: { x: 820, y: 120, w: 260, h: 340 }, color: '0x7a5a40' });
    spec.boxes.push({ ...forever, rect: { x: 140, y: 90, w: 120, h: 120 }, color: '0xe8d070' });
  }
  const sizePx = 36;
  let offset = r.int(0, CAPTIONS.length - 1);
  for (let atS = 0.5; frameMs(atS, spec.fps) < durationMs; atS += periodS) {
    const text = CAPTIONS[offset++ % CAPTIONS.length] as string;
    const startMs = frameMs(atS, spec.fps);
    const endMs = Math.min(frameMs(atS + onS, spec.fps), durationMs);
    const bandW = estimateTextWidthPx(text, sizePx) + 48;
    const rect = { x: Math.round(640 - bandW / 2), y: 600, w: bandW, h: lineHeightPx(sizePx) + 24 };
    spec.boxes.push({ rect, color: 'black@0.75', startMs, endMs });
    spec.texts.push({ text, xPx: 640, align: 'center', yPx: 612, fontSizePx: sizePx, color: 'white', truth: true, startMs, endMs });
  }
  return spec;
}
