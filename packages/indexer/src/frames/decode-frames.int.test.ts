import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../media/binaries.js';
import { runProcess } from '../media/run-process.js';
import { decodeFrames, frameLayout, type GrayFrame } from './decode-frames.js';

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

/** The mean of a plane over its pixels. */
const meanOf = (plane: Uint8Array) => plane.reduce((sum, v) => sum + v, 0) / plane.length;

describe('frameLayout', () => {
  it('passes 4:2:0 through (10-bit reduced to 8), converts the rest to full-size full-range colour, keeps grey grey', () => {
    expect(frameLayout('yuv420p')).toEqual({ pixFmt: 'yuv420p', chromaShift: 1 });
    expect(frameLayout('yuv420p10le')).toEqual({ pixFmt: 'yuv420p', chromaShift: 1 });
    expect(frameLayout('yuvj420p')).toEqual({ pixFmt: 'yuvj420p', chromaShift: 1 });
    expect(frameLayout('bgra')).toEqual({ pixFmt: 'yuvj444p', chromaShift: 0 });
    expect(frameLayout('yuv422p')).toEqual({ pixFmt: 'yuvj444p', chromaShift: 0 });
    expect(frameLayout(undefined)).toEqual({ pixFmt: 'yuvj444p', chromaShift: 0 });
    expect(frameLayout('gray')).toEqual({ pixFmt: 'gray', chromaShift: null });
  });
});

describe('decodeFrames', () => {
  it.each([
    ['a palette GIF', 'red.gif', [], 'bgra', 0],
    ['4:2:0 H.264', 'red.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], 'yuv420p', 1],
  ] as const)('gives %s with its colour planes', async (_name, file, codec, pixelFormat, shift) => {
    const path = join(dir, file);
    await runProcess(ffmpegPath, ['-hide_banner', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=64x48:d=1', ...codec, path], {
      timeoutMs: 60_000,
    });
    const decoded: GrayFrame[] = [];
    for await (const frame of decodeFrames(path, { ffmpegPath, sampleFps: 2, width: 64, height: 48, pixelFormat })) decoded.push(frame);
    const first = decoded[0] as GrayFrame;
    expect(first.chroma?.shift).toBe(shift);
    expect(first.chroma?.v).toHaveLength((first.width >> shift) * (first.height >> shift));
    // red: well above grey in V (red minus luma), below it in U (blue minus luma)
    expect(meanOf(first.chroma?.v ?? new Uint8Array(1))).toBeGreaterThan(200);
    expect(meanOf(first.chroma?.u ?? new Uint8Array(1))).toBeLessThan(110);
  });

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
