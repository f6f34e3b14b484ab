import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { testkitFfmpeg } from './binaries.js';
import { backgroundSource, buildFilterGraph } from './filter-graph.js';
import { resolveFontFile } from './font-file.js';
import { groundTruthOf } from './ground-truth.js';
import { runProcess } from './run-ffmpeg.js';
import type { GroundTruth, VideoSpec } from './types.js';

export interface MakeVideoOptions {
  signal?: AbortSignal | undefined;
  /** ffmpeg to use; defaults to `testkitFfmpeg()`. */
  ffmpegPath?: string | undefined;
}

function checkSpec(spec: VideoSpec): void {
  const problems: string[] = [];
  if (!(spec.durationS > 0)) problems.push('durationS must be > 0');
  if (!Number.isInteger(spec.width) || !Number.isInteger(spec.height) || spec.width % 2 || spec.height % 2) {
    problems.push('width and height must be even integers');
  }
  if (!(spec.fps > 0) || !(spec.keyframeIntervalS > 0)) problems.push('fps and keyframeIntervalS must be > 0');
  for (const text of spec.texts) {
    if (text.text.length === 0 || /[\n\r]/.test(text.text)) problems.push(`text must be one non-empty line: ${JSON.stringify(text.text)}`);
    if (!(text.endMs > text.startMs)) problems.push(`"${text.text}" ends before it starts`);
  }
  if (problems.length > 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `Invalid video spec: ${problems.join('; ')}.`, { details: { problems } });
  }
}

/** The ffmpeg arguments for one video (exported for inspection; filter graph and text live in files). */
export function ffmpegArgs(spec: VideoSpec, filterScriptFile: string, outFile: string): string[] {
  const keyframeIntervalFrames = String(Math.max(1, Math.round(spec.keyframeIntervalS * spec.fps)));
  const audioInput = spec.audio ? ['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono'] : [];
  const audioOutput = spec.audio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '24k'] : [];
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', backgroundSource(spec), ...audioInput],
    ...['-filter_script:v', filterScriptFile, '-map', '0:v', ...audioOutput],
    ...['-t', String(spec.durationS), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(spec.crf)],
    ...['-pix_fmt', 'yuv420p', '-g', keyframeIntervalFrames, '-keyint_min', keyframeIntervalFrames, '-sc_threshold', '0'],
    ...['-movflags', '+faststart', '-f', 'mp4', outFile],
  ];
}

/** Render a spec with ONE ffmpeg call and return its ground truth. */
export async function makeVideo(spec: VideoSpec, outFile: string, options: MakeVideoOptions = {}): Promise<GroundTruth> {
  checkSpec(spec);
  const ffmpegPath = options.ffmpegPath ?? testkitFfmpeg();
  const workDir = await mkdtemp(join(tmpdir(), 'onscreen-testkit-'));
  try {
    const textFiles = await Promise.all(
      spec.texts.map(async (text, i) => {
        const file = join(workDir, `text-${i}.txt`);
        await writeFile(file, text.text, 'utf8');
        return file;
      }),
    );
    const fonts = { regular: resolveFontFile('regular'), bold: resolveFontFile('bold') };
    const filterScriptFile = join(workDir, 'filters.txt');
    await writeFile(filterScriptFile, buildFilterGraph(spec, textFiles, fonts), 'utf8');
    await runProcess(ffmpegPath, ffmpegArgs(spec, filterScriptFile, outFile), { signal: options.signal });
    return groundTruthOf(spec);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
