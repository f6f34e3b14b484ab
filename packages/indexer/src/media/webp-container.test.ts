import { ErrorCode, isOnscreenError } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { openAnimatedWebp, scanAnimatedWebp, type WebpFrame } from './webp-container.js';
import { chunksOf, editFrame, flatAnimatedWebp } from './webp-test-files.js';

/** The bytes in pieces of `size`, as a file or a download delivers them. */
async function* inPieces(bytes: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const threeFrames = () => flatAnimatedWebp({ width: 64, height: 48, levels: [40, 120, 200], delaysMs: [300, 250, 700] });

async function framesOf(file: Buffer): Promise<WebpFrame[]> {
  const webp = await openAnimatedWebp(inPieces(file), { withImages: true });
  const frames: WebpFrame[] = [];
  for await (const frame of webp.frames) frames.push(frame);
  return frames;
}

async function failureOf(work: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOnscreenError(error), String(error)).toBe(true);
  return error as { code: string; message: string; details?: Record<string, unknown> };
}

describe('animated WebP structure', () => {
  it('frames start where the delays before them end; the length is their sum', async () => {
    const file = await threeFrames();
    const frames = await framesOf(file);
    expect(frames.map((f) => [f.startMs, f.durationMs])).toEqual([
      [0, 300],
      [300, 250],
      [550, 700],
    ]);
    expect(frames.map((f) => [f.x, f.y, f.width, f.height])).toEqual([
      [0, 0, 64, 48],
      [0, 0, 64, 48],
      [0, 0, 64, 48],
    ]);
    // each picture is a still WebP of its own
    for (const frame of frames) expect(frame.image?.toString('latin1', 8, 12)).toBe('WEBP');
    const scan = await scanAnimatedWebp(inPieces(file, 1000));
    expect(scan).toMatchObject({ frames: 3, durationMs: 1250, lastFrameMs: 700, canvas: { width: 64, height: 48 } });
  });

  it('a delay of 10 ms or less is shown for 100 ms, as browsers show it', async () => {
    const file = editFrame(await threeFrames(), 1, (header) => header.writeUIntLE(0, 12, 3));
    const frames = await framesOf(editFrame(file, 2, (header) => header.writeUIntLE(10, 12, 3)));
    expect(frames.map((f) => [f.startMs, f.durationMs])).toEqual([
      [0, 300],
      [300, 100],
      [400, 100],
    ]);
  });

  it('blend and dispose flags are read from each frame', async () => {
    const file = editFrame(await threeFrames(), 1, (header) => {
      header[15] = 0x03; // do not blend, dispose to background
    });
    const frames = await framesOf(file);
    expect(frames.map((f) => [f.blend, f.dispose])).toEqual([
      [false, false], // libwebp writes its first (full) frame unblended
      [false, true],
      [true, false],
    ]);
  });

  it('a file cut short inside a frame or between frames says so, with where it ends', async () => {
    const file = await threeFrames();
    const anmf = chunksOf(file).filter((c) => c.type === 'ANMF');
    const insideSecond = file.subarray(0, (anmf[1]?.at ?? 0) + 30);
    const error = await failureOf(framesOf(insideSecond));
    expect(error.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(error.message).toMatch(/cut short: the file ends inside frame 2, after \d+ of the \d+ bytes/);
    expect(error.details).toMatchObject({ bytesRead: insideSecond.length, declaredBytes: file.length });
    const afterFirst = file.subarray(0, anmf[1]?.at);
    expect((await failureOf(scanAnimatedWebp(inPieces(afterFirst)))).message).toMatch(/cut short: the file ends after frame 1,/);
    const header = file.subarray(0, 20);
    expect((await failureOf(scanAnimatedWebp(inPieces(header)))).message).toMatch(/cut short: the file ends in its header/);
  });

  it('a frame outside the canvas, or claiming more bytes than a picture needs, is damage', async () => {
    const outside = editFrame(await threeFrames(), 2, (header) => header.writeUIntLE(8, 0, 3)); // x = 16
    const error = await failureOf(scanAnimatedWebp(inPieces(outside)));
    expect(error.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(error.message).toContain('frame 3 (64×48 at 16,0) lies outside the 64×48 canvas');
    const file = await threeFrames();
    const second = chunksOf(file).filter((c) => c.type === 'ANMF')[1]?.at ?? 0;
    const huge = Buffer.from(file);
    huge.writeUInt32LE(0x7fff_fff0, second + 4);
    expect((await failureOf(scanAnimatedWebp(inPieces(huge)))).message).toMatch(/frame 2 claims 2147483632 bytes/);
  });

  it('a WebP without the animation flag is not read as an animation', async () => {
    const file = Buffer.from(await threeFrames());
    const vp8x = chunksOf(file).find((c) => c.type === 'VP8X')?.at ?? 0;
    file[vp8x + 8] = (file[vp8x + 8] ?? 0) & ~0x02;
    expect((await failureOf(scanAnimatedWebp(inPieces(file)))).message).toContain('does not mark it as an animation');
  });
});
