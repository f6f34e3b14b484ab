import { describe, expect, it } from 'vitest';
import { rawFrames } from './raw-frames.js';

async function* chunksOf(bytes: number[], sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const size of sizes) {
    yield Buffer.from(bytes.slice(at, at + size));
    at += size;
  }
}

async function collect(stream: AsyncIterable<Buffer>, frameBytes: number) {
  const frames: number[][] = [];
  for await (const frame of rawFrames(stream, frameBytes)) frames.push([...frame]);
  return frames;
}

describe('rawFrames', () => {
  const bytes = Array.from({ length: 12 }, (_, i) => i);

  it('cuts frames across any chunk boundaries', async () => {
    const expected = [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ];
    expect(await collect(chunksOf(bytes, [12]), 4)).toEqual(expected);
    expect(await collect(chunksOf(bytes, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 4)).toEqual(expected);
    expect(await collect(chunksOf(bytes, [3, 7, 2]), 4)).toEqual(expected);
  });

  it('drops a last partial frame and gives each frame a buffer of its own', async () => {
    const frames: Uint8Array[] = [];
    for await (const frame of rawFrames(chunksOf(bytes, [5, 5]), 4)) frames.push(frame);
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(frames[0]?.buffer).not.toBe(frames[1]?.buffer);
  });
});
