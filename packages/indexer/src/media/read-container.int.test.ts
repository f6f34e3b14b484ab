import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck, testkitFfmpeg, testkitFfprobe } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContainerJson, readContainer } from './read-container.js';
import { MEDIA_FORMAT_WHITELIST } from './probe-media.js';

/** ffmpeg's own description of an input, read as ffprobe's JSON, against a real ffprobe's answer. */
let dir: string;
let video: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-container-'));
  video = join(dir, 'slides.mp4');
  await makeVideo(slideDeck({ durationS: 3 }), video);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readContainer with an ffmpeg', () => {
  it('reads format, streams, picture size, frame rate and duration as ffprobe does', async () => {
    const read = async (tool: string) => {
      const result = await readContainer(tool, video, MEDIA_FORMAT_WHITELIST, {});
      expect(result.exitCode, result.stderrTail).toBe(0);
      return JSON.parse(result.stdout) as ContainerJson;
    };
    const [fromFfmpeg, fromFfprobe] = await Promise.all([read(testkitFfmpeg()), read(testkitFfprobe())]);
    expect(fromFfmpeg.format?.format_name).toBe(fromFfprobe.format?.format_name);
    const shape = (json: ContainerJson) =>
      (json.streams ?? []).map((s) => ({ type: s.codec_type, codec: s.codec_name, width: s.width, height: s.height }));
    expect(shape(fromFfmpeg)).toEqual(shape(fromFfprobe));
    const videoOf = (json: ContainerJson) => json.streams?.find((s) => s.codec_type === 'video');
    const rate = (r: string | undefined) => (r === undefined ? 0 : Number(r.split('/')[0]) / Number(r.split('/')[1]));
    expect(rate(videoOf(fromFfmpeg)?.avg_frame_rate)).toBeCloseTo(rate(videoOf(fromFfprobe)?.avg_frame_rate), 2);
    expect(Math.abs(Number(fromFfmpeg.format?.duration) - Number(fromFfprobe.format?.duration))).toBeLessThanOrEqual(0.03);
  });

  it('fails as ffprobe does on a file that is not media', async () => {
    const result = await readContainer(testkitFfmpeg(), new URL(import.meta.url).pathname, MEDIA_FORMAT_WHITELIST, {});
    expect(result.exitCode).not.toBe(0);
    expect(result.stderrTail).toMatch(/Invalid data found/);
  });
});
