import { basename } from 'node:path';
import { extractSegments } from '@onscreen/indexer';
import { resolveConfig } from '../../app/config.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { ocrOptionsOf } from '../ocr-options.js';
import type { CommandRunner } from '../program.js';
import { createProgressLine } from '../progress-line.js';

/** Extracts a video's on-screen text and puts it in the search index as the entry's segments. */
export const indexCommand: CommandRunner = async ([video = ''], flags, ctx) => {
  const config = resolveConfig('index', flags, ctx.env, ctx.cwd);
  const entryId = config.entryId ?? '';
  const ocr = ocrOptionsOf(config);
  const progress = createProgressLine(ctx.stderr);
  const result = await extractSegments(
    video,
    { ocr, ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath },
    { signal: ctx.signal, onProgress: (p) => progress.update(p.percent, `reading on-screen text · ${p.framesOcred} frames OCRed`) },
  ).finally(() => progress.done());
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal });
  const replaced = await engine.index.replaceEntrySegments(
    {
      entryId,
      ownerId: config.ownerId,
      visibility: config.published ? 'published' : 'private',
      categoryIds: [],
      entryTitle: config.title ?? basename(video),
      orderId: null,
      language: config.languages,
    },
    result.segments,
  );
  ctx.stdout.write(
    `Indexed ${replaced.indexed} segments of entry "${entryId}" in ${config.indexUid} (${(result.durationMs / 1000).toFixed(1)} s of video, ${result.stats.framesOcred} frames OCRed, ${(result.stats.elapsedMs / 1000).toFixed(1)} s).\n`,
  );
};
