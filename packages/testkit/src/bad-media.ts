import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testkitFfmpeg } from './binaries.js';
import { makeVideo } from './make-video.js';
import { runProcess } from './run-ffmpeg.js';
import { createSeededRandom } from './seeded-random.js';
import { slideDeck } from './specs/slide-deck.js';

export const BAD_MEDIA_KINDS = ['truncated', 'zero-bytes', 'text-renamed', 'audio-only', 'random-bytes', 'header-corrupt'] as const;
export type BadMediaKind = (typeof BAD_MEDIA_KINDS)[number];

export interface BadMediaOptions {
  signal?: AbortSignal | undefined;
  ffmpegPath?: string | undefined;
}

export interface BadMediaInfo {
  kind: BadMediaKind;
  sizeBytes: number;
  /** What a reader should observe: no usable media at all, no video stream, or fewer frames than promised. */
  expect: 'unreadable' | 'no-video' | 'cut-short';
}

const EXPECTATIONS: Record<BadMediaKind, BadMediaInfo['expect']> = {
  truncated: 'cut-short',
  'zero-bytes': 'unreadable',
  'text-renamed': 'unreadable',
  'audio-only': 'no-video',
  'random-bytes': 'unreadable',
  'header-corrupt': 'unreadable',
};

function randomBytes(sizeBytes: number, seed: number): Buffer {
  const r = createSeededRandom(seed);
  return Buffer.from(Array.from({ length: sizeBytes }, () => r.int(0, 255)));
}

/** A valid 6 s slide video with its moov atom at the front (faststart), for the damaged kinds. */
async function validMp4(options: BadMediaOptions): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'onscreen-bad-media-'));
  try {
    const file = join(dir, 'valid.mp4');
    await makeVideo(slideDeck({ durationS: 6, keyframeIntervalS: 2 }), file, options);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function contentOf(kind: BadMediaKind, outFile: string, options: BadMediaOptions): Promise<Buffer | undefined> {
  switch (kind) {
    case 'zero-bytes':
      return Buffer.alloc(0);
    case 'text-renamed':
      return Buffer.from('Meeting notes\nQuarterly revenue grew 12%.\nThis is a text file, not a video.\n', 'utf8');
    case 'random-bytes':
      return randomBytes(64 * 1024, 7);
    case 'truncated': {
      const valid = await validMp4(options);
      return valid.subarray(0, Math.floor(valid.length / 2)); // moov intact, half the media data gone
    }
    case 'header-corrupt': {
      const valid = Buffer.from(await validMp4(options));
      randomBytes(512, 11).copy(valid, 0); // ftyp and the moov header destroyed
      return valid;
    }
    case 'audio-only': {
      const ffmpegPath = options.ffmpegPath ?? testkitFfmpeg();
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'];
      await runProcess(ffmpegPath, [...args, '-c:a', 'aac', '-b:a', '32k', '-movflags', '+faststart', '-f', 'mp4', outFile], options);
      return undefined; // written by ffmpeg
    }
  }
}

/** Write a broken or unusual media file of the given kind (deterministic content). */
export async function makeBadMedia(kind: BadMediaKind, outFile: string, options: BadMediaOptions = {}): Promise<BadMediaInfo> {
  const content = await contentOf(kind, outFile, options);
  if (content !== undefined) await writeFile(outFile, content);
  return { kind, sizeBytes: (await stat(outFile)).size, expect: EXPECTATIONS[kind] };
}
