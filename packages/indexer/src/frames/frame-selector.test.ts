import { describe, expect, it } from 'vitest';
import { computeGrid } from './frame-grid.js';
import { createFrameSelector, type Selection } from './frame-selector.js';

const W = 960;
const H = 540;

/** A white frame with dark rectangles ("text") at the given cells of a coarse layout. */
function frame(rects: Array<[number, number, number, number]>, noise = 0, seed = 1): Uint8Array {
  const pixels = new Uint8Array(W * H).fill(235);
  let s = seed;
  for (const [x0, y0, w0, h0] of rects) {
    const [x, y, w, h] = [x0 * 3, y0 * 3, w0 * 3, h0 * 3];
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx += 2) pixels[yy * W + xx] = 20;
  }
  if (noise > 0) {
    // mulberry32: a small PRNG whose low bits are usable
    const random = () => {
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < pixels.length; i++) {
      pixels[i] = Math.max(0, Math.min(255, (pixels[i] as number) + Math.round((random() * 2 - 1) * noise)));
    }
  }
  return pixels;
}

const grid = (pixels: Uint8Array) => computeGrid(pixels, W, H);

describe('frame selector', () => {
  it('reads a static slide once, and a new slide once it has settled', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    const slideA = grid(frame([[20, 20, 200, 12]]));
    const slideB = grid(frame([[20, 60, 150, 12]]));
    const decisions = [slideA, slideA, slideA, slideA, slideB, slideB, slideB, slideB, slideB].map((g) => selector.next(g)?.reason ?? null);
    // no OCR result heard, so nothing is known of OCR's confidence: each state gets one second look in
    // the sample after its read, and no more
    expect(decisions).toEqual(['first', 'recheck', null, null, null, 'changed', 'recheck', null, null]);
  });

  const box = (x: number, y: number, w: number, h: number) => ({ x: (x * 3) / W, y: (y * 3) / H, w: (w * 3) / W, h: (h * 3) / H });
  const title: [number, number, number, number] = [20, 20, 200, 12];
  const body: [number, number, number, number] = [20, 100, 150, 12];
  /** A selector that has read a title slide and heard that OCR read it cleanly. */
  function sureSelector(recheckSamples?: number) {
    const selector = createFrameSelector({ changeThreshold: 3, ...(recheckSamples === undefined ? {} : { recheckSamples }) });
    const first = selector.next(grid(frame([title])));
    selector.feedback(first!, [box(...title)]);
    selector.next(grid(frame([title])));
    return selector;
  }

  it('where OCR has been sure, gives a state a second look only once it hears OCR was unsure of it, while it still shows', () => {
    const slide = grid(frame([title, body]));
    /** The body line comes; its read is heard of `lagSamples` samples later. Returns every sample's reason. */
    const run = (selector: ReturnType<typeof sureSelector>, lagSamples: number, outcome: (read: Selection) => void) => {
      const reasons: Array<string | null> = [];
      let read: Selection | undefined;
      for (let t = 0; t < 7; t++) {
        const selection = selector.next(slide);
        reasons.push(selection?.reason ?? null);
        if (selection?.reason === 'changed') read = selection;
        if (read !== undefined && t === 1 + lagSamples) outcome(read);
      }
      return reasons;
    };
    // clean text where every mark is: no second look
    let selector = sureSelector();
    expect(run(selector, 0, (read) => selector.feedback(read, [box(...body)]))).toEqual([null, 'changed', null, null, null, null, null]);
    // the line read with low confidence: a second look once that is heard (the sample after), and only one
    selector = sureSelector();
    expect(run(selector, 2, (read) => selector.feedback(read, [box(...body)], { unsureBoxes: [box(...body)] }))).toEqual([
      null,
      'changed',
      null,
      null,
      'recheck',
      null,
      null,
    ]);
    // marks where OCR found no text at all: a second look too
    selector = sureSelector();
    expect(run(selector, 0, (read) => selector.feedback(read, []))).toEqual([null, 'changed', 'recheck', null, null, null, null]);
    // where OCR was unsure lately, a read gets its second look without waiting for its result
    selector = sureSelector();
    expect(run(selector, 0, (read) => selector.feedback(read, [], {}))).toEqual([null, 'changed', 'recheck', null, null, null, null]);
    const doubting = createFrameSelector({ changeThreshold: 3 });
    const first = doubting.next(grid(frame([title])));
    doubting.feedback(first!, [box(...title)], { unsureBoxes: [box(...title)] });
    expect(doubting.next(grid(frame([title])))?.reason).toBe('recheck');
    expect(run(doubting, 5, () => {})).toEqual([null, 'changed', 'recheck', null, null, null, null]);
    // turned off
    selector = sureSelector(0);
    expect(run(selector, 0, (read) => selector.feedback(read, []))).toEqual([null, 'changed', null, null, null, null, null]);
  });

  it('drops a second look when the doubtful rows changed before it was due, not when other rows did', () => {
    const other: [number, number, number, number] = [60, 100, 150, 12];
    const footer: [number, number, number, number] = [20, 160, 100, 12];
    const reasons = (later: Array<[number, number, number, number]>) => {
      const selector = sureSelector();
      const out: Array<string | null> = [selector.next(grid(frame([title, body])))?.reason ?? null];
      const read = selector.next(grid(frame([title, body])));
      out.push(read?.reason ?? null);
      for (let t = 0; t < 4; t++) out.push(selector.next(grid(frame(later)))?.reason ?? null);
      // heard only now: the body line was unsure
      selector.feedback(read!, [box(...body)], { unsureBoxes: [box(...body)] });
      out.push(selector.next(grid(frame(later)))?.reason ?? null);
      return out;
    };
    // the body line was replaced before the result came: what replaced it is read on its own
    expect(reasons([title, other])).toEqual([null, 'changed', null, 'changed', null, null, null]);
    // a footer came below: read on its own; the body line, unchanged, still gets its second look
    expect(reasons([title, body, footer])).toEqual([null, 'changed', null, 'changed', null, null, 'recheck']);
  });

  it('makes a second look heard of after the last sample in the last sample, if its state still shows', () => {
    const selector = sureSelector();
    selector.next(grid(frame([title, body])));
    const read = selector.next(grid(frame([title, body])));
    selector.next(grid(frame([title, body])));
    selector.feedback(read!, [box(...body)], { unsureBoxes: [box(...body)] });
    expect(selector.finalRecheck()).toMatchObject({ reason: 'recheck', rowStart: read!.rowStart, rowEnd: read!.rowEnd });
    expect(selector.finalRecheck()).toBeNull();
    // the read was of the last sample: a state shown once is read once
    const once = sureSelector();
    once.next(grid(frame([title, body])));
    const only = once.next(grid(frame([title, body])));
    once.feedback(only!, [box(...body)], { unsureBoxes: [box(...body)] });
    expect(once.finalRecheck()).toBeNull();
  });

  it('never leaves a region showing something other than what was read there unread for more than a second', () => {
    // a place flips between two looks every sample (it becomes ever-changing, where only a large
    // settled area counts), then the second look stays with a word more: a state a 1 fps reader reads
    const header: [number, number, number, number] = [20, 20, 200, 12];
    const lookA: Array<[number, number, number, number]> = [[60, 100, 110, 12]];
    const lookB: Array<[number, number, number, number]> = [[20, 100, 120, 12]];
    // fewer new cells than a settled area needs, where the place was ever-changing
    const label: Array<[number, number, number, number]> = [...lookB, [150, 100, 12, 12]];
    const sequence = Array.from({ length: 30 }, (_, i) => grid(frame([header, ...(i >= 20 ? label : i % 2 === 0 ? lookA : lookB)])));
    // the label's rows: its 15 px are in grid row 15 of 27 (rows are 20 px)
    const rowCells = (g: (typeof sequence)[number]) => g.cells.subarray(14 * g.cols * 4, 17 * g.cols * 4);
    const same = (a: Uint16Array, b: Uint16Array) => a.every((v, k) => Math.abs(v - (b[k] as number)) <= 12);
    /** The longest run of samples whose look at the label's rows had not been read at any time before. */
    const longestUnreadLook = (sweepSamples: number) => {
      const selector = createFrameSelector({ changeThreshold: 3, sweepSamples, recheckSamples: 0 });
      const readLooks: Uint16Array[] = [];
      let unread = 0;
      let longest = 0;
      sequence.forEach((g, t) => {
        const current = selector.next(g);
        const before = selector.takeTransient();
        for (const [read, look] of [
          [before, sequence[t - 1]],
          [current, g],
        ] as const) {
          if (read !== null && look !== undefined && read.rowStart <= 14 && read.rowEnd >= 17) readLooks.push(rowCells(look));
        }
        unread = readLooks.some((look) => same(look, rowCells(g))) ? 0 : unread + 1;
        longest = Math.max(longest, unread);
      });
      return longest;
    };
    // one sample to see a change is not noise, two more unread at most (a second at 2 fps)
    expect(longestUnreadLook(2)).toBeLessThanOrEqual(3);
    // without the sweep the label that stays at the end is never read
    expect(longestUnreadLook(Number.POSITIVE_INFINITY)).toBeGreaterThan(5);
  });

  it('reads, in its own sample, a look that lasted one sample when its rows went unread for a second', () => {
    // second looks are tested on their own: here only the reads of passing looks
    const selector = createFrameSelector({ changeThreshold: 3, recheckSamples: 0 });
    const slideA = grid(frame([[20, 20, 200, 12]]));
    const tabB = grid(
      frame([
        [20, 20, 200, 12],
        [20, 60, 150, 12],
      ]),
    );
    const tabC = grid(
      frame([
        [20, 20, 200, 12],
        [20, 60, 60, 12],
        [100, 90, 120, 12],
      ]),
    );
    const reasons = [slideA, slideA, tabB, tabC, tabC, tabB, tabC].map((g) => {
      const current = selector.next(g);
      const before = selector.takeTransient();
      if (before !== null) expect(before.previous).toBe(true);
      return [before?.reason ?? null, current?.reason ?? null];
    });
    // C's first sample is read where part of it was already there in B, and B, which only lasted its
    // sample, is read too; the rest of C once it stays; B back for one sample a second later is read again
    expect(reasons).toEqual([
      [null, 'first'],
      [null, null],
      [null, null],
      ['transient', 'changed'],
      [null, 'changed'],
      [null, null],
      ['transient', null],
    ]);
    // B back one sample after C: C's new row, which lasted that one sample, is read; B's rows, read
    // a sample before, are not read again
    const soon = createFrameSelector({ changeThreshold: 3, recheckSamples: 0 });
    const early = [slideA, slideA, tabB, tabC, tabB, tabC].map((g) => {
      soon.next(g);
      return soon.takeTransient();
    });
    expect(early.map((s) => s && [s.reason, s.rowStart, s.rowEnd])).toEqual([
      null,
      null,
      null,
      ['transient', 8, 12],
      ['transient', 12, 17],
      null,
    ]);
  });

  it('backs off from a moving picture where its transient reads find no text, and keeps reading where they do', () => {
    const transients = (textFound: boolean) => {
      const selector = createFrameSelector({ changeThreshold: 3 });
      let count = 0;
      for (let i = 0; i < 40; i++) {
        // a block jumping around the lower half: a look that never lasts more than a sample
        selector.next(
          grid(
            frame([
              [20, 20, 200, 12],
              [20 + ((i * 37) % 200), 100 + ((i * 23) % 60), 60, 40],
            ]),
          ),
        );
        const read = selector.takeTransient();
        if (read === null) continue;
        count += 1;
        selector.feedback(read, textFound ? [{ x: 0.1, y: (read.rowStart + 1) / 27, w: 0.5, h: 0.04 }] : []);
      }
      return count;
    };
    const withText = transients(true);
    expect(withText).toBeGreaterThanOrEqual(15); // about one a second (2 samples)
    expect(transients(false)).toBeLessThanOrEqual(withText / 2);
  });

  it('ignores camera noise', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    const decisions = Array.from({ length: 10 }, (_, i) => selector.next(grid(frame([[20, 20, 200, 12]], 8, i + 1)))?.reason ?? null);
    expect(decisions.filter((d) => d !== null)).toEqual(['first']);
  });

  it('masks a clock that changes every sample, yet sees a caption appear', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    const decisions: Array<string | null> = [];
    for (let i = 0; i < 12; i++) {
      const clock: [number, number, number, number] = [280, 5, 8 + (i % 3) * 10, 10];
      const rects: Array<[number, number, number, number]> = [clock];
      if (i >= 8) rects.push([60, 140, 200, 14]);
      decisions.push(selector.next(grid(frame(rects)))?.reason ?? null);
    }
    expect(decisions[0]).toBe('first');
    // a few samples to learn that the clock never stops, then it is masked: only the sweep reads it, at
    // most once a second (here no OCR result comes back to back it off further)
    const early = decisions.slice(4, 9).filter((d) => d !== null);
    expect(early.every((d) => d === 'sweep')).toBe(true);
    expect(early.length).toBeLessThanOrEqual(3);
    expect(decisions[9]).toBe('changed');
  });

  it('reads only the band of rows where a line was added', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    const before = grid(frame([[20, 20, 200, 12]]));
    const after = grid(
      frame([
        [20, 20, 200, 12],
        [20, 120, 200, 12],
      ]),
    );
    expect(selector.next(before)).toMatchObject({ reason: 'first', rowStart: 0, rowEnd: before.rows });
    selector.next(after);
    const band = selector.next(after);
    expect(band?.reason).toBe('changed');
    // the new line spans y 360–396 px of 540: rows 18–19 of 27, with one row of margin each side
    expect(band?.rowStart).toBe(17);
    expect(band?.rowEnd).toBe(21);
  });

  it('does not read again where an object was passing when a frame was read, once it has gone', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    const title: [number, number, number, number] = [20, 20, 200, 12];
    const line: [number, number, number, number] = [20, 60, 150, 12];
    const decisions = [
      [title],
      [title, line],
      // the line has settled and is read; an object passes beside it in the same rows
      [title, line, [200, 55, 100, 25]],
      [title, line],
      [title, line],
      // something that comes and stays is still new
      [title, line, [250, 100, 30, 12]],
      [title, line, [250, 100, 30, 12]],
    ].map((rects) => selector.next(grid(frame(rects as Array<[number, number, number, number]>)))?.reason ?? null);
    expect(decisions).toEqual(['first', null, 'changed', null, null, null, 'changed']);
  });

  it('does not read a box leaving when OCR found no text under it before, yet reads a slide that comes back', () => {
    const box = (x: number, y: number, w: number, h: number) => ({ x: (x * 3) / W, y: (y * 3) / H, w: (w * 3) / W, h: (h * 3) / H });
    const title: [number, number, number, number] = [20, 20, 200, 12];
    const lowerThird: [number, number, number, number] = [20, 140, 200, 14];
    const selector = createFrameSelector({ changeThreshold: 3 });
    const first = selector.next(grid(frame([title])));
    expect(first?.reason).toBe('first');
    selector.feedback(first!, [box(...title)]);
    expect(selector.next(grid(frame([title, lowerThird])))).toBeNull();
    const read = selector.next(grid(frame([title, lowerThird])));
    expect(read?.reason).toBe('changed');
    selector.feedback(read!, [box(...lowerThird)]);
    // the lower third leaves: its cells look again as they did when OCR found nothing there
    expect(selector.next(grid(frame([title])))).toBeNull();
    expect(selector.next(grid(frame([title])))).toBeNull();

    const slides = createFrameSelector({ changeThreshold: 3 });
    const slideA: [number, number, number, number] = [20, 20, 200, 12];
    const slideB: [number, number, number, number] = [20, 100, 150, 12];
    const a = slides.next(grid(frame([slideA])));
    slides.feedback(a!, [box(...slideA)]);
    slides.next(grid(frame([slideB])));
    const b = slides.next(grid(frame([slideB])));
    expect(b?.reason).toBe('changed');
    slides.feedback(b!, [box(...slideB)]);
    expect(slides.next(grid(frame([slideA])))).toBeNull();
    // slide A held text when it was read: its return is read (the band of its title, rows 3-4)
    expect(slides.next(grid(frame([slideA])))).toMatchObject({ rowStart: 2, rowEnd: 6 });
  });

  it('skips blank frames', () => {
    const selector = createFrameSelector({ changeThreshold: 3 });
    expect(selector.next(grid(new Uint8Array(W * H)))).toBeNull();
  });
});
