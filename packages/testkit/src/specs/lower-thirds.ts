import { baseSpec, type CommonSpecOptions, frameMs } from '../spec-base.js';
import { createSeededRandom } from '../seeded-random.js';
import { estimateTextWidthPx } from '../text-width.js';
import type { VideoSpec } from '../types.js';

const PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ['Maria Lopez', 'Chief Financial Officer'],
  ['David Chen', 'Head of Product'],
  ['Amara Okafor', 'VP Customer Success'],
  ['Jonas Berg', 'Senior Data Engineer'],
  ['Priya Raman', 'Director of Marketing'],
  ["Tom O'Brien", 'Regional Sales Lead, EMEA'],
  ['Sofia Rossi', 'Security Architect'],
  ['Kenji Watanabe', 'Chief Technology Officer'],
];

/**
 * testsrc2's moving picture with lower-third name/title boxes (dark box, white text) shown for 4–6 s
 * with 1–3 s gaps, and a running timecode top-right. Ground truth: name and title lines only; the
 * timecode (and testsrc2's own small counter top-left) change every frame and are not ground truth.
 */
export function lowerThirds(options: CommonSpecOptions): VideoSpec {
  const spec = baseSpec('lowerThirds', options, { width: 1280, height: 720 }, { kind: 'testsrc2' });
  const r = createSeededRandom(options.seed ?? 2);
  const durationMs = frameMs(spec.durationS, spec.fps);
  let atS = 1;
  let index = r.int(0, PEOPLE.length - 1);
  while (frameMs(atS, spec.fps) < durationMs - 1000) {
    const [name, title] = PEOPLE[index++ % PEOPLE.length] as readonly [string, string];
    const startMs = frameMs(atS, spec.fps);
    const endMs = Math.min(frameMs(atS + r.int(4, 6), spec.fps), durationMs);
    const boxW = Math.max(estimateTextWidthPx(name, 40, true), estimateTextWidthPx(title, 30)) + 64;
    spec.boxes.push({ rect: { x: 60, y: 540, w: boxW, h: 124 }, color: '0x101820@0.85', startMs, endMs });
    spec.boxes.push({ rect: { x: 60, y: 540, w: 8, h: 124 }, color: '0xf0a030', startMs, endMs });
    const line = { xPx: 96, align: 'left' as const, color: 'white', truth: true, startMs, endMs };
    spec.texts.push({ ...line, text: name, yPx: 558, fontSizePx: 40, bold: true });
    spec.texts.push({ ...line, text: title, yPx: 614, fontSizePx: 30, color: '0xe0e0e0' });
    atS += (endMs - startMs) / 1000 + r.int(1, 3);
  }
  spec.clock = { xPx: 1040, yPx: 30, fontSizePx: 28, color: 'white', boxColor: 'black@0.6' };
  return spec;
}
