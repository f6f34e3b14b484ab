import { describe, expect, it } from 'vitest';
import { backgroundGrey, eraseBlockMarks, findBlockMarks } from './block-marks.js';
import type { OcrImage } from './ocr-pool.js';

const BACKGROUND = 20;

/** A dark image with the given pixels set by `paint(x, y)` (undefined: background). */
function image(width: number, height: number, paint: (x: number, y: number) => number | undefined): OcrImage {
  const pixels = new Uint8Array(width * height).fill(BACKGROUND);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const grey = paint(x, y);
      if (grey !== undefined) pixels[y * width + x] = grey;
    }
  return { width, height, pixels };
}

const inside = (x: number, y: number, left: number, top: number, w: number, h: number) =>
  x >= left && x < left + w && y >= top && y < top + h;

/** Letter-like strokes: vertical bars 3 px wide, 3 px apart, over [left, left + w) × [top, top + h). */
const strokes = (x: number, y: number, left: number, top: number, w: number, h: number) =>
  inside(x, y, left, top, w, h) && (x - left) % 6 < 3 ? 200 : undefined;

describe('findBlockMarks', () => {
  it('finds a filled block of a letter’s size before a heading, and not the heading', () => {
    const img = image(200, 60, (x, y) => (inside(x, y, 10, 20, 20, 22) ? 120 : strokes(x, y, 40, 20, 60, 22)));
    expect(findBlockMarks(img)).toEqual([{ left: 10, top: 20, right: 30, bottom: 42 }]);
  });

  it('finds a shaded block (ink with holes, a GIF’s dithering)', () => {
    const shaded = (x: number, y: number) => (inside(x, y, 10, 10, 30, 24) && !(x % 4 === 1 && y % 4 === 2) ? 150 : undefined);
    expect(findBlockMarks(image(100, 50, shaded))).toEqual([{ left: 10, top: 10, right: 40, bottom: 34 }]);
  });

  it('leaves a letter I, a bold l, a bar, a panel’s margin and a picture alone', () => {
    const letterI = image(60, 60, (x, y) => (inside(x, y, 20, 10, 4, 30) ? 220 : undefined));
    // a bold title's l: 9 × 18 pixels of flat ink
    const boldL = image(60, 60, (x, y) => (inside(x, y, 20, 10, 9, 18) ? 90 : undefined));
    const bar = image(300, 40, (x, y) => (inside(x, y, 10, 10, 200, 12) ? 220 : undefined));
    // a grey panel with a line of text in it: its top margin is a flat rectangle, but panel lies below it
    const panel = image(200, 80, (x, y) => strokes(x, y, 30, 30, 80, 16) ?? (inside(x, y, 10, 10, 150, 60) ? 90 : undefined));
    const picture = image(100, 60, (x, y) => (inside(x, y, 10, 10, 40, 30) ? 60 + ((x * 7 + y * 13) % 150) : undefined));
    for (const img of [letterI, boldL, bar, panel, picture]) expect(findBlockMarks(img)).toEqual([]);
  });

  it('judges the background as the commonest grey, light or dark', () => {
    expect(backgroundGrey(image(40, 40, () => undefined))).toBe(22);
    expect(backgroundGrey(image(40, 40, (x) => (x < 30 ? 250 : undefined)))).toBe(250);
  });
});

describe('eraseBlockMarks', () => {
  it('paints the block (and its edge pixel) with the background and keeps the rest', () => {
    const img = image(200, 60, (x, y) => (inside(x, y, 10, 20, 20, 22) ? 120 : strokes(x, y, 40, 20, 60, 22)));
    const erased = eraseBlockMarks(img);
    for (let y = 19; y < 43; y++) for (let x = 9; x < 31; x++) expect(erased.pixels[y * 200 + x]).toBe(22);
    expect(erased.pixels[25 * 200 + 40]).toBe(200);
    expect(img.pixels[25 * 200 + 15]).toBe(120); // the caller's image is not changed
  });

  it('returns the image itself when it has no block', () => {
    const img = image(100, 40, (x, y) => strokes(x, y, 10, 10, 60, 16));
    expect(eraseBlockMarks(img)).toBe(img);
  });
});
