import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../media/binaries.js';
import { runProcess } from '../media/run-process.js';
import { decodeFrames, type GrayFrame } from './decode-frames.js';

const ffmpegPath = resolveFfmpeg().path;
let dir: string;
let deck: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-decode-'));
  deck = join(dir, 'deck.mp4');
  await makeVideo(slideDeck({ durationS: 6 }), deck);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function frames(skipNonReferenceFrames: boolean): Promise<GrayFrame[]> {
  const out: GrayFrame[] = [];
  for await (const frame of decodeFrames(deck, { ffmpegPath, sampleFps: 2, width: 1280, height: 720, skipNonReferenceFrames })) {
    out.push({ ...frame, pixels: Uint8Array.from(frame.pixels) });
  }
  return out;
}

/** Mean absolute difference of two luma planes, 0–255. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('decodeFrames', () => {
  it('the test video has frames nothing refers to (B-frames), so skipping them is exercised', async () => {
    const { stderrTail } = await runProcess(ffmpegPath, ['-hide_banner', '-i', deck, '-vf', 'showinfo', '-f', 'null', '-'], {
      timeoutMs: 60_000,
    });
    expect(stderrTail).toMatch(/type:B/);
  });

  it('skipping non-reference frames samples the same instants with the same picture', async () => {
    const [all, skipped] = [await frames(false), await frames(true)];
    expect(all).toHaveLength(12);
    expect(skipped.map((f) => f.timeMs)).toEqual(all.map((f) => f.timeMs));
    for (const [i, frame] of skipped.entries()) {
      // A sample may come from a neighbouring frame (≤ 2 frames away): on slides, the same picture.
      expect(meanDiff(frame.pixels, (all[i] as GrayFrame).pixels), `sample ${i}`).toBeLessThan(1.5);
    }
  });
});
