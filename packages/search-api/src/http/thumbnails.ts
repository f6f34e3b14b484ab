import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import {
  animatedWebpFrameJpeg,
  DEFAULT_FFMPEG_LIMITS,
  isAnimatedWebp,
  type ProcessResult,
  resourceLimitError,
  runProcess,
} from '@onscreen/indexer';
import type { EntryRecord } from '@onscreen/store';
import type { ResolvedHttpDeps } from './deps.js';
import { availableBytes, isNoSpaceError } from './disk-space.js';
import { headOf } from './media-types.js';

/** Thumbnails exist for every half second at most: requests snap to this grid and share the cache. */
export const THUMBNAIL_STEP_MS = 500;
const THUMBNAIL_WIDTH_PX = 320;
/**
 * Far more than one thumbnail takes (320 px wide, typically 5–60 KB). When ffmpeg leaves no complete
 * JPEG and less than this is free, the disk is the reason: ffmpeg exits 0 after a failed write, silently.
 */
export const THUMBNAIL_ROOM_BYTES = 256 * 1024;
const NO_SPACE_MESSAGE = /No space left on device|Disk quota exceeded/i;

export const thumbnailDir = (dataDir: string, entryId: string) => join(dataDir, 'thumbnails', entryId);

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

/** How long one thumbnail may take, by ffmpeg or by the WebP reader (which replays the animation up to the time). */
export const THUMBNAIL_TIMEOUT_MS = 30_000;
type ThumbnailDeps = Pick<ResolvedHttpDeps, 'dataDir' | 'ffmpegPath'> & { timeoutMs?: number };
/** Runs the ffmpeg of one thumbnail when its turn comes (the service's ThumbnailQueue); by default at once. */
export type ScheduleThumbnail = (make: () => Promise<string>) => Promise<string>;
const inFlight = new Map<string, Promise<string>>();

/**
 * A small JPEG of the entry's frame at `tMs` (already snapped), made once with ffmpeg and cached. A
 * cached frame is answered without waiting in `schedule`; requests for a frame being made (or waiting to
 * be) share that one job. Only a complete JPEG enters the cache (ffmpeg writes a temp file, renamed when
 * whole); a failure leaves nothing. Fails with STORAGE_FULL when the disk has no room for it,
 * FFMPEG_FAILED when ffmpeg cannot make it. An animated WebP, which ffmpeg cannot decode, is drawn by
 * onscreen's own WebP reader (CORRUPT_MEDIA when it is damaged).
 */
export async function thumbnailFile(
  deps: ThumbnailDeps,
  entry: EntryRecord,
  tMs: number,
  schedule: ScheduleThumbnail = (make) => make(),
): Promise<string> {
  const file = join(thumbnailDir(deps.dataDir, entry.id), `${tMs}.jpg`);
  const pending = inFlight.get(file);
  if (pending) return pending;
  if (await isCompleteJpeg(file)) return file;
  const again = inFlight.get(file); // another request may have started it while the cache was checked
  if (again) return again;
  const making = schedule(() => makeThumbnail(deps, entry, tMs, file)).finally(() => inFlight.delete(file));
  inFlight.set(file, making);
  return making;
}

async function makeThumbnail(deps: ThumbnailDeps, entry: EntryRecord, tMs: number, file: string): Promise<string> {
  if (await isCompleteJpeg(file)) return file;
  if (entry.filePath === null) throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `Entry ${entry.id} has no media file.`);
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    await mkdir(dirname(dirname(file)), { recursive: true, mode: 0o700 });
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const timeoutMs = deps.timeoutMs ?? THUMBNAIL_TIMEOUT_MS;
    if (isAnimatedWebp(await headOf(entry.filePath).catch(() => Buffer.alloc(0)))) {
      // the reader runs in this process, where no CPU limit holds it: a time budget does, as ffmpeg's timeout does
      const budget = AbortSignal.timeout(timeoutMs);
      const jpeg = await animatedWebpFrameJpeg(entry.filePath, tMs, { widthPx: THUMBNAIL_WIDTH_PX, signal: budget }).catch(
        (error: unknown) => {
          if (!budget.aborted) throw error;
          throw new OnscreenError(
            ErrorCode.MEDIA_RESOURCE_LIMIT,
            `The frame at ${tMs} ms of entry ${entry.id}'s animated WebP took longer than ${timeoutMs / 1000} s to draw.`,
            { cause: error, details: { timeoutMs } },
          );
        },
      );
      await writeFile(partial, jpeg, { mode: 0o600 });
      await rename(partial, file);
      return file;
    }
    // a path, never a URL: `file:` and the protocol whitelist keep ffmpeg on the local file (as decodeFrames does)
    // one thread to decode, filter and encode, and a lower CPU priority: thumbnails are many and small,
    // and must leave the cores to searches first
    const args = ['-v', 'error', '-threads', '1', '-filter_threads', '1', '-ss', (tMs / 1000).toFixed(3)];
    args.push('-protocol_whitelist', 'file', '-i', `file:${entry.filePath}`);
    args.push('-threads', '1', '-frames:v', '1', '-vf', `scale=${THUMBNAIL_WIDTH_PX}:-2`, '-q:v', '5', '-f', 'image2', '-y', partial);
    const result = await runProcess(deps.ffmpegPath, args, { timeoutMs, limits: DEFAULT_FFMPEG_LIMITS, niceness: 10 });
    if (result.limitBreach !== null) throw resourceLimitError('ffmpeg', result.limitBreach, DEFAULT_FFMPEG_LIMITS, result.stderrTail);
    if (result.exitCode !== 0 || !(await isCompleteJpeg(partial))) throw await noThumbnail(entry, tMs, dirname(file), result);
    await chmod(partial, 0o600); // ffmpeg made it with the process's mask
    await rename(partial, file);
    return file;
  } catch (error) {
    throw isNoSpaceError(error) ? storageFull(entry, tMs, error) : error;
  } finally {
    await rm(partial, { force: true }).catch(() => undefined); // gone already after the rename
  }
}

/** Why ffmpeg left no complete JPEG: the disk's room (checked before the partial file is removed), or ffmpeg. */
async function noThumbnail(entry: EntryRecord, tMs: number, dir: string, result: ProcessResult): Promise<OnscreenError> {
  const freeBytes = await availableBytes(dir).catch(() => Number.POSITIVE_INFINITY);
  const details = { exitCode: result.exitCode, stderr: result.stderrTail, freeBytes };
  if (freeBytes < THUMBNAIL_ROOM_BYTES || NO_SPACE_MESSAGE.test(result.stderrTail)) return storageFull(entry, tMs, undefined, details);
  return new OnscreenError(ErrorCode.FFMPEG_FAILED, `ffmpeg could not make a thumbnail of entry ${entry.id} at ${tMs} ms.`, { details });
}

function storageFull(entry: EntryRecord, tMs: number, cause?: unknown, details?: Record<string, unknown>): OnscreenError {
  const message = `There is no room left on the disk for the thumbnail of entry ${entry.id} at ${tMs} ms; nothing was cached.`;
  return new OnscreenError(ErrorCode.STORAGE_FULL, message, { cause, details });
}

const JPEG_START = Buffer.from([0xff, 0xd8]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

/** A whole JPEG: it starts with SOI and ends with EOI (a write cut short by a full disk keeps the first, not the second). */
export async function isCompleteJpeg(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return false;
  try {
    const { size } = await handle.stat();
    if (size < 4) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    await handle.read(tail, 0, 2, size - 2);
    return head.equals(JPEG_START) && tail.equals(JPEG_END);
  } finally {
    await handle.close();
  }
}
