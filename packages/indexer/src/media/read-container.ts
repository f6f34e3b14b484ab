import { binaryVersion } from './binaries.js';
import { ffmpegInputArgs, type MediaSource } from './media-source.js';
import { type ProcessResult, type RunProcessOptions, runProcess } from './run-process.js';

/** The part of ffprobe's `-show_format -show_streams` JSON that probing reads. */
export interface ContainerJson {
  format?: { duration?: string; format_name?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    pix_fmt?: string;
    disposition?: { attached_pic?: number };
  }>;
}

const STREAM = /^\s*Stream #0:\d+(?:\[0x[0-9a-f]+\])?(?:\([^)]*\))?: (Video|Audio|Subtitle|Data|Attachment): ([\w-]+)(.*)$/gm;

/**
 * What `ffmpeg -i <file>` prints about the input, as ffprobe's JSON would say it: format name,
 * duration, and per stream its type, codec, picture size, frame rate and whether it is a cover picture.
 * Undefined when ffmpeg could not open the input (its stderr says why).
 */
export function parseFfmpegInput(stderr: string): ContainerJson | undefined {
  const input = /^Input #0, (.+), from '/m.exec(stderr);
  if (input === null) return undefined;
  const duration = /^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/m.exec(stderr);
  const seconds = duration === null ? undefined : Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  const streams: NonNullable<ContainerJson['streams']> = [];
  for (const [, type = '', codec, rest = ''] of stderr.matchAll(STREAM)) {
    const size = /, (\d+)x(\d+)(?=[\s,[]|$)/.exec(rest);
    const fps = /, ([\d.]+) fps/.exec(rest);
    const tbr = /, ([\d.]+) tbr/.exec(rest);
    // the first item after the codec and its tags: `bgra`, `yuv420p(tv, bt709)`, `none`
    const pixelFormat = type === 'Video' ? /^[^,]*, ([a-z][a-z0-9_]*)(?=[(,\s]|$)/.exec(rest)?.[1] : undefined;
    streams.push({
      codec_type: type.toLowerCase(),
      codec_name: codec,
      ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
      ...(fps ? { avg_frame_rate: `${fps[1]}/1` } : {}),
      ...(tbr ? { r_frame_rate: `${tbr[1]}/1` } : {}),
      ...(pixelFormat !== undefined && pixelFormat !== 'none' ? { pix_fmt: pixelFormat } : {}),
      disposition: { attached_pic: rest.includes('(attached pic)') ? 1 : 0 },
    });
  }
  return {
    format: { format_name: input[1], ...(seconds === undefined ? {} : { duration: seconds.toFixed(6) }) },
    streams,
  };
}

/**
 * How far a probed duration may lie from the video stream's own, in ms: 0 when `probePath` is an
 * ffprobe; with an ffmpeg's description of the input, 30 (it prints centiseconds, and the 2018 build
 * inside @ffmpeg-installer counts an AAC track's trailing padding, +20 ms on the test videos).
 */
export function probeDurationToleranceMs(probePath: string): number {
  return binaryVersion(probePath).tool === 'ffmpeg' ? 30 : 0;
}

/**
 * Reads a file's container and streams with `probePath`: ffprobe's JSON when it is an ffprobe; when it
 * is an ffmpeg (no ffprobe of the same build is installed), ffmpeg opens the input with the same
 * whitelists and its description is turned into the same JSON. Either way the result has ffprobe's
 * shape: exit code 0 and JSON on stdout, or a non-zero exit code and the stderr tail.
 */
export async function readContainer(
  probePath: string,
  file: MediaSource,
  formatWhitelist: string,
  options: RunProcessOptions,
): Promise<ProcessResult> {
  if (binaryVersion(probePath).tool !== 'ffmpeg') {
    // ffprobe takes the same input options, and the input itself without -i
    const input = ffmpegInputArgs(file);
    const args = ['-v', 'error', ...input.slice(0, -2), '-format_whitelist', formatWhitelist];
    return runProcess(probePath, [...args, '-print_format', 'json', '-show_format', '-show_streams', input.at(-1) as string], options);
  }
  const args = ['-hide_banner', '-nostdin', '-format_whitelist', formatWhitelist, ...ffmpegInputArgs(file)];
  const result = await runProcess(probePath, args, { ...options, stderrTailBytes: 64 * 1024 });
  const json = result.limitBreach === null ? parseFfmpegInput(result.stderrTail) : undefined;
  if (json === undefined) return { ...result, exitCode: result.exitCode === 0 ? 1 : result.exitCode };
  return { ...result, exitCode: 0, stdout: JSON.stringify(json) };
}
