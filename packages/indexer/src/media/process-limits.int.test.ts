import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, isOnscreenError, type OnscreenError } from '@onscreen/core';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../frames/decode-frames.js';
import { resolveFfmpeg, resolveFfprobe } from './binaries.js';
import { probeMedia } from './probe-media.js';
import { probeDurationToleranceMs } from './read-container.js';
import { resolvePrlimit } from './process-limits.js';
import { runProcess } from './run-process.js';

/** ffmpeg and ffprobe under real OS limits (util-linux prlimit, installed on these machines and in CI). */
const MiB = 1024 ** 2;
const ffmpegPath = resolveFfmpeg().path;
const ffprobePath = resolveFfprobe({ ffmpegPath }).path;
let dir: string;
let slides720: string;

beforeAll(async () => {
  expect(resolvePrlimit(), 'util-linux prlimit must be installed to test the limits').toBeDefined();
  dir = await mkdtemp(join(tmpdir(), 'onscreen-limits-'));
  slides720 = join(dir, 'slides-720.mp4');
  await makeVideo(slideDeck({ durationS: 4 }), slides720);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<OnscreenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOnscreenError(error)) throw new Error(`expected an OnscreenError, got ${String(error)}`);
  return error;
}

describe('OS resource limits for ffmpeg and ffprobe', () => {
  it('runs the program under exactly the limits asked for', async () => {
    const result = await runProcess('/bin/cat', ['/proc/self/limits'], { limits: { addressSpaceBytes: 256 * MiB, cpuSeconds: 7 } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Max cpu time\s+7\s+7\s+seconds/);
    expect(result.stdout).toMatch(/Max address space\s+268435456\s+268435456\s+bytes/);
    const unlimited = await runProcess('/bin/cat', ['/proc/self/limits']);
    expect(unlimited.stdout).toMatch(/Max cpu time\s+unlimited/);
  });

  it('a program prlimit cannot start fails as it would without prlimit (ENOENT)', async () => {
    const missing = join(dir, 'no-such-ffprobe');
    const limited = await runProcess(missing, ['-version'], { limits: { addressSpaceBytes: 256 * MiB, cpuSeconds: 7 } }).catch((e) => e);
    const direct = await runProcess(missing, ['-version']).catch((e) => e);
    expect([limited.code, direct.code]).toEqual(['ENOENT', 'ENOENT']);
  });

  it('stops ffmpeg with SIGKILL when its CPU time is used up, and says so', async () => {
    const started = Date.now();
    // encoding a test pattern for 10 minutes costs far more than the one CPU second allowed
    const args = ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25', '-t', '600', '-c:v', 'libx264', '-f', 'null', '-'];
    const result = await runProcess(ffmpegPath, args, { timeoutMs: 60_000, limits: { addressSpaceBytes: 2048 * MiB, cpuSeconds: 1 } });
    expect(result.signal).toBe('SIGKILL');
    expect(result.limitBreach).toBe('cpu');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a timeout is not taken for the CPU limit', async () => {
    const args = ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25', '-t', '60', '-f', 'null', '-'];
    const result = await runProcess(ffmpegPath, args, { timeoutMs: 1_000, limits: { addressSpaceBytes: 2048 * MiB, cpuSeconds: 60 } });
    expect(result.signal).toBe('SIGKILL');
    expect(result.limitBreach).toBeNull();
  });

  it('decoding whose threads do not fit in the address space fails with MEDIA_RESOURCE_LIMIT (memory)', async () => {
    const frames = decodeFrames(slides720, {
      ffmpegPath,
      sampleFps: 2,
      width: 1280,
      height: 720,
      threads: 16,
      processLimits: { addressSpaceBytes: 128 * MiB },
    });
    const error = await rejection(
      (async () => {
        for await (const _ of frames);
      })(),
    );
    expect(error.code).toBe(ErrorCode.MEDIA_RESOURCE_LIMIT);
    expect(error.details).toMatchObject({ tool: 'ffmpeg', limit: 'memory', addressSpaceBytes: 128 * MiB });
  });

  it('probes and decodes a 2560×1440 video under the default limits, frames scaled to 1920 wide', async () => {
    const file = join(dir, 'slides-1440.mp4');
    await makeVideo(slideDeck({ durationS: 2, width: 2560, height: 1440 }), file);
    const media = await probeMedia(file, { ffprobePath });
    expect(media).toMatchObject({ width: 2560, height: 1440 });
    expect(Math.abs(media.durationMs - 2000)).toBeLessThanOrEqual(probeDurationToleranceMs(ffprobePath));
    const frames = [];
    const options = { ffmpegPath, sampleFps: 2, width: media.width, height: media.height, durationMs: media.durationMs };
    for await (const frame of decodeFrames(file, options)) frames.push(frame);
    expect(frames.map((f) => [f.width, f.height, f.pixels.length])).toEqual(Array(4).fill([1920, 1080, 1920 * 1080]));
  });

  it('probeMedia passes the limits to ffprobe: a CPU limit of one second is plenty for a probe', async () => {
    const media = await probeMedia(slides720, { ffprobePath, processLimits: { addressSpaceBytes: 128 * MiB, cpuSeconds: 1 } });
    expect(media).toMatchObject({ width: 1280, height: 720 });
    expect(Math.abs(media.durationMs - 4000)).toBeLessThanOrEqual(probeDurationToleranceMs(ffprobePath));
  });
});
