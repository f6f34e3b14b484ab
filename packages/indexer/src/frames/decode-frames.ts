import { spawn } from 'node:child_process';
import { ffmpegInputArgs, type MediaSource } from '../media/media-source.js';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import {
  DEFAULT_FFMPEG_LIMITS,
  decodeCpuSeconds,
  limitBreach,
  limitedCommand,
  type ProcessLimitsOption,
  prlimitExecError,
  resolveProcessLimits,
  resolvePrlimit,
  resourceLimitError,
} from '../media/process-limits.js';
import { DEFAULT_MEDIA_LIMITS, MEDIA_FORMAT_WHITELIST } from '../media/probe-media.js';
import { createTail } from '../media/run-process.js';
import type { Chroma } from './ink-image.js';
import { rawFrames } from './raw-frames.js';

export interface DecodeOptions {
  ffmpegPath: string;
  /** Frames per second to sample. */
  sampleFps: number;
  /** Source size (from probeMedia). Frames wider than maxWidth are scaled down, keeping the aspect ratio. */
  width: number;
  height: number;
  maxWidth?: number;
  /**
   * The decoder's pixel format (MediaInfo.pixelFormat). Planar YUV and grey frames give their luma
   * plane as it is; any other (palette GIFs, RGB from APNG or screen codecs) or an unknown one is
   * converted to grey by ffmpeg's scaler.
   */
  pixelFormat?: string | undefined;
  /**
   * How long the last frame stays on screen (MediaInfo.lastFrameMs): ffmpeg's fps filter stops at the
   * last frame's start, so the samples of a GIF holding its last frame for seconds are added by cloning it.
   */
  lastFrameMs?: number | undefined;
  threads?: number;
  /**
   * Skip frames no other frame refers to (`-skip_frame noref`; with common H.264 settings, most
   * B-frames): about half of a full decode's CPU, and the sampled frames land at most a frame or two
   * from where a full decode would put them. Nothing is skipped in streams without such frames.
   * Default true.
   */
  skipNonReferenceFrames?: boolean;
  /** Source duration (from probeMedia); sets the default CPU time limit. Default: the 6 h media limit. */
  durationMs?: number | undefined;
  /** Decode no further than this into the video (`-t`), whatever its header says. Default: to its end. */
  maxDurationMs?: number | undefined;
  /**
   * OS limits for ffmpeg (with prlimit). Default: 2 GiB address space and decodeCpuSeconds(durationMs)
   * CPU-s (120 s + 4 s per second of video); `false`: none.
   */
  processLimits?: ProcessLimitsOption | undefined;
  signal?: AbortSignal | undefined;
}

export interface GrayFrame {
  index: number;
  timeMs: number;
  width: number;
  height: number;
  /** 8-bit luma, row-major, width × height bytes. */
  pixels: Uint8Array;
  /** The frame's colour (absent for grey video): what OCR reads coloured text by (inkRows). */
  chroma?: Chroma | undefined;
}

/** Frames at most this tall are enlarged for OCR: their text is a few pixels high (tesseract wants ~20 px letters). */
export const SMALL_FRAME_HEIGHT = 360;
/** How far a small frame is enlarged: towards 720 px tall, at most 3×, never past maxWidth. */
const UPSCALE_TARGET_HEIGHT = 720;
const MAX_UPSCALE = 3;

/**
 * Output size: even numbers, at most maxWidth wide; a frame at most SMALL_FRAME_HEIGHT tall is enlarged
 * (bicubic) towards 720 px tall, at most 3× and within maxWidth.
 */
export function outputSize(width: number, height: number, maxWidth = 1920): { width: number; height: number } {
  let scale = width > maxWidth ? maxWidth / width : 1;
  if (height <= SMALL_FRAME_HEIGHT) scale = Math.max(1, Math.min(MAX_UPSCALE, UPSCALE_TARGET_HEIGHT / height, maxWidth / width));
  if (scale > 1 && scale < 1.2) scale = 1;
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

/** How ffmpeg hands a frame over: its pixel format, and how much smaller than the frame its colour planes are. */
export interface FrameLayout {
  pixFmt: 'gray' | 'yuv420p' | 'yuvj420p' | 'yuvj444p';
  /** Colour planes are `width >> shift` × `height >> shift`; null: no colour planes. */
  chromaShift: 0 | 1 | null;
}

/**
 * The layout for a decoder's pixel format: grey video stays grey; 4:2:0 video (most of it) comes as
 * luma then its quarter-size colour planes, 8-bit as it is decoded, 10-bit (a phone's HEVC) reduced
 * to 8; anything else (palette GIFs, RGB from APNG or screen codecs, 4:2:2, 4:4:4, unknown) is
 * converted by ffmpeg's scaler to full-size colour in full range (0–255, as its grey was: limited
 * range would narrow the contrast of every screen recording), which keeps the colour of thin
 * coloured text.
 */
export function frameLayout(pixelFormat: string | undefined): FrameLayout {
  if (pixelFormat !== undefined && /^gray/.test(pixelFormat)) return { pixFmt: 'gray', chromaShift: null };
  if (pixelFormat === 'yuvj420p') return { pixFmt: 'yuvj420p', chromaShift: 1 };
  if (pixelFormat !== undefined && /^yuva?420p/.test(pixelFormat)) return { pixFmt: 'yuv420p', chromaShift: 1 };
  return { pixFmt: 'yuvj444p', chromaShift: 0 };
}

/** Bytes of one frame of `size` in `layout`: luma, then the U and V planes. */
export function frameBytes(layout: FrameLayout, size: { width: number; height: number }): number {
  const luma = size.width * size.height;
  if (layout.chromaShift === null) return luma;
  return luma + 2 * (size.width >> layout.chromaShift) * (size.height >> layout.chromaShift);
}

/** ffmpeg's arguments: one video stream in, its frames out as raw bytes in `layout`, `size` each. */
function decodeArgs(file: MediaSource, options: DecodeOptions, size: { width: number; height: number }, layout: FrameLayout): string[] {
  const filters = [`fps=${options.sampleFps}`, `format=${layout.pixFmt}`];
  const tailSamples = Math.round(((options.lastFrameMs ?? 0) / 1000) * options.sampleFps) - 1;
  if (tailSamples > 0) filters.push(`tpad=stop_mode=clone:stop=${tailSamples}`);
  if (size.width !== options.width || size.height !== options.height) {
    filters.push(`scale=${size.width}:${size.height}:flags=${size.width > options.width ? 'bicubic' : 'area'}`);
  }
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-threads', String(options.threads ?? 2)],
    ...(options.skipNonReferenceFrames === false ? [] : ['-skip_frame', 'noref']),
    ...['-format_whitelist', MEDIA_FORMAT_WHITELIST],
    ...ffmpegInputArgs(file),
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters.join(',')],
    ...(options.maxDurationMs === undefined ? [] : ['-t', (options.maxDurationMs / 1000).toFixed(3)]),
    ...['-f', 'rawvideo', '-pix_fmt', layout.pixFmt, 'pipe:1'],
  ];
}

/**
 * Decodes the video once and yields grayscale frames at `sampleFps`. ffmpeg gets a file path with a
 * `file:` prefix and a protocol whitelist, so a crafted input cannot make it open anything else, and
 * runs under OS limits (address space, CPU time) when prlimit is installed.
 */
export async function* decodeFrames(file: MediaSource, options: DecodeOptions): AsyncGenerator<GrayFrame> {
  const size = outputSize(options.width, options.height, options.maxWidth);
  const layout = frameLayout(options.pixelFormat);
  const cpuSeconds = decodeCpuSeconds(options.durationMs ?? DEFAULT_MEDIA_LIMITS.maxDurationMs);
  const limits = resolveProcessLimits(options.processLimits, { ...DEFAULT_FFMPEG_LIMITS, cpuSeconds }, 'ffmpeg');
  const command = limitedCommand(options.ffmpegPath, decodeArgs(file, options, size, layout), limits, limits && resolvePrlimit());
  const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = createTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => {});
  const onAbort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let index = 0;
  try {
    const luma = size.width * size.height;
    const plane = layout.chromaShift === null ? 0 : (size.width >> layout.chromaShift) * (size.height >> layout.chromaShift);
    for await (const bytes of rawFrames(child.stdout, frameBytes(layout, size))) {
      const chroma =
        layout.chromaShift === null
          ? undefined
          : { u: bytes.subarray(luma, luma + plane), v: bytes.subarray(luma + plane, luma + 2 * plane), shift: layout.chromaShift };
      const pixels = bytes.subarray(0, luma);
      yield { index, timeMs: Math.round((index * 1000) / options.sampleFps), width: size.width, height: size.height, pixels, chroma };
      index += 1;
    }
    const { code, signal } = await Promise.race([exited, spawnFailed]);
    if (options.signal?.aborted) throw new OnscreenError(ErrorCode.ABORTED, 'Decoding was cancelled.', { cause: options.signal.reason });
    const execError = prlimitExecError({ limited: command.limited, exitCode: code, stderrTail: stderr.text() }, options.ffmpegPath);
    if (execError !== null) throw execError;
    const breach = limitBreach({ limited: command.limited, killedByUs: child.killed, exitCode: code, signal, stderrTail: stderr.text() });
    if (breach !== null && limits !== undefined) throw resourceLimitError('ffmpeg', breach, limits, stderr.text());
    if (code !== 0) {
      // an exit code is ffmpeg's verdict on this file (retrying cannot help); a signal is something else
      // (a crash, an operator) and may pass
      throw new OnscreenError(
        signal === null ? ErrorCode.CORRUPT_MEDIA : ErrorCode.FFMPEG_FAILED,
        signal === null ? `ffmpeg could not decode the video (exit ${code}); the file is damaged.` : `ffmpeg was stopped by ${signal}.`,
        { details: { stderr: stderr.text().slice(-1000) } },
      );
    }
    if (index === 0) {
      throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'No frame of the video could be decoded.', {
        details: { stderr: stderr.text().slice(-1000) },
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
