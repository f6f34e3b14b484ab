import { binaryVersion } from './binaries.js';
import { ffmpegInputArgs, type MediaSource } from './media-source.js';
import { type RunProcessOptions, runProcess } from './run-process.js';

export interface FrameScan {
  /** Frames (packets) of the first video stream. */
  frames: number;
  /** From the first frame's time to the end of the last frame's own duration, in ms. */
  durationMs: number;
  /** How long the last frame stays on screen, in ms (a GIF often holds its last frame for seconds). */
  lastFrameMs: number;
}

interface Timed {
  ptsS: number;
  durationS: number;
}

function summarise(entries: Timed[]): FrameScan {
  if (entries.length === 0) return { frames: 0, durationMs: 0, lastFrameMs: 0 };
  const first = Math.min(...entries.map((e) => e.ptsS).slice(0, 16));
  const tail = entries.slice(-16);
  const end = Math.max(...tail.map((e) => e.ptsS + e.durationS));
  const lastStart = Math.max(...tail.map((e) => e.ptsS));
  return {
    frames: entries.length,
    durationMs: Math.max(0, Math.round((end - first) * 1000)),
    lastFrameMs: Math.max(0, Math.round((end - lastStart) * 1000)),
  };
}

/** ffmpeg's framecrc lines: `stream, dts, pts, duration, size, crc`, in the time base of its `#tb` header. */
export function parseFramecrc(text: string): FrameScan {
  const base = /^#tb 0: (\d+)\/(\d+)/m.exec(text);
  const unitS = base === null ? 0 : Number(base[1]) / Number(base[2]);
  const entries: Timed[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells[0] !== '0' || cells.length < 5) continue;
    entries.push({ ptsS: Number(cells[2]) * unitS, durationS: Math.max(0, Number(cells[3])) * unitS });
  }
  return summarise(entries.filter((e) => Number.isFinite(e.ptsS)));
}

/** ffprobe's csv of `pts_time,duration_time` per packet or frame ("N/A" where it has none). */
export function parseProbeCsv(text: string): FrameScan {
  const entries: Timed[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [pts, ...rest] = line.split(',').map(Number);
    if (pts === undefined || !Number.isFinite(pts)) continue;
    entries.push({ ptsS: pts, durationS: Math.max(0, ...rest.filter(Number.isFinite)) });
  }
  return summarise(entries);
}

/**
 * Counts the first video stream's frames and measures its length from their own times and durations,
 * for containers that name no duration (animated GIF, APNG; some streamed files). Packets are copied,
 * not decoded. Undefined when the tool fails.
 */
export async function scanFrames(
  probePath: string,
  file: MediaSource,
  formatWhitelist: string,
  options: RunProcessOptions,
): Promise<FrameScan | undefined> {
  const input = ffmpegInputArgs(file);
  const run = { ...options, maxStdoutBytes: 64 * 1024 * 1024 };
  if (binaryVersion(probePath).tool === 'ffprobe') {
    const what = 'packet=pts_time,duration_time';
    const args = ['-v', 'error', ...input.slice(0, -2), '-format_whitelist', formatWhitelist, '-select_streams', 'v:0'];
    const result = await runProcess(probePath, [...args, '-show_entries', what, '-of', 'csv=p=0', input.at(-1) as string], run);
    return result.exitCode === 0 ? parseProbeCsv(result.stdout) : undefined;
  }
  const copy = ['-c', 'copy', '-f', 'framecrc'];
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-format_whitelist', formatWhitelist, ...input];
  const result = await runProcess(probePath, [...args, '-map', '0:v:0', ...copy, '-'], run);
  return result.exitCode === 0 ? parseFramecrc(result.stdout) : undefined;
}
