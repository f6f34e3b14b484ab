import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ErrorCode, OnscreenError } from '@onscreen/core';

/**
 * Where a video is read from: a local file path, or — for a worker on another machine — a `URL` the
 * onscreen API signed for it (ffmpeg reads byte ranges of it; nothing is copied first). Only a `URL`
 * object is fetched: a string is always a file name, so a path from a database can never become a
 * network request.
 */
export type MediaSource = string | URL;

const HTTP_TIMEOUT_MS = 30_000;

const isUrl = (source: MediaSource): source is URL => source instanceof URL;

export function describeSource(source: MediaSource): string {
  return isUrl(source) ? `${source.origin}${source.pathname}` : source;
}

/** ffmpeg's input arguments: a protocol whitelist that admits only this kind of input, then the input. */
export function ffmpegInputArgs(source: MediaSource): string[] {
  if (!isUrl(source)) return ['-protocol_whitelist', 'file', '-i', `file:${source}`];
  if (source.protocol !== 'http:' && source.protocol !== 'https:') {
    // a network stream (rtmp:, rtsp:, srt: …) is a format onscreen refuses by name, as a file holding such a link is
    const format = `${source.protocol.replace(/:$/, '')}:// stream`;
    throw new OnscreenError(ErrorCode.UNSUPPORTED_FORMAT, `The media is a ${format}: onscreen reads video files over http or https only.`, {
      details: { format, kind: 'network stream' },
    });
  }
  // rw_timeout in µs: a stalled connection fails the read instead of hanging the order
  return ['-protocol_whitelist', 'http,https,tcp,tls', '-rw_timeout', String(HTTP_TIMEOUT_MS * 1000), '-i', source.href];
}

/** The size of the media, with FILE_NOT_FOUND / ZERO_LENGTH for what is missing or empty. */
export async function sourceSizeBytes(source: MediaSource): Promise<number> {
  if (!isUrl(source)) {
    const info = await stat(source).catch((cause: unknown) => {
      throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `The file "${source}" does not exist or cannot be read.`, { cause });
    });
    if (!info.isFile()) throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `"${source}" is not a file.`);
    if (info.size === 0) throw new OnscreenError(ErrorCode.ZERO_LENGTH, `The file "${source}" is empty (0 bytes).`);
    return info.size;
  }
  const response = await fetch(source, { method: 'HEAD', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) }).catch((cause: unknown) => {
    throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `The media at ${describeSource(source)} cannot be reached.`, { cause });
  });
  if (!response.ok) {
    throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `The media at ${describeSource(source)} answered ${response.status}.`, {
      details: { status: response.status },
    });
  }
  const size = Number(response.headers.get('content-length') ?? Number.NaN);
  if (size === 0) throw new OnscreenError(ErrorCode.ZERO_LENGTH, `The media at ${describeSource(source)} is empty (0 bytes).`);
  return Number.isFinite(size) ? size : 0;
}

/** The first `bytes` of the media (fewer when it is shorter), for recognising a container by its signature. */
export async function readSourceHead(source: MediaSource, bytes: number): Promise<Buffer> {
  if (isUrl(source)) {
    const response = await fetch(source, { headers: { range: `bytes=0-${bytes - 1}` }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    return Buffer.from(await response.arrayBuffer()).subarray(0, bytes);
  }
  const handle = await open(source, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(head, 0, bytes, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The media's bytes from the start, as a stream, for formats onscreen reads itself (animated WebP): a
 * file is read in 256 KiB pieces, a URL fetched in one GET whose body is read as it arrives. A download
 * that stalls for HTTP_TIMEOUT_MS fails, as ffmpeg's `-rw_timeout` makes it fail there.
 */
export async function* sourceBytes(source: MediaSource, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (!isUrl(source)) {
    const stream = createReadStream(source, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
    try {
      for await (const piece of stream) yield piece as Buffer;
    } catch (cause) {
      if (signal?.aborted) throw new OnscreenError(ErrorCode.ABORTED, 'Reading the media was cancelled.', { cause: signal.reason });
      throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `The file "${source}" cannot be read.`, { cause });
    }
    return;
  }
  ffmpegInputArgs(source); // refuses a stream link by name, as ffmpeg's input would
  const stalled = new AbortController();
  const both = signal ? AbortSignal.any([signal, stalled.signal]) : stalled.signal;
  const unreachable = (cause: unknown) => {
    if (signal?.aborted) return new OnscreenError(ErrorCode.ABORTED, 'Reading the media was cancelled.', { cause: signal.reason });
    const why = stalled.signal.aborted ? `sent nothing for ${HTTP_TIMEOUT_MS / 1000} s` : 'cannot be reached';
    return new OnscreenError(ErrorCode.FFMPEG_FAILED, `The media at ${describeSource(source)} ${why}.`, { cause });
  };
  // only the waits for the server are timed, not the time the reader takes between pieces
  let timer: NodeJS.Timeout | undefined;
  const timed = async <T>(wait: Promise<T>): Promise<T> => {
    timer = setTimeout(() => stalled.abort(), HTTP_TIMEOUT_MS);
    try {
      return await wait;
    } catch (cause) {
      throw unreachable(cause);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const response = await timed(fetch(source, { signal: both }));
    if (!response.ok || response.body === null) {
      throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `The media at ${describeSource(source)} answered ${response.status}.`, {
        details: { status: response.status },
      });
    }
    const reader = response.body.getReader();
    for (;;) {
      const next = await timed(reader.read());
      if (next.done) return;
      yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
  } finally {
    clearTimeout(timer);
    stalled.abort(); // ends a download the reader left early
  }
}
