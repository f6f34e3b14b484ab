import {
  buildSearchFilter,
  ErrorCode,
  OnscreenError,
  quoteFilterValue,
  SEARCH_LIMITS,
  type SearchRequest,
  SearchRequestSchema,
  type SearchResponse,
} from '@onscreen/core';
import type { Meilisearch, SearchParams } from 'meilisearch';
import { groupMomentsByEntry, MOMENT_ATTRIBUTES, type MomentHit } from './group-hits.js';
import { HIGHLIGHT_POST_TAG, HIGHLIGHT_PRE_TAG } from './highlight.js';
import { meiliCall } from './meili-client.js';

function and(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' AND ');
}

/**
 * Two round trips: (1) one page of entries — a search with `distinct: entryId`, paged by Meilisearch
 * with exact totals; (2) one multi-search with the moments of all those entries (highlighted, grouped
 * here) and a count of all matching moments — three engine queries per search, whatever the page size. `processingTimeMs` is the engine's time summed
 * over every query, never the client's latency.
 */
export async function searchSegments(
  client: Meilisearch,
  indexUid: string,
  input: SearchRequest,
  userId: string | null,
): Promise<SearchResponse> {
  const parsed = SearchRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Invalid search request.', { details: { issues: parsed.error.issues } });
  }
  const request = parsed.data;
  const filter = buildSearchFilter(userId, request);
  const sort = request.q.trim() === '' ? ['startMs:asc'] : undefined;
  const entriesPage = await meiliCall('search entries', () =>
    client.index(indexUid).search<MomentHit>(request.q, {
      filter,
      distinct: 'entryId',
      page: request.page,
      hitsPerPage: request.pageSize,
      attributesToRetrieve: ['entryId'],
    }),
  );
  const entryOrder = entriesPage.hits.map((hit) => hit.entryId);
  const momentParams: SearchParams = {
    limit: SEARCH_LIMITS.maxMomentsPerEntry,
    attributesToRetrieve: MOMENT_ATTRIBUTES,
    attributesToHighlight: ['text'],
    highlightPreTag: HIGHLIGHT_PRE_TAG,
    highlightPostTag: HIGHLIGHT_POST_TAG,
    ...(sort === undefined ? {} : { sort }),
  };
  // One query for the moments of every entry on the page (grouped here), and one for the total.
  // An entry crowded out of that query's limit by others' many hits gets a query of its own.
  const pageFilter = and(filter, `entryId IN [${entryOrder.map(quoteFilterValue).join(', ')}]`);
  const perPageLimit = SEARCH_LIMITS.maxMomentsPerEntry * Math.max(1, entryOrder.length);
  const queries = [
    { indexUid, q: request.q, filter, page: 1, hitsPerPage: 0 },
    ...(entryOrder.length === 0 ? [] : [{ indexUid, q: request.q, filter: pageFilter, ...momentParams, limit: perPageLimit }]),
  ];
  const { results } = await meiliCall('search moments', () => client.multiSearch({ queries }));
  const [count, pageMoments] = results;
  const hits = (pageMoments?.hits ?? []) as unknown as MomentHit[];
  const seen = new Set(hits.map((hit) => hit.entryId));
  const missing = entryOrder.filter((entryId) => !seen.has(entryId));
  const extra =
    missing.length === 0
      ? []
      : (
          await meiliCall('search moments', () =>
            client.multiSearch({
              queries: missing.map((entryId) => ({
                indexUid,
                q: request.q,
                filter: and(filter, `entryId = ${quoteFilterValue(entryId)}`),
                ...momentParams,
              })),
            }),
          )
        ).results;
  const allResults = [...results, ...extra];
  return {
    query: request.q,
    page: request.page,
    pageSize: request.pageSize,
    totalMoments: count?.totalHits ?? count?.estimatedTotalHits ?? 0,
    entries: groupMomentsByEntry(
      entryOrder,
      [...hits, ...extra.flatMap((result) => result.hits as unknown as MomentHit[])],
      SEARCH_LIMITS.maxMomentsPerEntry,
    ),
    processingTimeMs: allResults.reduce((sum, result) => sum + result.processingTimeMs, entriesPage.processingTimeMs),
  };
}
