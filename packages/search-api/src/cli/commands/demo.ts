import { parseArgs } from 'node:util';
import { extractSegments } from '@onscreen/indexer';
import type { CliContext } from '../context.js';
import { dataDirOf, engineOptions } from '../data-dir.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { createProgressLine } from '../progress-line.js';
import { SAMPLE_VIDEO } from '../../package-files.js';
import { renderResults } from './search.js';

export const DEMO_USAGE = 'onscreen demo [--data-dir DIR]';

/** Indexes the bundled sample video and runs a few searches against it: the whole pipeline in one go. */
export async function demoCommand(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } } });
  const progress = createProgressLine(ctx.stderr);
  ctx.stderr.write(`Reading the on-screen text of ${SAMPLE_VIDEO} …\n`);
  const result = await extractSegments(
    SAMPLE_VIDEO,
    { ocr: { languages: 'eng' }, ffmpegPath: ctx.env.FFMPEG_PATH, ffprobePath: ctx.env.FFPROBE_PATH },
    { signal: ctx.signal, onProgress: (p) => progress.update(p.percent, `${p.framesOcred} frames OCRed`) },
  ).finally(() => progress.done());
  ctx.stderr.write(`Starting the search engine …\n`);
  await using engine = await openSearchEngine(engineOptions(ctx, dataDirOf(values['data-dir'], ctx)));
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
  ctx.stdout.write('Try your own: pnpm -s onscreen index <video> --entry my-video && pnpm -s onscreen search "<words>"\n');
}
