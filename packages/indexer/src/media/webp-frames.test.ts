import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, isOnscreenError } from '@onscreen/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrayFrame } from '../frames/decode-frames.js';
import { probeMedia } from './probe-media.js';
import { chunksOf, editFrame, flatAnimatedWebp, keepFrames } from './webp-test-files.js';
import { animatedWebpFrameJpeg, decodeAnimatedWebp, type WebpDecodeOptions } from './webp-frames.js';
import type { MediaSource } from './media-source.js';

let dir: string;
let file: string;
let server: Server;
let baseUrl: string;
/** 64×48 (enlarged ×3 for OCR to 192×144), three frames: grey 40 for 300 ms, 120 for 250 ms, 200 for 700 ms. */
const LEVELS = [40, 120, 200];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-webp-'));
  file = join(dir, 'three.webp');
  await writeFile(file, await flatAnimatedWebp({ width: 64, height: 48, levels: LEVELS, delaysMs: [300, 250, 700] }));
  server = createServer((request, response) => {
    if (request.url === '/missing') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'image/webp' });
    createReadStream(join(dir, (request.url ?? '').slice(1))).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function decodeAll(source: MediaSource, options: Partial<WebpDecodeOptions> = {}): Promise<GrayFrame[]> {
  const frames: GrayFrame[] = [];
  for await (const frame of decodeAnimatedWebp(source, { sampleFps: 10, width: 64, height: 48, ...options })) frames.push(frame);
  return frames;
}

const meanOf = (frame: GrayFrame) => frame.pixels.reduce((sum, v) => sum + v, 0) / frame.pixels.length;

async function failureOf(work: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOnscreenError(error), String(error)).toBe(true);
  return error as { code: string; message: string; details?: Record<string, unknown> };
}

describe('decodeAnimatedWebp', () => {
  it('samples show the frame on screen at their time, by the file’s own delays', async () => {
    const frames = await decodeAll(file);
    // 1250 ms at 10 fps: 13 samples, 0 … 1200 ms
    expect(frames.map((f) => f.timeMs)).toEqual(Array.from({ length: 13 }, (_, i) => i * 100));
    const shown = frames.map((f) => Math.round(meanOf(f)));
    expect(shown).toEqual([40, 40, 40, 120, 120, 120, 200, 200, 200, 200, 200, 200, 200]);
    // small frames are enlarged as decodeFrames enlarges them (outputSize), each sample its own buffer
    expect(frames[0]).toMatchObject({ index: 0, width: 192, height: 144 });
    expect(frames[0]?.pixels.length).toBe(192 * 144);
    expect(frames[1]?.pixels).not.toBe(frames[0]?.pixels);
  });

  it('frames carry their colour, enlarged with the luma, as a full-colour video gives it', async () => {
    // two frames: red, then grey 128 (64×48, enlarged to 192×144)
    const raw = Buffer.alloc(64 * 96 * 3, 128);
    for (let p = 0; p < 64 * 48; p += 1) raw.set([255, 0, 0], p * 3);
    const red = join(dir, 'red.webp');
    await writeFile(
      red,
      await sharp(raw, { raw: { width: 64, height: 96, channels: 3, pageHeight: 48 } })
        .webp({ lossless: true, delay: [100, 100], loop: 0 })
        .toBuffer(),
    );
    const [first, second] = await decodeAll(red);
    const mean = (plane: Uint8Array | undefined) =>
      Math.round((plane ?? new Uint8Array(1)).reduce((sum, v) => sum + v, 0) / (plane?.length ?? 1));
    expect(first?.chroma?.shift).toBe(0);
    expect(first?.chroma?.u.length).toBe(192 * 144);
    expect([mean(first?.chroma?.u), mean(first?.chroma?.v)]).toEqual([85, 255]);
    expect([mean(second?.chroma?.u), mean(second?.chroma?.v)]).toEqual([128, 128]);
  });

  it('stops at maxDurationMs, and at 2 fps a 250 ms frame between samples is drawn but not sampled', async () => {
    expect((await decodeAll(file, { maxDurationMs: 450 })).map((f) => f.timeMs)).toEqual([0, 100, 200, 300, 400]);
    const twoFps = await decodeAll(file, { sampleFps: 2, maxWidth: 64 });
    expect(twoFps.map((f) => [f.timeMs, Math.round(meanOf(f))])).toEqual([
      [0, 40],
      [500, 120],
      [1000, 200],
    ]);
    expect(twoFps[0]).toMatchObject({ width: 64, height: 48 });
  });

  it('reads the file over HTTP, as a worker on another machine gets it', async () => {
    const frames = await decodeAll(new URL(`${baseUrl}/three.webp`));
    expect(frames.map((f) => Math.round(meanOf(f)))).toEqual([40, 40, 40, 120, 120, 120, 200, 200, 200, 200, 200, 200, 200]);
    const missing = await failureOf(decodeAll(new URL(`${baseUrl}/missing`)));
    expect(missing.code).toBe(ErrorCode.FILE_NOT_FOUND);
  });

  it('a damaged frame is named; a file cut short says where it ends', async () => {
    const whole = await flatAnimatedWebp({ width: 64, height: 48, levels: LEVELS, delaysMs: [300, 250, 700] });
    const second = chunksOf(whole).filter((c) => c.type === 'ANMF')[1]?.at ?? 0;
    const damaged = Buffer.from(whole);
    damaged.fill(0xff, second + 8 + 16 + 8 + 1, second + 8 + 16 + 8 + 20); // the VP8L bitstream of frame 2
    await writeFile(join(dir, 'damaged.webp'), damaged);
    const error = await failureOf(decodeAll(join(dir, 'damaged.webp')));
    expect(error.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(error.message).toMatch(/^The animated WebP is damaged: frame 2 cannot be decoded/);
    await writeFile(join(dir, 'cut.webp'), whole.subarray(0, second + 40));
    const cut = await failureOf(decodeAll(join(dir, 'cut.webp')));
    expect(cut.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(cut.message).toMatch(/cut short: the file ends inside frame 2/);
  });

  it('a cancelled decode stops with ABORTED', async () => {
    const controller = new AbortController();
    const frames = decodeAnimatedWebp(file, { sampleFps: 10, width: 64, height: 48, signal: controller.signal });
    await frames.next();
    controller.abort();
    expect((await failureOf(decodeAll(file, { signal: controller.signal }))).code).toBe(ErrorCode.ABORTED);
    await frames.return(undefined);
  });
});

describe('probeMedia of an animated WebP', () => {
  const probe = (source: MediaSource) => probeMedia(source, { ffprobePath: 'ffprobe-is-not-used-for-webp' });

  it('reports its length, canvas and frame rate from its chunks, from a path or a URL', async () => {
    const expected = {
      durationMs: 1250,
      width: 64,
      height: 48,
      formatName: 'webp',
      videoCodec: 'webp',
      hasAudio: false,
      lastFrameMs: 700,
      frameCount: 3,
    };
    const local = await probe(file);
    expect(local).toMatchObject(expected);
    expect(local.fps).toBeCloseTo(3 / 1.25, 5);
    expect(await probe(new URL(`${baseUrl}/three.webp`))).toMatchObject(expected);
  });

  it('one frame is a still image; a file cut short is damaged, by name', async () => {
    const whole = await flatAnimatedWebp({ width: 64, height: 48, levels: LEVELS, delaysMs: [300, 250, 700] });
    await writeFile(join(dir, 'one.webp'), keepFrames(whole, 1));
    const still = await failureOf(probe(join(dir, 'one.webp')));
    expect(still.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(still.details).toMatchObject({ format: 'WebP image', kind: 'still image' });
    await writeFile(join(dir, 'probe-cut.webp'), whole.subarray(0, whole.length - 10));
    const cut = await failureOf(probe(join(dir, 'probe-cut.webp')));
    expect(cut.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(cut.message).toMatch(/^The animated WebP is cut short: the file ends inside frame 3/);
  });

  it('holds it to the media limits', async () => {
    const long = editFrame(await flatAnimatedWebp({ width: 64, height: 48, levels: LEVELS, delaysMs: [300, 250, 700] }), 2, (h) =>
      h.writeUIntLE(16_000_000, 12, 3),
    );
    await writeFile(join(dir, 'long.webp'), long);
    const error = await failureOf(probeMedia(join(dir, 'long.webp'), { ffprobePath: 'unused', limits: { maxDurationMs: 3_600_000 } }));
    expect(error.code).toBe(ErrorCode.MEDIA_TOO_LONG);
  });
});

describe('frame images of an animated WebP', () => {
  it('a JPEG of the frame on screen at a time, 320 px wide', async () => {
    for (const [timeMs, level] of [
      [0, 40],
      [400, 120],
      [5000, 200], // past the end: the last frame
    ] as const) {
      const jpeg = await animatedWebpFrameJpeg(file, timeMs, { widthPx: 320 });
      const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
      expect([info.format, info.width, info.height]).toEqual(['raw', 320, 240]);
      expect(Math.abs(data.reduce((sum, v) => sum + v, 0) / data.length - level)).toBeLessThan(3);
    }
  });
});

describe('sharp is loaded only when an animated WebP is read', () => {
  it('importing the package leaves libvips unloaded', () => {
    const script = [
      "import { readFileSync } from 'node:fs';",
      "await import('@onscreen/indexer');",
      "const before = readFileSync('/proc/self/maps', 'utf8').includes('libvips');",
      `const { decodeAnimatedWebp } = await import('@onscreen/indexer');`,
      `for await (const f of decodeAnimatedWebp(${JSON.stringify(file)}, { sampleFps: 1, width: 64, height: 48 })) break;`,
      "console.log(JSON.stringify({ before, after: readFileSync('/proc/self/maps', 'utf8').includes('libvips') }));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({ before: false, after: true });
  });
});
