import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, isOnscreenError, OnscreenError, type User } from '@onscreen/core';
import { probeMedia } from '@onscreen/indexer';
import type { EntryRecord } from '@onscreen/store';
import type { FastifyRequest } from 'fastify';
import type { ResolvedHttpDeps } from './deps.js';
import { isNoSpaceError } from './disk-space.js';
import { clientExtension, mediaDir, newEntryId } from './media-files.js';
import { containerOf } from './media-types.js';
import { parsePart } from './route.js';
import { UploadFieldsSchema } from './schemas.js';

/**
 * POST /v1/entries: the multipart `file` is streamed to `<dataDir>/media` (never held in memory),
 * probed with ffprobe, and only then becomes an entry, stored as `<id>.<ext>` with the extension of the
 * probed container (never the client's: a video named `x.html` is stored as `.mp4`); on any failure the
 * file is removed.
 */
export async function receiveUpload(deps: ResolvedHttpDeps, user: User, request: FastifyRequest): Promise<EntryRecord> {
  if (!request.isMultipart()) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Send multipart/form-data with a "file" and a "title".');
  refuseDeclaredOversize(request, deps.limits.uploadBytes);
  const id = newEntryId();
  const dir = mediaDir(deps.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const fields: Record<string, string> = {};
  let partial: string | undefined;
  let shownName = 'upload';
  try {
    try {
      // busboy stops at one byte over the limit; sizeGuard counts the bytes that really came and fails there
      const limits = { fileSize: deps.limits.uploadBytes + 1, files: 1, fields: 10, fieldSize: FIELD_BYTES, parts: 12 };
      for await (const part of request.parts({ limits })) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== 'file' || partial !== undefined) {
          part.file.resume();
          throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Send exactly one file, in the field "file".');
        }
        shownName = `upload${clientExtension(part.filename)}`;
        partial = join(dir, `${id}.part`);
        const room = deps.limits.mediaQuotaBytes - (Number.isFinite(deps.limits.mediaQuotaBytes) ? await folderBytes(dir) : 0);
        await pipeline(part.file, sizeGuard(deps.limits.uploadBytes), quotaGuard(room), createWriteStream(partial, { mode: 0o600 }));
      }
    } catch (error) {
      throw asClientError(error);
    }
    if (partial === undefined) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'The field "file" is missing.');
    const meta = parsePart(UploadFieldsSchema, fields, 'body');
    const probing = partial;
    const info = await probeMedia(probing, { ffprobePath: deps.ffprobePath }).catch((error: unknown) => {
      throw withoutServerPath(error, probing, shownName);
    });
    const container = await containerOf(info.formatName, probing);
    const file = join(dir, `${id}${container.ext}`);
    await rename(partial, file);
    partial = file;
    return await deps.store.createEntry({
      id,
      ownerId: user.id,
      ...meta,
      durationMs: info.durationMs,
      sizeBytes: info.sizeBytes,
      filePath: file,
      mediaType: container.contentType.startsWith('image/') ? 'image' : 'video',
    });
  } catch (error) {
    if (partial !== undefined) await rm(partial, { force: true });
    throw storeFullAsStorageFull(error);
  }
}

/** Probe errors name the file in their message and ffprobe's output; an answer must not show where the server keeps it. */
function withoutServerPath(error: unknown, file: string, shownName: string): unknown {
  if (!isOnscreenError(error)) return error;
  const hide = (text: string) => text.split(`file:${file}`).join(shownName).split(file).join(shownName);
  const details =
    error.details && Object.fromEntries(Object.entries(error.details).map(([k, v]) => [k, typeof v === 'string' ? hide(v) : v]));
  return new OnscreenError(error.code, hide(error.message), { details, cause: error });
}

const storageFull = (cause?: unknown) =>
  new OnscreenError(ErrorCode.STORAGE_FULL, 'There is no room left to store this upload; nothing was stored.', { cause });

/** SQLite's SQLITE_FULL and Postgres' disk_full (53100): the database's disk is full, which the client hears as 507. */
function storeFullAsStorageFull(error: unknown): unknown {
  if (!isOnscreenError(error, ErrorCode.STORE_FAILED)) return error;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_FULL' || code === '53100' ? storageFull(error) : error;
}

/** Bytes of the files in a folder (the media folder is flat). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size;
  return total;
}

/** The multipart fields beside the file (title, description …): each at most this many bytes, ten of them. */
const FIELD_BYTES = 20_000;
/** What multipart framing and fields may add to the file's bytes in a body. */
const MULTIPART_OVERHEAD_BYTES = 10 * FIELD_BYTES + 64 * 1024;

const tooLarge = (limitBytes: number, what: string) =>
  new OnscreenError(ErrorCode.MEDIA_TOO_LARGE, `${what}; the limit is ${limitBytes} bytes. Nothing was stored.`, {
    details: { limitBytes },
  });

/** A body that says it is larger than any allowed upload is refused before a byte of it is read. */
function refuseDeclaredOversize(request: FastifyRequest, uploadBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > uploadBytes + MULTIPART_OVERHEAD_BYTES) {
    throw tooLarge(uploadBytes, `The request says it is ${declared} bytes long`);
  }
}

/** Counts the bytes that really arrive (whatever Content-Length said) and fails past `limitBytes`. */
function sizeGuard(limitBytes: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limitBytes) done(tooLarge(limitBytes, 'The file is larger than allowed'));
      else done(null, chunk);
    },
  });
}

/** Passes bytes through until `roomBytes` is exceeded, then fails the stream with STORAGE_FULL. */
function quotaGuard(roomBytes: number): Transform {
  let written = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > roomBytes) done(storageFull());
      else done(null, chunk);
    },
  });
}

/** Multipart parse errors (no boundary, an unterminated body, two files) are the client's: 400, never 500. */
function asClientError(error: unknown): unknown {
  if (isOnscreenError(error)) return error;
  const { code, statusCode, syscall, message } = error as { code?: string; statusCode?: number; syscall?: string; message?: string };
  // the disk (or the account's quota on it) is full: the client learns why; stored data is untouched
  if (isNoSpaceError(error)) return storageFull(error);
  if (code === 'FST_FILES_LIMIT')
    return new OnscreenError(ErrorCode.INVALID_INPUT, 'Send exactly one file, in the field "file".', { cause: error });
  // disk errors (they have a syscall) stay 5xx; Fastify's own errors keep their status
  if (syscall !== undefined || statusCode !== undefined) return error;
  return new OnscreenError(ErrorCode.INVALID_INPUT, `The multipart body cannot be read: ${message ?? 'malformed'}.`, { cause: error });
}
