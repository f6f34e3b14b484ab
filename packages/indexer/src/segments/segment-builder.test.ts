import { describe, expect, it } from 'vitest';
import { computeGrid } from '../frames/frame-grid.js';
import { createSegmentBuilder, mergeSightings } from './segment-builder.js';

const W = 320;
const H = 180;
function frameWith(rects: Array<[number, number, number, number]>): Uint8Array {
  const pixels = new Uint8Array(W * H).fill(235);
  for (const [x, y, w, h] of rects) for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx += 2) pixels[yy * W + xx] = 20;
  return pixels;
}
const TITLE_RECT: [number, number, number, number] = [20, 20, 200, 12];
const TITLE = { text: 'Quarterly revenue', confidence: 0.9, bbox: { x: 20 / W, y: 20 / H, w: 200 / W, h: 12 / H } };
const titleFrame = computeGrid(frameWith([[20, 20, 200, 12]]), W, H);
const blank = computeGrid(frameWith([]), W, H);

describe('segment builder', () => {
  it('extends a line while its cells stay unchanged and starts it at its first sighting', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 1000 });
    const timeline = [blank, blank, titleFrame, titleFrame, titleFrame, titleFrame, blank, blank];
    for (const [i, g] of timeline.entries()) builder.addSample(i, g);
    builder.addOcr(0, []);
    builder.addOcr(3, [TITLE]);
    builder.addOcr(7, []);
    const segments = builder.finish(7);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ text: 'Quarterly revenue', startMs: 1000, endMs: 3000 });
  });

  it('keeps a line open when one OCR misses it but its cells did not change', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 1000 });
    for (let i = 0; i < 8; i++) builder.addSample(i, titleFrame);
    builder.addOcr(0, [TITLE]);
    builder.addOcr(3, []);
    builder.addOcr(5, [TITLE]);
    expect(builder.finish(7)).toMatchObject([{ startMs: 0, endMs: 4000 }]);
  });

  it('starts a line where the one before it at the same place was seen to leave, even over a moving picture', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 1000 });
    const name: [number, number, number, number] = [20, 20, 150, 12];
    // a block that moves every sample, so the frame as a whole never stops changing
    const mover = (i: number): [number, number, number, number] => [20 + i * 30, 100, 60, 40];
    const timeline = [[TITLE_RECT], [TITLE_RECT], [], [], [name], [name], [name], [name]];
    for (const [i, rects] of timeline.entries()) builder.addSample(i, computeGrid(frameWith([...rects, mover(i)]), W, H));
    builder.addOcr(0, [TITLE]);
    // the new line is read one sample after it came
    builder.addOcr(5, [{ text: 'Maria Lopez', confidence: 0.9, bbox: { x: 20 / W, y: 20 / H, w: 150 / W, h: 12 / H } }]);
    const segments = builder.finish(7);
    expect(segments.map((s) => [s.text, s.startMs, s.endMs])).toEqual([
      ['Quarterly revenue', 0, 1000],
      ['Maria Lopez', 2000, 4000],
    ]);
  });

  it('merges two sightings of one line separated by a short flicker', () => {
    const a = { text: 'Roadmap 2027', startMs: 0, endMs: 2000, confidence: 0.8, bbox: TITLE.bbox };
    const b = { ...a, startMs: 2500, endMs: 6000, confidence: 0.95 };
    const c = { ...a, startMs: 9000, endMs: 9500 };
    expect(mergeSightings([b, a, c], 1000)).toEqual([{ ...a, endMs: 6000, confidence: 0.95 }, c]);
  });
});

/** A caption band at the bottom whose translucent background shows a picture that changes every sample. */
function overMotion(i: number, withCaption: boolean): ReturnType<typeof computeGrid> {
  const pixels = frameWith([]);
  const level = i % 2 === 0 ? 60 : 160;
  for (let y = 140; y < 170; y++) pixels.fill(level, y * W, (y + 1) * W);
  if (withCaption) for (let y = 150; y < 162; y++) for (let x = 40; x < 280; x += 2) pixels[y * W + x] = 235;
  return computeGrid(pixels, W, H);
}
const CAPTION_BOX = { x: 40 / W, y: 150 / H, w: 240 / W, h: 12 / H };
const CLOCK_BOX = { x: 200 / W, y: 150 / H, w: 80 / W, h: 12 / H };
const read = (text: string, bbox = CAPTION_BOX) => ({ text, confidence: 0.9, bbox });

describe('text read over a moving picture', () => {
  it('keeps a caption read over a moving picture when a neighbouring sample reads it again at the same place', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    for (let i = 0; i < 8; i++) builder.addSample(i, overMotion(i, i >= 3 && i <= 5));
    const caption = read('Our revenue grew again this quarter');
    expect(builder.toConfirm(3, [caption])).toEqual([caption]);
    // the confirming read has stray marks around the line and a slightly different reading
    builder.addOcr(3, [caption], { idx: 4, lines: [read('=— Our revenue grew again this quarier [8')] });
    expect(builder.droppedMoving()).toBe(0);
    expect(builder.finish(7).map((s) => [s.text, s.startMs, s.endMs])).toEqual([['Our revenue grew again this quarter', 1500, 3000]]);
  });

  it('drops a running clock, and stops checking a place where the text read over motion kept changing', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    for (let i = 0; i < 10; i++) builder.addSample(i, overMotion(i, true));
    const clockAt = (idx: number) => read(`00:00:0${Math.floor(idx / 2)}.${idx % 2 === 0 ? '200' : '700'}`, CLOCK_BOX);
    for (const idx of [1, 3]) {
      expect(builder.toConfirm(idx, [clockAt(idx)])).toHaveLength(1);
      builder.addOcr(idx, [clockAt(idx)], { idx: idx + 1, lines: [clockAt(idx + 1)] });
    }
    expect(builder.toConfirm(5, [clockAt(5)])).toEqual([]);
    builder.addOcr(5, [clockAt(5)]);
    // a line read once over motion at the clock's place is dropped unchecked
    builder.addOcr(7, [read('Thanks to the whole sales team', { x: 200 / W, y: 150 / H, w: 80 / W, h: 12 / H })]);
    expect(builder.droppedMoving()).toBe(4);
    expect(builder.finish(9)).toEqual([]);
  });

  it('keeps a sure caption read once over motion, replaced by the next before a second look; drops a murky one', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    for (let i = 0; i < 10; i++) builder.addSample(i, overMotion(i, true));
    builder.addOcr(3, [read('How are you?')], { idx: 4, lines: [read('Tell me, is the lord of the universe in?')] });
    builder.addOcr(5, [{ ...read('Tell me, is the lord of the universe in?'), confidence: 0.65 }], { idx: 6, lines: [] });
    // a counter with words is a clock all the same: the next sample reads other digits there
    builder.addOcr(7, [read('Frame 1207 of 2000')], { idx: 8, lines: [read('Frame 1208 of 2000')] });
    expect(builder.finish(9).map((s) => [s.text, s.startMs, s.endMs])).toEqual([['How are you?', 1500, 2000]]);
    expect(builder.droppedMoving()).toBe(2);
  });

  it('keeps a sure acronym read once over motion (a list page shown for one sample), not a murky one or a short mark', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    for (let i = 0; i < 10; i++) builder.addSample(i, overMotion(i, true));
    const at = (text: string, confidence: number, x: number) => ({ text, confidence, bbox: { ...CAPTION_BOX, x: x / W, w: 20 / W } });
    builder.addOcr(3, [at('VR', 0.96, 40), at('TV', 0.8, 120), at('Ee', 0.96, 200)], { idx: 4, lines: [] });
    expect(builder.finish(9).map((s) => s.text)).toEqual(['VR']);
  });

  it('keeps the reading a confirmation completes (a date cut short), not one with stray marks added', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    for (let i = 0; i < 10; i++) builder.addSample(i, overMotion(i, true));
    builder.addOcr(3, [read('v0.0.19 2026-04')], { idx: 4, lines: [{ ...read('v0.0.19 2026-04-12'), confidence: 0.8 }] });
    builder.addOcr(6, [read('Release notes')], { idx: 7, lines: [read('Release notes ee')] });
    expect(builder.finish(9).map((s) => s.text)).toEqual(['v0.0.19 2026-04-12', 'Release notes']);
  });

  it('takes a confirming reading with a name before the line it confirms as new text of its sample too', () => {
    const builder = createSegmentBuilder({ sampleFps: 2, durationMs: 10_000, changeThreshold: 3, mergeGapMs: 0 });
    const tag = read('[Any spinner you like]');
    const named = read('dots10 [Any spinner you like]');
    const murky = { ...read('ee arc [Any spinner you like]'), confidence: 0.6 };
    expect(builder.unconfirming([tag], [named])).toEqual([named]);
    // OCR unsure of it, or the same line read again, or stray marks: a confirmation only
    expect(builder.unconfirming([tag], [murky])).toEqual([]);
    expect(builder.unconfirming([tag], [read('[Any spinner you like]')])).toEqual([]);
    expect(builder.unconfirming([tag], [read('| [Any spinner you like]')])).toEqual([]);
    // another line at the place confirms nothing: new text, as before
    expect(builder.unconfirming([tag], [read('Colors')])).toEqual([read('Colors')]);
  });
});

describe('line identity', () => {
  it('treats a changed number as new text, and strips bullets OCR misreads', async () => {
    const { sameLine, stripLeadingBullet } = await import('./text-match.js');
    expect(sameLine('company confidential • page 1', 'company confidential * page 1')).toBe(true);
    expect(sameLine('company confidential • page 1', 'company confidential • page 2')).toBe(false);
    expect(stripLeadingBullet('= Net churn fell')).toBe('Net churn fell');
    expect(stripLeadingBullet('m Customer NPS')).toBe('Customer NPS');
    expect(stripLeadingBullet('a Customer NPS')).toBe('Customer NPS');
    expect(stripLeadingBullet('a customer')).toBe('a customer');
    expect(stripLeadingBullet('=m Net churn')).toBe('Net churn');
    expect(stripLeadingBullet('mn Net churn')).toBe('Net churn');
    expect(stripLeadingBullet('Up 12%')).toBe('Up 12%');
    expect(stripLeadingBullet('Q1 revenue')).toBe('Q1 revenue');
    // a heading's marks and a checkbox are on screen as text
    expect(stripLeadingBullet('## Desserts')).toBe('## Desserts');
    expect(stripLeadingBullet('# Slide 1')).toBe('# Slide 1');
    expect(stripLeadingBullet('( ) Lychee')).toBe('( ) Lychee');
    expect(stripLeadingBullet('[ ] See friends')).toBe('[ ] See friends');
    // so are a list's numbering and a typed markdown bullet
    expect(stripLeadingBullet('- Does')).toBe('- Does');
    expect(stripLeadingBullet('* Work')).toBe('* Work');
    expect(stripLeadingBullet('1. Ramen')).toBe('1. Ramen');
    expect(stripLeadingBullet('a. Level 2')).toBe('a. Level 2');
    expect(stripLeadingBullet('b) Level 2')).toBe('b) Level 2');
  });

  it('finds a line again in a reading with stray marks around it, but not a number that moved on', async () => {
    const { readAgainIn } = await import('./text-match.js');
    expect(readAgainIn('Customers love the aggre feature', '——— Customers love the search feature [8')).toBe(true);
    expect(readAgainIn('Margins held steady at 61%', 'Margins held steady at 67%')).toBe(false);
    expect(readAgainIn('00:00:01.200', '00:00:01.680')).toBe(false);
    expect(readAgainIn('Let us look at the roadmap', 'EY Hiring continues in Berlin')).toBe(false);
  });

  it('knows a reading that continues a line from one with marks beside it', async () => {
    const { completes } = await import('./text-match.js');
    expect(completes('v0.0.19 2026-04', 'v0.0.19 2026-04-12')).toBe(true);
    expect(completes('Loading', 'Loading the dataset')).toBe(true);
    expect(completes('Release notes', 'Release notes ee')).toBe(false);
    expect(completes('Release notes', 'Release notes')).toBe(false);
    expect(completes('Release notes', 'The release notes')).toBe(false);
    expect(completes('', 'anything')).toBe(false);
  });

  it('knows a reading with more of the row before a line (a spinner’s name before its tag)', async () => {
    const { leadsInto } = await import('./text-match.js');
    expect(leadsInto('[Any spinner you like]', 'dots10 [Any spinner you like]')).toBe(true);
    expect(leadsInto('[Colors]', 'white [Colors]')).toBe(true);
    // marks before it, a word changed within it, words after it: not more of the row before
    expect(leadsInto('[Colors]', '“i [Colors]')).toBe(false);
    expect(leadsInto('Customers love the aggre feature', '——— Customers love the search feature [8')).toBe(false);
    expect(leadsInto('Release notes', 'Release notes 2026')).toBe(false);
    expect(leadsInto('Release notes', 'Release notes')).toBe(false);
    expect(leadsInto('', 'anything')).toBe(false);
  });
});
