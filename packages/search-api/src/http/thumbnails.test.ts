import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { resolveFfmpeg } from '@onscreen/indexer';
import type { EntryRecord } from '@onscreen/store';
import { makeFormatClip, makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCompleteJpeg, thumbnailDir, thumbnailFile } from './thumbnails.js';

/**
 * Thumbnails that cannot be made leave nothing in the cache, whatever the reason; only a whole JPEG is
 * cached (the full disk itself is in disk-full.int.test.ts). Real ffmpeg, plus two stand-ins for the
 * ways an ffmpeg can fail that a healthy disk does not produce.
 */
let root: string;
let video: string;
const ffmpegPath = resolveFfmpeg().path;
let serial = 0;

const entryOf = (filePath: string | null): EntryRecord => ({
  id: `ent_thumb${++serial}`,
  ownerId: 'usr_a',
  title: 'clip',
  description: '',
  tags: [],
  categoryIds: [],
  visibility: 'private',
  durationMs: 2000,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  sizeBytes: null,
  filePath,
  mediaType: 'video',
  ocrStatus: 'none',
  labels: null,
  viewCount: 0,
});

/** A stand-in for ffmpeg: a shell script that gets ffmpeg's arguments (the output file is the last). */
async function fakeFfmpeg(name: string, body: string): Promise<string> {
  const file = join(root, name);
  await writeFile(file, `#!/bin/sh\nfor last in "$@"; do :; done\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onscreen-thumbnails-'));
  video = join(root, 'clip.mp4');
  await makeVideo({ ...slideDeck({ durationS: 2, width: 320, height: 180 }), background: { kind: 'testsrc2' } }, video);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('thumbnailFile', () => {
  it('caches a whole JPEG, and makes again a cached one that was cut short', async () => {
    const dataDir = join(root, 'remake');
    const entry = entryOf(video);
    const cached = join(thumbnailDir(dataDir, entry.id), '500.jpg');
    await mkdir(thumbnailDir(dataDir, entry.id), { recursive: true });
    await writeFile(cached, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46])); // the start of a JPEG only
    expect(await isCompleteJpeg(cached)).toBe(false);

    expect(await thumbnailFile({ dataDir, ffmpegPath }, entry, 500)).toBe(cached);
    const made = await readFile(cached);
    expect(made.length).toBeGreaterThan(1000);
    expect([made.subarray(0, 2), made.subarray(-2)]).toEqual([Buffer.from([0xff, 0xd8]), Buffer.from([0xff, 0xd9])]);
    expect(await readdir(thumbnailDir(dataDir, entry.id))).toEqual(['500.jpg']);
  });

  it('a file ffmpeg cannot read: FFMPEG_FAILED, nothing cached', async () => {
    const dataDir = join(root, 'not-video');
    const notVideo = join(root, 'notes.mp4');
    await writeFile(notVideo, 'these are not video frames\n'.repeat(100));
    const entry = entryOf(notVideo);
    await expect(thumbnailFile({ dataDir, ffmpegPath }, entry, 0)).rejects.toMatchObject({ code: ErrorCode.FFMPEG_FAILED });
    expect(await readdir(thumbnailDir(dataDir, entry.id))).toEqual([]);
  });

  it('an ffmpeg that exits 0 with half a JPEG on a disk with room: FFMPEG_FAILED, nothing cached', async () => {
    const dataDir = join(root, 'half');
    const half = await fakeFfmpeg('ffmpeg-half', `printf '\\377\\330\\377\\340half' > "$last"\nexit 0`);
    const entry = entryOf(video);
    const failure = thumbnailFile({ dataDir, ffmpegPath: half }, entry, 0);
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.FFMPEG_FAILED, details: { exitCode: 0 } });
    expect(await readdir(thumbnailDir(dataDir, entry.id))).toEqual([]);
  });

  it('an ffmpeg that reports the disk full in its own words: STORAGE_FULL, nothing cached', async () => {
    const dataDir = join(root, 'says-full');
    const full = await fakeFfmpeg('ffmpeg-says-full', `: > "$last"\necho "$last: No space left on device" >&2\nexit 1`);
    const entry = entryOf(video);
    await expect(thumbnailFile({ dataDir, ffmpegPath: full }, entry, 0)).rejects.toMatchObject({ code: ErrorCode.STORAGE_FULL });
    expect(await readdir(thumbnailDir(dataDir, entry.id))).toEqual([]);
  });

  it('an animated WebP (which ffmpeg cannot decode) gets its frame at the time, 320 px wide', async () => {
    const dataDir = join(root, 'webp');
    const webp = join(root, 'clip.webp');
    await makeFormatClip('webp-animated', webp);
    const entry = entryOf(webp);
    // an ffmpeg that fails whatever it is given: the WebP's thumbnail must not need it
    const failing = await fakeFfmpeg('ffmpeg-fails', 'exit 1');
    const early = await readFile(await thumbnailFile({ dataDir, ffmpegPath: failing }, entry, 0));
    const late = await readFile(await thumbnailFile({ dataDir, ffmpegPath: failing }, entry, 2500));
    for (const jpeg of [early, late]) {
      expect([jpeg.subarray(0, 2), jpeg.subarray(-2)]).toEqual([Buffer.from([0xff, 0xd8]), Buffer.from([0xff, 0xd9])]);
      expect(jpegSize(jpeg)).toEqual({ width: 320, height: 180 });
    }
    // 0 ms: a blank ground; 2.5 s: both lines of text on it (a JPEG of them holds more detail)
    expect(late.length).toBeGreaterThan(early.length * 1.5);
    expect((await readdir(thumbnailDir(dataDir, entry.id))).sort()).toEqual(['0.jpg', '2500.jpg']);
  });

  it('an animated WebP whose frame takes longer than the time budget: MEDIA_RESOURCE_LIMIT, nothing cached', async () => {
    const dataDir = join(root, 'webp-slow');
    const webp = join(root, 'slow.webp');
    await makeFormatClip('webp-animated', webp);
    const entry = entryOf(webp);
    await expect(thumbnailFile({ dataDir, ffmpegPath, timeoutMs: 1 }, entry, 2500)).rejects.toMatchObject({
      code: ErrorCode.MEDIA_RESOURCE_LIMIT,
      message: expect.stringContaining('took longer than 0.001 s'),
    });
    expect(await readdir(thumbnailDir(dataDir, entry.id)).catch(() => [])).toEqual([]);
  });

  it('an entry without a media file: FILE_NOT_FOUND, no folder made', async () => {
    const dataDir = join(root, 'no-file');
    const entry = entryOf(null);
    await expect(thumbnailFile({ dataDir, ffmpegPath }, entry, 0)).rejects.toMatchObject({ code: ErrorCode.FILE_NOT_FOUND });
    await expect(readdir(thumbnailDir(dataDir, entry.id))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(jpeg: Buffer): { width: number; height: number } | undefined {
  for (let at = 2; at + 9 < jpeg.length; ) {
    const marker = jpeg[at + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  return undefined;
}
