import { describe, expect, it } from 'vitest';
import { cropImage, findPanels } from './panels.js';

const WIDTH = 400;
const HEIGHT = 240;
const NAVY = 16;

type Paint = (x: number, y: number) => number | undefined;

/** A navy image painted by `paints` (the first that answers for a pixel wins). */
function image(...paints: Paint[]) {
  const pixels = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++)
      pixels[y * WIDTH + x] = paints.reduce<number | undefined>((grey, paint) => grey ?? paint(x, y), undefined) ?? NAVY;
  return { width: WIDTH, height: HEIGHT, pixels };
}

const inside = (x: number, y: number, left: number, top: number, w: number, h: number) =>
  x >= left && x < left + w && y >= top && y < top + h;
/** A rectangle of grey `fill`, dithered as a GIF draws it: a checkerboard of fill ± 6. */
const box =
  (left: number, top: number, w: number, h: number, fill = 52): Paint =>
  (x, y) =>
    inside(x, y, left, top, w, h) ? fill + ((x + y) % 2 === 0 ? 6 : -6) : undefined;
/** Letter-like strokes: 2 px bars 3 px apart, 10 px tall, in words of five with a gap of 8 between. */
const text =
  (left: number, top: number, w: number, grey = 220): Paint =>
  (x, y) =>
    inside(x, y, left, top, w, 10) && (x - left) % 23 < 15 && (x - left) % 3 === 0 ? grey : undefined;

describe('findPanels', () => {
  it('finds a dithered code block, and its ink: the cells of its text', () => {
    const found = findPanels(image(text(60, 70, 200), text(60, 90, 160), text(60, 110, 180), box(40, 56, 240, 80)));
    expect(found).toMatchObject([{ left: 40, top: 56, width: 240, height: 80 }]);
    // its ink: the cells of the three lines of text, none of the fill
    const rows = new Set(found[0]?.ink.map((point) => Math.round((point.y - 75) / 20)));
    expect([...rows].sort()).toEqual([0, 1, 2]);
    expect(found[0]?.ink.every((point) => point.x >= 60 && point.x < 264)).toBe(true);
  });

  it('finds two panels, the larger first', () => {
    const found = findPanels(image(text(30, 30, 100), box(20, 20, 120, 40), text(200, 120, 150), box(190, 110, 180, 100, 90)));
    expect(found.map((panel) => [panel.left, panel.top])).toEqual([
      [188, 108],
      [20, 20],
    ]);
  });

  it('finds none in lines of text on the background, however many', () => {
    const lines = Array.from({ length: 10 }, (_, i) => text(20, 10 + i * 22, 360));
    expect(findPanels(image(...lines))).toEqual([]);
  });

  it('finds none in a picture (texture everywhere), nor in a block of a letter’s size', () => {
    const noise: Paint = (x, y) => (inside(x, y, 100, 50, 200, 120) ? (x * 37 + y * 101 + ((x * y) % 7) * 29) % 256 : undefined);
    expect(findPanels(image(noise))).toEqual([]);
    expect(findPanels(image(box(50, 50, 24, 24, 200)))).toEqual([]);
  });

  it('finds none in a picture without one background (colour bars, film), however flat its patches', () => {
    const bars: Paint = (x) => 20 + Math.floor(x / 50) * 28;
    expect(findPanels(image(text(120, 100, 100), box(100, 80, 160, 60, 200), bars))).toEqual([]);
  });

  it('takes a fill over most of the image for the background, not a panel', () => {
    expect(findPanels(image(text(60, 100, 200, 16), box(8, 8, 384, 224, 120)))).toEqual([]);
  });
});

describe('cropImage', () => {
  it('copies a box inset on every side', () => {
    const source = image((x, y) => (x + y * WIDTH) % 256);
    const cut = cropImage(source, { left: 10, top: 20, width: 30, height: 12 }, 2);
    expect([cut.width, cut.height]).toEqual([26, 8]);
    expect(cut.pixels[0]).toBe((12 + 22 * WIDTH) % 256);
    expect(cut.pixels[cut.width * cut.height - 1]).toBe((37 + 29 * WIDTH) % 256);
  });
});
