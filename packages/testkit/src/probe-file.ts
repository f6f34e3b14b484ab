import { testkitFfprobe } from './binaries.js';
import { runProcess } from './run-ffmpeg.js';

export interface ProbedFile {
  durationS: number;
  sizeBytes: number;
  video?: { codec: string; width: number; height: number; pixelFormat: string; fps: number };
  audio?: { codec: string };
}

interface FfprobeJson {
  format?: { duration?: string; size?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number; pix_fmt?: string; avg_frame_rate?: string }>;
}

function rate(fraction: string | undefined): number {
  const [num, den] = (fraction ?? '0/1').split('/').map(Number);
  return den ? (num ?? 0) / den : 0;
}

/** ffprobe a file (for tests and benchmarks): duration, size, first video and audio stream. */
export async function probeFile(file: string, options: { signal?: AbortSignal } = {}): Promise<ProbedFile> {
  const ffprobe = testkitFfprobe();
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file];
  const json = JSON.parse(await runProcess(ffprobe, args, options)) as FfprobeJson;
  const video = json.streams?.find((s) => s.codec_type === 'video');
  const audio = json.streams?.find((s) => s.codec_type === 'audio');
  return {
    durationS: Number(json.format?.duration ?? Number.NaN),
    sizeBytes: Number(json.format?.size ?? Number.NaN),
    ...(video && {
      video: {
        codec: video.codec_name ?? '',
        width: video.width ?? 0,
        height: video.height ?? 0,
        pixelFormat: video.pix_fmt ?? '',
        fps: rate(video.avg_frame_rate),
      },
    }),
    ...(audio && { audio: { codec: audio.codec_name ?? '' } }),
  };
}
