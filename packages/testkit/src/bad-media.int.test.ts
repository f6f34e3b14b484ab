import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testkitFfmpeg } from './binaries.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_MEDIA_KINDS, makeBadMedia, probeFile } from './index.js';
import { runProcess } from './run-ffmpeg.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'testkit-bad-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Decoded video frames, or the ffmpeg error. */
async function decodedFrames(file: string): Promise<number> {
  const args = ['-v', 'error', '-nostats', '-progress', 'pipe:1', '-i', file, '-map', '0:v', '-f', 'null', '-'];
  const out = await runProcess(testkitFfmpeg(), args);
  return Math.max(0, ...[...out.matchAll(/^frame=(\d+)$/gm)].map((m) => Number(m[1])));
}

describe('makeBadMedia', () => {
  it.each(BAD_MEDIA_KINDS)('%s is produced', async (kind) => {
    const file = join(dir, `${kind}.mp4`);
    const info = await makeBadMedia(kind, file);
    expect(info.kind).toBe(kind);
    expect(info.sizeBytes).toBe((await readFile(file)).length);
    if (kind === 'zero-bytes') expect(info.sizeBytes).toBe(0);
    else expect(info.sizeBytes).toBeGreaterThan(0);
  });

  it.each(['zero-bytes', 'text-renamed', 'random-bytes', 'header-corrupt'] as const)('%s cannot be probed', async (kind) => {
    const file = join(dir, `${kind}-probe.mp4`);
    expect((await makeBadMedia(kind, file)).expect).toBe('unreadable');
    await expect(probeFile(file)).rejects.toMatchObject({ code: 'FFMPEG_FAILED' });
  });

  it('audio-only has an audio stream and no video stream', async () => {
    const file = join(dir, 'audio-only-probe.mp4');
    await makeBadMedia('audio-only', file);
    const probed = await probeFile(file);
    expect(probed.video).toBeUndefined();
    expect(probed.audio?.codec).toBe('aac');
    expect(probed.durationS).toBeGreaterThan(2.5);
  });

  it('truncated keeps its header but decodes fewer frames than it promises (or fails)', async () => {
    const file = join(dir, 'truncated-probe.mp4');
    await makeBadMedia('truncated', file);
    const probed = await probeFile(file);
    expect(probed.durationS).toBeCloseTo(6, 0); // the moov atom still claims 6 s
    const promisedFrames = 6 * 25;
    const frames = await decodedFrames(file).catch(() => 0);
    expect(frames).toBeLessThan(promisedFrames);
  });
});
