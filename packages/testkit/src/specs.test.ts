import { describe, expect, it } from 'vitest';
import { escapeFilterValue } from './filter-graph.js';
import {
  captions,
  chart1080,
  groundTruthOf,
  lowContrast,
  lowerThirds,
  sampleVideoSpec,
  slideDeck,
  spanish,
  type VideoSpec,
} from './index.js';

const BUILDERS: Array<[string, (o: { durationS: number; seed?: number }) => VideoSpec]> = [
  ['slideDeck', slideDeck],
  ['lowerThirds', lowerThirds],
  ['chart1080', chart1080],
  ['captions', captions],
  ['lowContrast', lowContrast],
  ['spanish', spanish],
];

type Line = ReturnType<typeof groundTruthOf>['lines'][number];
const overlaps = (a: Line, b: Line): boolean =>
  a.startMs < b.endMs &&
  b.startMs < a.endMs &&
  a.bbox.x < b.bbox.x + b.bbox.w &&
  b.bbox.x < a.bbox.x + a.bbox.w &&
  a.bbox.y < b.bbox.y + b.bbox.h &&
  b.bbox.y < a.bbox.y + a.bbox.h;

describe('spec builders', () => {
  it.each(BUILDERS)('%s is deterministic for a seed and differs across seeds', (_, build) => {
    expect(build({ durationS: 60, seed: 9 })).toEqual(build({ durationS: 60, seed: 9 }));
    if (_ !== 'spanish')
      expect(groundTruthOf(build({ durationS: 60, seed: 9 }))).not.toEqual(groundTruthOf(build({ durationS: 60, seed: 10 })));
  });

  it.each(BUILDERS)('%s: a 30-minute version keeps every line inside the frame, the video and apart', (_, build) => {
    const truth = groundTruthOf(build({ durationS: 1800 }));
    expect(truth.durationMs).toBe(1_800_000);
    expect(truth.lines.length).toBeGreaterThan(100);
    expect(truth.lines.at(-1)?.startMs).toBeGreaterThan(1_700_000);
    for (const line of truth.lines) {
      expect(line.endMs).toBeLessThanOrEqual(truth.durationMs);
      expect(line.bbox.x).toBeGreaterThan(0);
      expect(line.bbox.x + line.bbox.w).toBeLessThan(1);
      expect(line.bbox.y + line.bbox.h).toBeLessThan(1);
    }
    const slice = truth.lines.filter((line) => line.startMs < 120_000);
    for (const [i, a] of slice.entries()) for (const b of slice.slice(i + 1)) expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false);
  });

  it('reveals some bullets mid-slide and marks the clock as not ground truth', () => {
    const lines = groundTruthOf(slideDeck({ durationS: 80 })).lines;
    expect(lines.some((line) => line.startMs % 8000 !== 0)).toBe(true);
    const spec = lowerThirds({ durationS: 20 });
    expect(spec.clock).toBeDefined();
    expect(groundTruthOf(spec).lines.every((line) => !/\d\d:\d\d/.test(line.text))).toBe(true);
  });

  it('captions are on screen for 1.0 s each', () => {
    const lines = groundTruthOf(captions({ durationS: 30 })).lines;
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(line.endMs - line.startMs).toBe(1000);
  });

  it('the demo sample has the promised words', () => {
    const texts = groundTruthOf(sampleVideoSpec()).lines.map((line) => line.text);
    expect(texts).toEqual(expect.arrayContaining(['Quarterly revenue grew 12%', 'Roadmap 2027', 'Customer churn']));
  });

  it('escapes filter option values at both levels', () => {
    expect(escapeFilterValue('/tmp/a:b')).toBe('/tmp/a\\\\:b'); // raw a\\:b — the option-level backslash escaped again at graph level (ffmpeg docs)
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('[x],y;')).toBe('\\[x\\]\\,y\\;');
  });
});
