import { SEARCH_LIMITS, type SearchResponse } from '@onscreen/core';
import { resolveConfig } from '../../app/config.js';
import { UsageError } from '../cli-error.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { formatTimestamp, highlightForTerminal } from '../format.js';
import type { CommandRunner } from '../program.js';

/** Global Search from the terminal (an operator's view: no per-user access filter). */
export const searchCommand: CommandRunner = async ([query = ''], flags, ctx) => {
  const config = resolveConfig('search', flags, ctx.env, ctx.cwd);
  if (query.trim() === '' || query.length > SEARCH_LIMITS.maxQueryLength) {
    throw new UsageError(`the query must be 1–${SEARCH_LIMITS.maxQueryLength} characters (see onscreen search --help)`);
  }
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal });
  const response = await engine.index.search(
    { q: query, page: 1, pageSize: config.limit, moments: config.moments, ...(config.entryId ? { entryId: config.entryId } : {}) },
    null,
  );
  if (config.json) {
    ctx.stdout.write(`${JSON.stringify(response)}\n`);
    return;
  }
  ctx.stdout.write(renderResults(response, (ctx.stdout as NodeJS.WriteStream).isTTY === true));
};

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
