import { extractSegments } from '@onscreen/indexer';
import { resolveConfig } from '../../app/config.js';
import type { CommandRunner } from '../program.js';
import { formatTimestamp } from '../format.js';
import { createProgressLine } from '../progress-line.js';
import { ocrOptionsOf } from '../ocr-options.js';

/** Prints the on-screen text of a video with its times (or JSON on stdout with --json). */
export const extractCommand: CommandRunner = async ([video = ''], flags, ctx) => {
  const config = resolveConfig('extract', flags, ctx.env, ctx.cwd);
  const progress = createProgressLine(ctx.stderr);
  const result = await extractSegments(
    video,
    { ocr: ocrOptionsOf(config), ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath },
    {
      signal: ctx.signal,
      onProgress: (p) => progress.update(p.percent, `${p.step} · ${p.framesDecoded} frames looked at · ${p.framesOcred} OCRed`),
    },
  ).finally(() => progress.done());
  const segments = result.segments.map(({ text, startMs, endMs, confidence, bbox }) => ({ text, startMs, endMs, confidence, bbox }));
  if (config.json) {
    ctx.stdout.write(`${JSON.stringify({ durationMs: result.durationMs, segments, stats: result.stats })}\n`);
    return;
  }
  for (const s of segments) {
    ctx.stdout.write(`${formatTimestamp(s.startMs)} → ${formatTimestamp(s.endMs)}  ${Math.round(s.confidence * 100)}%  ${s.text}\n`);
  }
  const { framesDecoded, framesOcred, elapsedMs } = result.stats;
  ctx.stderr.write(
    `${segments.length} segments · ${framesDecoded} frames looked at, ${framesOcred} OCRed · ${(elapsedMs / 1000).toFixed(1)} s (${(result.durationMs / Math.max(1, elapsedMs)).toFixed(1)}× realtime)\n`,
  );
};
