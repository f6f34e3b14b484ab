import { describe, expect, it } from 'vitest';
import { type Chroma, inkBackground, inkRows, unreadColourRuns } from './ink-image.js';

/** BT.601 limited-range Y, U, V of an RGB colour, as ffmpeg's scaler makes them. */
function yuv([r, g, b]: [number, number, number]): [number, number, number] {
  const y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
  const u = 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255;
  const v = 128 + (112 * r - 93.786 * g - 18.214 * b) / 255;
  return [Math.round(y), Math.round(u), Math.round(v)];
}

type Rgb = [number, number, number];

/** A 4:4:4 frame of `background` with rectangles of other colours. */
function frame(width: number, height: number, background: Rgb, rects: Array<{ x: number; y: number; w: number; h: number; rgb: Rgb }>) {
  const pixels = new Uint8Array(width * height);
  const u = new Uint8Array(width * height);
  const v = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const rect = rects.find((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
    [pixels[i], u[i], v[i]] = yuv(rect?.rgb ?? background) as [number, number, number];
  }
  const chroma: Chroma = { u, v, shift: 0 };
  return { width, height, pixels, chroma };
}

const DARK: Rgb = [30, 30, 30];
const RED: Rgb = [230, 20, 80];
/** Letter-like strokes: five bars 2 px wide, 2 px apart, from (x, y). */
const word = (x: number, y: number, rgb: Rgb) => [0, 1, 2, 3, 4].map((i) => ({ x: x + i * 4, y, w: 2, h: 8, rgb }));
const at = (image: { width: number; pixels: Uint8Array }, x: number, y: number) => image.pixels[y * image.width + x] as number;

describe('inkRows', () => {
  it('makes red text on a dark terminal as bright as white text, where luma leaves it dim', () => {
    const f = frame(64, 32, DARK, [
      { x: 4, y: 4, w: 20, h: 8, rgb: RED },
      { x: 30, y: 4, w: 20, h: 8, rgb: [255, 255, 255] },
    ]);
    expect(at(f, 10, 8)).toBeLessThan(110); // luma: red sinks towards the background
    const background = inkBackground(f, 0, 32);
    expect(background).toEqual({ dark: true });
    const ink = inkRows(f, 0, 32, { dark: true });
    expect(at(ink, 10, 8)).toBeGreaterThan(200);
    expect(at(ink, 40, 8)).toBeGreaterThan(200);
    expect(at(ink, 2, 2)).toBe(at(f, 2, 2)); // the grey background keeps its luma
  });

  it('takes the darkest channel on a light page', () => {
    const f = frame(64, 32, [250, 250, 250], [{ x: 4, y: 4, w: 20, h: 8, rgb: [250, 200, 20] }]);
    expect(inkBackground(f, 0, 32)).toEqual({ dark: false });
    expect(at(inkRows(f, 0, 32, { dark: false }), 10, 8)).toBeLessThan(60);
  });

  it('leaves a grey band, and text on a coloured background, to luma alone', () => {
    expect(inkBackground(frame(64, 32, DARK, [{ x: 4, y: 4, w: 20, h: 8, rgb: [200, 200, 200] }]), 0, 32)).toBeNull();
    expect(inkBackground(frame(64, 32, [20, 40, 160], [{ x: 4, y: 4, w: 20, h: 8, rgb: [255, 255, 255] }]), 0, 32)).toBeNull();
    const grey = frame(16, 16, DARK, []);
    expect(inkBackground({ ...grey, chroma: undefined }, 0, 16)).toBeNull();
  });

  it('finds the coloured rows outside the lines already read', () => {
    const f = frame(64, 48, DARK, [...word(4, 4, RED), ...word(4, 30, RED)]);
    expect(unreadColourRuns(f, 0, 48, [])).toEqual([
      [4, 12],
      [30, 38],
    ]);
    expect(unreadColourRuns(f, 0, 48, [{ left: 0, top: 2, width: 30, height: 12 }])).toEqual([[30, 38]]);
    // a read line beside the colour, not over it, leaves it unread
    expect(unreadColourRuns(f, 0, 48, [{ left: 40, top: 2, width: 20, height: 12 }])).toHaveLength(2);
  });

  it("does not take a filled coloured bar, or a box's sides, for text", () => {
    const bar = frame(64, 48, DARK, [{ x: 0, y: 10, w: 64, h: 10, rgb: [120, 40, 200] }]);
    expect(unreadColourRuns(bar, 0, 48, [])).toEqual([]);
    const sides = frame(64, 48, DARK, [
      { x: 2, y: 2, w: 2, h: 40, rgb: RED },
      { x: 60, y: 2, w: 2, h: 40, rgb: RED },
    ]);
    expect(unreadColourRuns(sides, 0, 48, [])).toEqual([]);
    // a chart's bars: many runs across a row, each wider than a letter
    const bars = frame(
      400,
      48,
      DARK,
      [0, 1, 2, 3, 4, 5].map((i) => ({ x: 10 + i * 60, y: 4, w: 40, h: 40, rgb: RED })),
    );
    expect(unreadColourRuns(bars, 0, 48, [])).toEqual([]);
  });
});
