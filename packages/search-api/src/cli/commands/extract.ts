import { parseArgs } from 'node:util';
import { extractSegments } from '@onscreen/indexer';
import { UsageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { formatTimestamp } from '../format.js';
import { createProgressLine } from '../progress-line.js';
import { ocrOptionsFromFlags, OCR_FLAGS } from '../ocr-flags.js';

export const EXTRACT_USAGE = 'onscreen extract <video> [--lang eng] [--fps 2] [--json]';

export async function extractCommand(argv: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...OCR_FLAGS, json: { type: 'boolean', default: false } },
  });
  const [video, ...extra] = positionals;
  if (video === undefined || extra.length > 0) throw new UsageError(`expected one video file.\nusage: ${EXTRACT_USAGE}`);
  const progress = createProgressLine(ctx.stderr);
  const result = await extractSegments(
    video,
    { ocr: ocrOptionsFromFlags(values), ffmpegPath: ctx.env.FFMPEG_PATH, ffprobePath: ctx.env.FFPROBE_PATH },
    {
      signal: ctx.signal,
      onProgress: (p) => progress.update(p.percent, `${p.step} · ${p.framesDecoded} frames looked at · ${p.framesOcred} OCRed`),
    },
  ).finally(() => progress.done());
  const segments = result.segments.map(({ text, startMs, endMs, confidence, bbox }) => ({ text, startMs, endMs, confidence, bbox }));
  if (values.json) {
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
}
