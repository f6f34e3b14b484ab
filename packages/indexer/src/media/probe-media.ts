import { ErrorCode, OnscreenError } from '@onscreen/core';
import { DEFAULT_FFPROBE_LIMITS, type ProcessLimitsOption, resolveProcessLimits, resourceLimitError } from './process-limits.js';
import { type MediaSource, readSourceHead, sourceBytes, sourceSizeBytes } from './media-source.js';
import { isAnimatedPng, isAnimatedWebp, isGif, type RefusedFormat, refusedFormatOf } from './media-signature.js';
import { readContainer } from './read-container.js';
import { scanFrames } from './scan-frames.js';
import { scanAnimatedWebp } from './webp-container.js';

export interface MediaLimits {
  /** Longest accepted video. Default 6 h. */
  maxDurationMs: number;
  maxWidth: number;
  maxHeight: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxDurationMs: 6 * 3600_000, maxWidth: 4096, maxHeight: 2160 };

export interface MediaInfo {
  durationMs: number;
  sizeBytes: number;
  width: number;
  height: number;
  fps: number;
  videoCodec: string;
  hasAudio: boolean;
  formatName: string;
  /** The decoder's pixel format (`yuv420p`, `bgra`, `pal8` …); empty when the probe did not say. */
  pixelFormat: string;
  /**
   * How long the last frame stays on screen, in ms, when the length was counted from the frames (GIF,
   * APNG, WebP): decoding pads the samples to it. 0 otherwise.
   */
  lastFrameMs: number;
  /** How many frames the video has, when they were counted (GIF, APNG, animated WebP); 0 otherwise. */
  frameCount: number;
}

export interface ProbeOptions {
  /** ffprobe, or an ffmpeg when no ffprobe of its build is installed (see resolveFfprobe). */
  ffprobePath: string;
  limits?: Partial<MediaLimits>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** OS limits for ffprobe (with prlimit). Default DEFAULT_FFPROBE_LIMITS: 1 GiB address space, 60 CPU-s; `false`: none. */
  processLimits?: ProcessLimitsOption;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  pix_fmt?: string;
  disposition?: { attached_pic?: number };
}

/** Container signatures: a file that starts like media but cannot be read is corrupt, not "not media". */
const MEDIA_MAGIC: ReadonlyArray<{ offset: number; bytes: number[] }> = [
  { offset: 4, bytes: [0x66, 0x74, 0x79, 0x70] }, // ftyp (mp4, mov, m4a, 3gp)
  { offset: 0, bytes: [0x1a, 0x45, 0xdf, 0xa3] }, // EBML (mkv, webm)
  { offset: 0, bytes: [0x52, 0x49, 0x46, 0x46] }, // RIFF (avi, webp)
  { offset: 0, bytes: [0x00, 0x00, 0x01, 0xba] }, // MPEG-PS
  { offset: 0, bytes: [0x46, 0x4c, 0x56] }, // FLV
  { offset: 0, bytes: [0x30, 0x26, 0xb2, 0x75] }, // ASF (wmv)
  { offset: 0, bytes: [0x4f, 0x67, 0x67, 0x53] }, // OggS
];

/** MPEG-TS: a sync byte every 188 bytes (one 0x47 alone is any text starting with "G", GIF's too). */
const looksLikeTs = (head: Buffer) => head.length >= 377 && [0, 188, 376].every((at) => head[at] === 0x47);

/**
 * Demuxers a video may be read with. Playlist and indirection formats (concat, hls, sdp, image2 …) are
 * not on it: they would make ffmpeg open other files, even with `-protocol_whitelist file`. The image
 * animations (gif, apng) read only the one input. WebP is not on it: onscreen reads animated WebP
 * itself (ANIMATED_WEBP_FORMAT), and refuses a still one before ffmpeg sees it.
 */
export const MEDIA_FORMAT_WHITELIST = 'mov,matroska,avi,mpegts,mpeg,flv,ogg,asf,gif,apng,wav,mp3,aac,flac';

/** Formats whose length is counted from their frames: they name no duration, and one frame is a still image. */
const IMAGE_ANIMATIONS: Record<string, string> = { gif: 'GIF image', apng: 'PNG image' };

/**
 * MediaInfo.formatName of an animated WebP: read by onscreen itself (webp-container, decoded frame by
 * frame with sharp), since ffmpeg's WebP decoder before its 8.0 release reads no animation.
 */
export const ANIMATED_WEBP_FORMAT = 'webp';

/** ISO media box names: a file whose header is destroyed still shows its structure further in. */
const MP4_BOXES = ['moov', 'mdat', 'mvhd', 'trak', 'avcC', 'stsd'];

function looksLikeMedia(head: Buffer): boolean {
  if (MEDIA_MAGIC.some(({ offset, bytes }) => bytes.every((b, i) => head[offset + i] === b))) return true;
  if (looksLikeTs(head) || isGif(head) || isAnimatedPng(head)) return true;
  const text = head.toString('latin1');
  return MP4_BOXES.filter((box) => text.includes(box)).length >= 2;
}

function parseRate(rate: string | undefined): number {
  const [num, den] = (rate ?? '0/1').split('/').map(Number);
  return num !== undefined && den ? num / den : 0;
}

export function unsupportedFormat(refused: RefusedFormat, reason?: string): OnscreenError {
  const why =
    reason ??
    {
      'still image': 'it is a still image, not a video',
      playlist: 'it is a playlist: it names other files rather than holding a video',
      'network stream': 'it points to a network stream, which onscreen does not record; give it a video file',
      container: 'onscreen does not read this container',
    }[refused.kind];
  const article = /^[aeiouAEIOU]|^(?:M3U|MXF|NUT|SVG|SDP|ICO|HEI|AVIF)/.test(refused.format) ? 'an' : 'a';
  return new OnscreenError(ErrorCode.UNSUPPORTED_FORMAT, `The file is ${article} ${refused.format}: ${why}.`, {
    details: { format: refused.format, kind: refused.kind },
  });
}

/** Reads what onscreen needs to know about a video, with a distinct error code for each kind of bad input. */
export async function probeMedia(file: MediaSource, options: ProbeOptions): Promise<MediaInfo> {
  const limits = { ...DEFAULT_MEDIA_LIMITS, ...options.limits };
  const sizeBytes = await sourceSizeBytes(file);
  const processLimits = resolveProcessLimits(options.processLimits, DEFAULT_FFPROBE_LIMITS, 'ffprobe');
  const head = await readSourceHead(file, 64 * 1024).catch(() => Buffer.alloc(0));
  const refused = refusedFormatOf(head);
  if (refused !== undefined) throw unsupportedFormat(refused);
  if (isAnimatedWebp(head)) return withinLimits(await probeAnimatedWebp(file, sizeBytes, options.signal), limits);

  const result = await readContainer(options.ffprobePath, file, MEDIA_FORMAT_WHITELIST, {
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 30_000,
    limits: processLimits,
  });
  if (result.limitBreach !== null && processLimits !== undefined) {
    throw resourceLimitError('ffprobe', result.limitBreach, processLimits, result.stderrTail);
  }
  if (result.exitCode !== 0) {
    const corrupt = looksLikeMedia(head);
    throw new OnscreenError(
      corrupt ? ErrorCode.CORRUPT_MEDIA : ErrorCode.NOT_MEDIA,
      corrupt ? 'The video file is damaged or truncated and cannot be read.' : 'The file is not a video onscreen can read.',
      { details: { ffprobe: result.stderrTail.slice(-500) } },
    );
  }
  const parsed = JSON.parse(result.stdout) as { streams?: FfprobeStream[]; format?: { duration?: string; format_name?: string } };
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const hasAudio = streams.some((s) => s.codec_type === 'audio');
  if (video === undefined) {
    throw hasAudio
      ? new OnscreenError(ErrorCode.AUDIO_ONLY, 'The file has sound but no picture; OCR needs a video stream.')
      : new OnscreenError(ErrorCode.NOT_MEDIA, 'The file holds no video stream.');
  }
  const formatName = parsed.format?.format_name ?? '';
  let durationS = Number(parsed.format?.duration ?? video.duration ?? Number.NaN);
  let lastFrameMs = 0;
  let frameCount = 0;
  const still = IMAGE_ANIMATIONS[formatName];
  if (still !== undefined || !Number.isFinite(durationS)) {
    const scan = await scanFrames(options.ffprobePath, file, MEDIA_FORMAT_WHITELIST, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 30_000,
      limits: processLimits,
    });
    if (still !== undefined && (scan === undefined || scan.frames === 0)) {
      throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'The video file is damaged or truncated and cannot be read.', {
        details: { format: formatName, frames: scan?.frames ?? 0 },
      });
    }
    if (still !== undefined && scan !== undefined && scan.frames === 1) throw unsupportedFormat({ format: still, kind: 'still image' });
    if (scan !== undefined && scan.frames > 1) {
      durationS = scan.durationMs / 1000;
      lastFrameMs = scan.lastFrameMs;
      frameCount = scan.frames;
    }
  }
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (!Number.isFinite(durationS) || durationS <= 0) {
    throw new OnscreenError(ErrorCode.ZERO_LENGTH, 'The video has no duration (no frames to read).');
  }
  if (width <= 0 || height <= 0) throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'The video stream has no picture size.');
  const fps = parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate);
  return withinLimits(
    {
      durationMs: Math.round(durationS * 1000),
      sizeBytes,
      width,
      height,
      fps,
      videoCodec: video.codec_name ?? 'unknown',
      hasAudio,
      formatName,
      pixelFormat: video.pix_fmt ?? '',
      lastFrameMs,
      frameCount,
    },
    limits,
  );
}

/** An animated WebP, probed from its chunks: canvas size, frame count, length from the frames' durations. */
async function probeAnimatedWebp(file: MediaSource, sizeBytes: number, signal: AbortSignal | undefined): Promise<MediaInfo> {
  const scan = await scanAnimatedWebp(sourceBytes(file, signal));
  if (scan.frames === 0) throw new OnscreenError(ErrorCode.ZERO_LENGTH, 'The animated WebP holds no frame.');
  if (scan.frames === 1) throw unsupportedFormat({ format: 'WebP image', kind: 'still image' });
  const { width, height, hasAlpha } = scan.canvas;
  return {
    durationMs: scan.durationMs,
    sizeBytes,
    width,
    height,
    fps: (scan.frames * 1000) / scan.durationMs,
    videoCodec: 'webp',
    hasAudio: false,
    formatName: ANIMATED_WEBP_FORMAT,
    pixelFormat: hasAlpha ? 'rgba' : 'rgb24',
    lastFrameMs: scan.lastFrameMs,
    frameCount: scan.frames,
  };
}

/** The media, once its length and picture size are within the limits. */
function withinLimits(info: MediaInfo, limits: MediaLimits): MediaInfo {
  const { durationMs, width, height } = info;
  if (durationMs > limits.maxDurationMs) {
    throw new OnscreenError(
      ErrorCode.MEDIA_TOO_LONG,
      `The video lasts ${formatHours(durationMs)}; the limit is ${formatHours(limits.maxDurationMs)}.`,
      {
        details: { durationMs, maxDurationMs: limits.maxDurationMs },
      },
    );
  }
  if (width > limits.maxWidth || height > limits.maxHeight) {
    throw new OnscreenError(
      ErrorCode.MEDIA_TOO_LARGE,
      `The video is ${width}×${height}; the limit is ${limits.maxWidth}×${limits.maxHeight}.`,
      {
        details: { width, height },
      },
    );
  }
  return info;
}

function formatHours(ms: number): string {
  return `${(ms / 3600_000).toFixed(2)} h`;
}
