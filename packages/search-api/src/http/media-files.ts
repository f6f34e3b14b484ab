import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { DEFAULT_FFMPEG_LIMITS, resourceLimitError, runProcess } from '@onscreen/indexer';
import type { EntryRecord, OnscreenStore } from '@onscreen/store';
import type { ResolvedHttpDeps } from './deps.js';

/** Thumbnails exist for every half second at most: requests snap to this grid and share the cache. */
export const THUMBNAIL_STEP_MS = 500;
const THUMBNAIL_WIDTH_PX = 320;

export const mediaDir = (dataDir: string) => join(dataDir, 'media');
const thumbnailDir = (dataDir: string, entryId: string) => join(dataDir, 'thumbnails', entryId);

/** A safe extension for a stored upload, from the client's file name (the content was probed anyway). */
export function storedExtension(fileName: string | undefined): string {
  const ext = extname(fileName ?? '').toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '.bin';
}

export function newEntryId(): string {
  return `ent_${randomBytes(9).toString('base64url')}`;
}

/** Snap to the grid, within the video (the last grid point before its end). */
export function snapThumbnailMs(tMs: number, durationMs: number | null): number {
  const snapped = Math.round(tMs / THUMBNAIL_STEP_MS) * THUMBNAIL_STEP_MS;
  if (durationMs === null || durationMs <= 0) return snapped;
  const last = Math.floor((durationMs - 1) / THUMBNAIL_STEP_MS) * THUMBNAIL_STEP_MS;
  return Math.max(0, Math.min(snapped, last));
}

/** The time to link for a moment: the first grid point inside [startMs, endMs), else its start. */
export function momentThumbnailMs(startMs: number, endMs: number): number {
  const firstInside = Math.ceil(startMs / THUMBNAIL_STEP_MS) * THUMBNAIL_STEP_MS;
  return firstInside < endMs ? firstInside : startMs;
}

const inFlight = new Map<string, Promise<string>>();

/** A small JPEG of the entry's frame at `tMs` (already snapped), made once with ffmpeg and cached. */
export function thumbnailFile(deps: ResolvedHttpDeps, entry: EntryRecord, tMs: number): Promise<string> {
  const file = join(thumbnailDir(deps.dataDir, entry.id), `${tMs}.jpg`);
  const running = inFlight.get(file);
  if (running) return running;
  const making = makeThumbnail(deps, entry, tMs, file).finally(() => inFlight.delete(file));
  inFlight.set(file, making);
  return making;
}

async function makeThumbnail(deps: ResolvedHttpDeps, entry: EntryRecord, tMs: number, file: string): Promise<string> {
  if (
    await stat(file).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return file;
  if (entry.filePath === null) throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `Entry ${entry.id} has no media file.`);
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  // a path, never a URL: `file:` and the protocol whitelist keep ffmpeg on the local file (as decodeFrames does)
  const args = [
    '-v',
    'error',
    '-ss',
    (tMs / 1000).toFixed(3),
    '-protocol_whitelist',
    'file',
    '-i',
    `file:${entry.filePath}`,
    '-frames:v',
    '1',
  ];
  args.push('-vf', `scale=${THUMBNAIL_WIDTH_PX}:-2`, '-q:v', '5', '-f', 'image2', '-y', partial);
  const result = await runProcess(deps.ffmpegPath, args, { timeoutMs: 30_000, limits: DEFAULT_FFMPEG_LIMITS });
  if (result.limitBreach !== null) {
    await rm(partial, { force: true });
    throw resourceLimitError('ffmpeg', result.limitBreach, DEFAULT_FFMPEG_LIMITS, result.stderrTail);
  }
  const made = await stat(partial).then(
    (s) => s.size > 0,
    () => false,
  );
  if (result.exitCode !== 0 || !made) {
    await rm(partial, { force: true });
    throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `ffmpeg could not make a thumbnail of entry ${entry.id} at ${tMs} ms.`, {
      details: { exitCode: result.exitCode, stderr: result.stderrTail },
    });
  }
  await rename(partial, file);
  return file;
}

/** Removes an entry's media file (when it lives in the data dir) and its cached thumbnails. */
export async function removeEntryFiles(dataDir: string, entry: EntryRecord): Promise<void> {
  await rm(thumbnailDir(dataDir, entry.id), { recursive: true, force: true });
  if (entry.filePath !== null && dirname(entry.filePath) === mediaDir(dataDir)) await rm(entry.filePath, { force: true });
}

/**
 * Removes what an interrupted upload left in the media folder: `.part` files, and stored files no entry
 * points to (a process killed between storing the file and recording the entry). Only files older than
 * `minAgeMs`, so an upload still in progress in another process is left alone. Returns how many went.
 */
export async function sweepOrphanMedia(dataDir: string, store: Pick<OnscreenStore, 'getEntry'>, minAgeMs = 10 * 60_000): Promise<number> {
  const dir = mediaDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile() || Date.now() - info.mtimeMs < minAgeMs) continue;
    const id = name.endsWith('.part') ? null : name.replace(/\.[^.]*$/, '');
    if (id !== null && (await store.getEntry(id)) !== null) continue;
    await rm(file, { force: true });
    removed += 1;
  }
  return removed;
}
