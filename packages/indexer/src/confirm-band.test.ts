import { describe, expect, it } from 'vitest';
import { rowsOf, withChangedRows } from './extract-segments.js';
import type { GrayFrame } from './frames/decode-frames.js';

const W = 100;
const H = 80;
/** A dark frame with bright text-like dashes on the given rows. */
function frame(index: number, rows: readonly number[], level = 200): GrayFrame {
  const pixels = new Uint8Array(W * H).fill(20);
  for (const y of rows) for (let x = 10; x < 90; x += 3) pixels[y * W + x] = level;
  return { index, timeMs: index * 500, width: W, height: H, pixels };
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('the band of a confirming read', () => {
  it('takes in the rows next to its lines that changed since the read (a list page turned)', () => {
    const read = frame(3, range(20, 50));
    // the next sample: the same rows show other text (every row of the block differs)
    const next = frame(4, range(20, 50), 90);
    const band = withChangedRows(read, next, rowsOf(next, 24, 30));
    expect([band.topPx, band.topPx + band.image.height]).toEqual([20, 50]);
  });

  it('stays around its lines where most of the frame changed (a moving picture)', () => {
    const read = frame(3, range(0, 80));
    const next = frame(4, range(0, 80), 90);
    const band = withChangedRows(read, next, rowsOf(next, 24, 30));
    expect([band.topPx, band.topPx + band.image.height]).toEqual([24, 30]);
  });

  it('stays around its lines where nothing else changed', () => {
    const read = frame(3, range(20, 50));
    const band = withChangedRows(read, frame(4, range(20, 50)), rowsOf(read, 24, 30));
    expect([band.topPx, band.topPx + band.image.height]).toEqual([24, 30]);
  });
});
