import { describe, expect, it } from 'vitest';
import {
  enlarge,
  oneLevelDarker,
  SECOND_LOOK_MAX_WIDTH,
  SECOND_LOOK_SCALE,
  secondLookImage,
  isDithered,
  secondLookScale,
  smooth3,
} from './second-look.js';

describe('second look', () => {
  it('keeps flat areas flat and an edge in its place, at the scaled size', () => {
    // 8×2: dark left half, light right half
    const pixels = new Uint8Array(16);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 8; x++) pixels[y * 8 + x] = x < 4 ? 20 : 220;
    const big = enlarge({ width: 8, height: 2, pixels }, 1.5);
    expect([big.width, big.height]).toEqual([12, 3]);
    for (let y = 0; y < 3; y++) {
      const row = Array.from(big.pixels.subarray(y * 12, (y + 1) * 12));
      expect(row.slice(0, 5).every((v) => v === 20)).toBe(true);
      expect(row.slice(7).every((v) => v === 220)).toBe(true);
      // the edge, between source columns 3 and 4, falls between output columns 5 and 6
      expect(row[5]).toBeGreaterThan(20);
      expect(row[6]).toBeLessThan(220);
      for (let x = 1; x < 12; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1] as number);
    }
  });

  it('returns the image itself at scale 1', () => {
    const image = { width: 2, height: 1, pixels: new Uint8Array([1, 2]) };
    expect(enlarge(image, 1)).toBe(image);
  });

  it('enlarges a second look by 1.5, less where the image would grow too wide, never shrinking', () => {
    expect(secondLookScale(1280)).toBe(SECOND_LOOK_SCALE);
    expect(secondLookScale(2400) * 2400).toBeCloseTo(SECOND_LOOK_MAX_WIDTH);
    expect(secondLookScale(4000)).toBe(1);
  });

  it('reads a band enlarged and one grey level darker, black staying black', () => {
    const band = { width: 4, height: 2, pixels: new Uint8Array([0, 1, 128, 255, 0, 1, 128, 255]) };
    expect(Array.from(oneLevelDarker(band).pixels)).toEqual([0, 0, 127, 254, 0, 0, 127, 254]);
    const { image, scale } = secondLookImage(band);
    expect(scale).toBe(SECOND_LOOK_SCALE);
    expect([image.width, image.height]).toEqual([6, 3]);
    expect(image.pixels.at(-1)).toBe(254);
  });

  it('smooths a dithered box to one grey and keeps a stroke darker than its surround', () => {
    // 6×6 checkerboard of 40 and 80 (a dithered grey box) with a bright vertical stroke in column 3
    const pixels = new Uint8Array(36);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) pixels[y * 6 + x] = x === 3 ? 250 : (x + y) % 2 === 0 ? 40 : 80;
    const smooth = smooth3({ width: 6, height: 6, pixels });
    const at = (x: number, y: number) => smooth.pixels[y * 6 + x] as number;
    // away from the stroke, the box varies by a few levels, not 40
    expect(Math.abs(at(0, 2) - at(0, 3))).toBeLessThanOrEqual(10);
    expect(at(3, 2)).toBeGreaterThan(at(0, 2) + 40);
    // the edges average what they have
    expect(at(0, 0)).toBe(Math.round((40 + 80 + 80 + 40) / 4));
  });

  /** 40×20: a grey box dithered as a checkerboard of 40 and 80 (or flat at 60), a bright stroke or two. */
  function box(dithered: boolean, strokes: number[]) {
    const width = 40;
    const pixels = new Uint8Array(width * 20);
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < width; x++) {
        const ground = dithered ? ((x + y) % 2 === 0 ? 40 : 80) : 60;
        pixels[y * width + x] = strokes.includes(x) ? 250 : ground;
      }
    }
    return { width, height: 20, pixels };
  }

  it('tells a dithered box from clean text, however thin its strokes', () => {
    expect(isDithered(box(true, [10, 20]))).toBe(true);
    expect(isDithered(box(false, [10, 20]))).toBe(false);
    // one-pixel strokes every other column: lines, not dots
    expect(isDithered(box(false, [2, 4, 6, 8, 10, 12, 14]))).toBe(false);
  });

  it('a tile-by-tile look smooths a dithered band, and only a dithered one; it is enlarged, not darkened', () => {
    const dithered = secondLookImage(box(true, [10]), 'local');
    expect(dithered.scale).toBe(SECOND_LOOK_SCALE);
    expect([dithered.image.width, dithered.image.height]).toEqual([60, 30]);
    // the checkerboard is gone: neighbours in the box differ by a few levels
    const row = Array.from(dithered.image.pixels.subarray(15 * 60 + 30, 15 * 60 + 40));
    expect(Math.max(...row) - Math.min(...row)).toBeLessThanOrEqual(10);
    const clean = secondLookImage(box(false, [10]), 'local').image;
    expect(clean.pixels[15 * 60 + 40]).toBe(59); // enlarged and one level darker, as a global look
  });
});
