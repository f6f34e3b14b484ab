import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testkitFfmpeg } from './binaries.js';
import { makeVideo } from './make-video.js';
import { runProcess } from './run-ffmpeg.js';
import { baseSpec, frameMs } from './spec-base.js';
import type { GroundTruth, VideoSpec } from './types.js';

/**
 * The containers and codecs people record video and screen captures in, each as the arguments that
 * make it from an H.264 source (`ext` with its dot). The animated GIF is variable frame rate: frames
 * that repeat the previous one are dropped and the one before is shown longer (per-frame delays).
 */
export const CLIP_FORMATS = {
  'mp4-h264': { ext: '.mp4', args: ['-c:v', 'copy', '-f', 'mp4'] },
  'mov-hevc': {
    ext: '.mov',
    args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-f', 'mov'],
  },
  'mov-prores': { ext: '.mov', args: ['-c:v', 'prores_ks', '-profile:v', '0', '-f', 'mov'] },
  'webm-vp8': { ext: '.webm', args: ['-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'webm'] },
  'webm-vp9': { ext: '.webm', args: ['-c:v', 'libvpx-vp9', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'webm'] },
  'mkv-av1': { ext: '.mkv', args: ['-c:v', 'libaom-av1', '-strict', 'experimental', '-cpu-used', '8', '-b:v', '400k', '-f', 'matroska'] },
  'avi-mjpeg': { ext: '.avi', args: ['-c:v', 'mjpeg', '-q:v', '3', '-pix_fmt', 'yuvj420p', '-f', 'avi'] },
  'avi-mpeg4': { ext: '.avi', args: ['-c:v', 'mpeg4', '-q:v', '3', '-f', 'avi'] },
  'ts-h264': { ext: '.ts', args: ['-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'mpegts'] },
  'flv-flv1': { ext: '.flv', args: ['-c:v', 'flv', '-q:v', '3', '-f', 'flv'] },
  'wmv-wmv2': { ext: '.wmv', args: ['-c:v', 'wmv2', '-q:v', '3', '-f', 'asf'] },
  '3gp-mpeg4': { ext: '.3gp', args: ['-c:v', 'mpeg4', '-q:v', '3', '-f', '3gp'] },
  gif: {
    ext: '.gif',
    args: ['-vf', 'mpdecimate,split[a][b];[a]palettegen[p];[b][p]paletteuse', '-vsync', 'vfr', '-f', 'gif'],
  },
  apng: { ext: '.png', args: ['-pix_fmt', 'rgb24', '-plays', '0', '-f', 'apng'] },
  'webp-animated': { ext: '.webp', args: ['-c:v', 'libwebp_anim', '-lossless', '0', '-q:v', '80', '-loop', '0', '-f', 'webp'] },
} as const satisfies Record<string, { ext: string; args: readonly string[] }>;

export type ClipFormat = keyof typeof CLIP_FORMATS;

export const FORMAT_CLIP_LINES = ['Quarterly revenue grew', 'Format check 4217'] as const;

/** 4 s at 640×360, 10 fps: one line from 0.5 s, a second from 2 s, white on a dark blue ground. */
export function formatClipSpec(): VideoSpec {
  const spec = baseSpec(
    'format-clip',
    { durationS: 4, fps: 10, keyframeIntervalS: 1, audio: false, crf: 18 },
    { width: 640, height: 360 },
    {
      kind: 'color',
      color: '0x1f3550',
    },
  );
  const endMs = frameMs(spec.durationS, spec.fps);
  const line = (text: string, startS: number, yPx: number) =>
    spec.texts.push({
      text,
      startMs: frameMs(startS, spec.fps),
      endMs,
      xPx: 60,
      yPx,
      align: 'left',
      fontSizePx: 40,
      color: 'white',
      truth: true,
    });
  line(FORMAT_CLIP_LINES[0], 0.5, 110);
  line(FORMAT_CLIP_LINES[1], 2, 200);
  return spec;
}

/** Makes the format clip in one container/codec with `ffmpegPath` (default: the testkit's ffmpeg). */
export async function makeFormatClip(
  format: ClipFormat,
  outFile: string,
  options: { ffmpegPath?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<GroundTruth> {
  const ffmpegPath = options.ffmpegPath ?? testkitFfmpeg();
  const dir = await mkdtemp(join(tmpdir(), 'onscreen-format-'));
  try {
    const source = join(dir, 'source.mp4');
    const truth = await makeVideo(formatClipSpec(), source, options);
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', source, '-map', '0:v:0', '-an'];
    await runProcess(ffmpegPath, [...args, ...CLIP_FORMATS[format].args, outFile], options);
    return truth;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
