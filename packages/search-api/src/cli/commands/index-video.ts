import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { IdSchema } from '@onscreen/core';
import { extractSegments } from '@onscreen/indexer';
import { UsageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { dataDirOf, engineOptions } from '../data-dir.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { OCR_FLAGS, ocrOptionsFromFlags } from '../ocr-flags.js';
import { createProgressLine } from '../progress-line.js';

export const INDEX_USAGE = 'onscreen index <video> --entry <id> [--title T] [--owner ID] [--published] [--lang eng] [--data-dir DIR]';

/** Extracts a video's on-screen text and puts it in the search index as the entry's segments. */
export async function indexCommand(argv: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...OCR_FLAGS,
      entry: { type: 'string' },
      title: { type: 'string' },
      owner: { type: 'string', default: 'cli' },
      published: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  const [video, ...extra] = positionals;
  if (video === undefined || extra.length > 0) throw new UsageError(`expected one video file.\nusage: ${INDEX_USAGE}`);
  const entryId = IdSchema.safeParse(values.entry);
  if (!entryId.success) throw new UsageError(`--entry must be an id of letters, digits, "_" or "-" (at most 64).\nusage: ${INDEX_USAGE}`);
  const ocr = ocrOptionsFromFlags(values);
  const progress = createProgressLine(ctx.stderr);
  const result = await extractSegments(
    video,
    { ocr, ffmpegPath: ctx.env.FFMPEG_PATH, ffprobePath: ctx.env.FFPROBE_PATH },
    { signal: ctx.signal, onProgress: (p) => progress.update(p.percent, `reading on-screen text · ${p.framesOcred} frames OCRed`) },
  ).finally(() => progress.done());
  await using engine = await openSearchEngine(engineOptions(ctx, dataDirOf(values['data-dir'], ctx)));
  const replaced = await engine.index.replaceEntrySegments(
    {
      entryId: entryId.data,
      ownerId: values.owner ?? 'cli',
      visibility: values.published ? 'published' : 'private',
      categoryIds: [],
      entryTitle: values.title ?? basename(video),
      orderId: null,
      language: ocr.languages ?? 'eng',
    },
    result.segments,
  );
  ctx.stdout.write(
    `Indexed ${replaced.indexed} segments of entry "${entryId.data}" (${(result.durationMs / 1000).toFixed(1)} s of video, ${result.stats.framesOcred} frames OCRed, ${(result.stats.elapsedMs / 1000).toFixed(1)} s).\n`,
  );
}
