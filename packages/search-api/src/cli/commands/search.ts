import { parseArgs } from 'node:util';
import { type SearchResponse, SearchRequestSchema } from '@onscreen/core';
import { UsageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { dataDirOf, engineOptions } from '../data-dir.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { formatTimestamp, highlightForTerminal } from '../format.js';

export const SEARCH_USAGE = 'onscreen search "<query>" [--json] [--limit N] [--moments N] [--entry ID] [--data-dir DIR]';

/** Global Search from the terminal (an operator's view: no per-user access filter). */
export async function searchCommand(argv: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string', default: '10' },
      moments: { type: 'string', default: '3' },
      entry: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one query (quote it).\nusage: ${SEARCH_USAGE}`);
  const request = SearchRequestSchema.safeParse({
    q: positionals[0],
    pageSize: values.limit,
    moments: values.moments,
    entryId: values.entry,
  });
  if (!request.success)
    throw new UsageError(`${request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\nusage: ${SEARCH_USAGE}`);
  await using engine = await openSearchEngine(engineOptions(ctx, dataDirOf(values['data-dir'], ctx)));
  const response = await engine.index.search(request.data, null);
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify(response)}\n`);
    return;
  }
  ctx.stdout.write(renderResults(response, (ctx.stdout as NodeJS.WriteStream).isTTY === true));
}

export function renderResults(response: SearchResponse, color: boolean): string {
  if (response.entries.length === 0) return `No on-screen text matches "${response.query}".\n`;
  const total = `${response.totalMoments}${response.totalMomentsExact ? '' : '+'}`;
  const lines = [`${total} moments in ${response.entries.length}${response.hasMore ? '+' : ''} videos for "${response.query}":`];
  for (const entry of response.entries) {
    lines.push(`\n${entry.entryTitle}  [entry ${entry.entryId}]`);
    for (const m of entry.moments)
      lines.push(`  ${formatTimestamp(m.startMs)} – ${formatTimestamp(m.endMs)}  ${highlightForTerminal(m.highlighted, color)}`);
  }
  return `${lines.join('\n')}\n`;
}
