import { extractSegments } from '@onscreen/indexer';
import { resolveConfig } from '../../app/config.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { SAMPLE_VIDEO } from '../../package-files.js';
import type { CommandRunner } from '../program.js';
import { createProgressLine } from '../progress-line.js';
import { renderResults } from './search.js';

/** Indexes the bundled sample video and runs a few searches against it: the whole pipeline in one go. */
export const demoCommand: CommandRunner = async (_args, flags, ctx) => {
  const config = resolveConfig('demo', flags, ctx.env, ctx.cwd);
  const progress = createProgressLine(ctx.stderr);
  ctx.stderr.write(`Reading the on-screen text of ${SAMPLE_VIDEO} …\n`);
  const result = await extractSegments(
    SAMPLE_VIDEO,
    { ocr: { languages: 'eng' }, ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath },
    { signal: ctx.signal, onProgress: (p) => progress.update(p.percent, `${p.framesOcred} frames OCRed`) },
  ).finally(() => progress.done());
  ctx.stderr.write(`Starting the search engine …\n`);
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal });
  const meta = {
    entryId: 'onscreen-demo',
    ownerId: 'demo',
    visibility: 'published' as const,
    categoryIds: [],
    entryTitle: 'Quarterly review (sample)',
    orderId: null,
    language: 'eng',
  };
  const { indexed } = await engine.index.replaceEntrySegments(meta, result.segments);
  ctx.stdout.write(
    `Indexed ${indexed} lines of on-screen text (${result.stats.framesOcred} of ${result.stats.framesDecoded} sampled frames OCRed in ${(result.stats.elapsedMs / 1000).toFixed(1)} s).\n\n`,
  );
  for (const q of ['revnue', 'roadmap', 'churn']) {
    const response = await engine.index.search({ q, page: 1, pageSize: 5, moments: 3 }, null);
    ctx.stdout.write(renderResults(response, (ctx.stdout as NodeJS.WriteStream).isTTY === true));
    if (response.entries.length === 0) throw new Error(`the demo search for "${q}" found nothing`);
    ctx.stdout.write('\n');
  }
  ctx.stdout.write('Try your own: onscreen index <video> --entry my-video && onscreen search "<words>"\n');
};
