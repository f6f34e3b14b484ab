import {
  buildSearchFilter,
  ErrorCode,
  OnscreenError,
  quoteFilterValue,
  SEARCH_LIMITS,
  type SearchRequestInput,
  SearchRequestSchema,
  type SearchResponse,
} from '@onscreen/core';
import type { Meilisearch, MultiSearchQuery, SearchParams } from 'meilisearch';
import { groupMomentsByEntry, MOMENT_ATTRIBUTES, type MomentHit } from './group-hits.js';
import { HIGHLIGHT_POST_TAG, HIGHLIGHT_PRE_TAG } from './highlight.js';
import { meiliMultiSearch } from './meili-client.js';

function and(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' AND ');
}

/** The count query counts up to this many moments; `totalMomentsExact` is false at the cap. */
const COUNT_CAP = SEARCH_LIMITS.maxPage * SEARCH_LIMITS.maxPageSize;

/**
 * One round trip answers the usual search (`moments: 1`): a multi-search of (1) one page of entries,
 * each with its best moment — `distinct: entryId`, one entry more than the page to tell whether
 * another page follows, highlighted — and (2) a count of all matching moments. Exact totals of
 * entries are not asked for: Meilisearch counts distinct values only by walking every match, which
 * made it the costliest part of a search.
 *
 * With `moments > 1` a second round trip fetches the page's other moments in one query (their share
 * of `moments × entries`, best first); an entry left short while that query was full gets a query of
 * its own. `processingTimeMs` is the engine's time summed over every query, never the client's latency.
 * Every round trip is a `/multi-search` on the lean transport (`meiliMultiSearch`).
 */
export async function searchSegments(
  client: Meilisearch,
  indexUid: string,
  input: SearchRequestInput,
  userId: string | null,
): Promise<SearchResponse> {
  const parsed = SearchRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Invalid search request.', { details: { issues: parsed.error.issues } });
  }
  const request = parsed.data;
  const filter = buildSearchFilter(userId, request);
  const momentParams: SearchParams = {
    attributesToRetrieve: MOMENT_ATTRIBUTES,
    attributesToHighlight: ['text'],
    highlightPreTag: HIGHLIGHT_PRE_TAG,
    highlightPostTag: HIGHLIGHT_POST_TAG,
    ...(request.q.trim() === '' ? { sort: ['startMs:asc'] } : {}),
  };
  const pageQuery: MultiSearchQuery = {
    indexUid,
    q: request.q,
    filter,
    distinct: 'entryId',
    offset: (request.page - 1) * request.pageSize,
    limit: request.pageSize + 1,
    ...momentParams,
  };
  const countQuery: MultiSearchQuery = { indexUid, q: request.q, filter, page: 1, hitsPerPage: 0 };
  const first = await meiliMultiSearch(client, [pageQuery, countQuery], 'search');
  const [page, count] = first.results;
  const bestHits = (page?.hits ?? []) as unknown as MomentHit[];
  const hasMore = bestHits.length > request.pageSize;
  const best = bestHits.slice(0, request.pageSize);
  const entryOrder = best.map((hit) => hit.entryId);

  const more = request.moments > 1 && best.length > 0 ? await otherMoments(entryOrder) : { hits: [], processingTimeMs: 0 };
  const totalMoments = count?.totalHits ?? count?.estimatedTotalHits ?? 0;
  return {
    query: request.q,
    page: request.page,
    pageSize: request.pageSize,
    totalMoments,
    totalMomentsExact: totalMoments < COUNT_CAP,
    hasMore,
    entries: groupMomentsByEntry(entryOrder, [...best, ...more.hits], request.moments),
    processingTimeMs: first.results.reduce((sum, result) => sum + result.processingTimeMs, more.processingTimeMs),
  };

  /** Up to `request.moments` best moments of each entry on the page (their best one included again). */
  async function otherMoments(entryIds: string[]): Promise<{ hits: MomentHit[]; processingTimeMs: number }> {
    const limit = request.moments * entryIds.length;
    const [shared] = (
      await meiliMultiSearch(
        client,
        [
          {
            indexUid,
            q: request.q,
            filter: and(filter, `entryId IN [${entryIds.map(quoteFilterValue).join(', ')}]`),
            limit,
            ...momentParams,
          },
        ],
        'search moments',
      )
    ).results;
    const hits = (shared?.hits ?? []) as unknown as MomentHit[];
    const sharedMs = shared?.processingTimeMs ?? 0;
    // Fewer hits than the limit means every matching moment of these entries is here.
    if (hits.length < limit) return { hits, processingTimeMs: sharedMs };
    const perEntry = new Map<string, number>();
    for (const hit of hits) perEntry.set(hit.entryId, (perEntry.get(hit.entryId) ?? 0) + 1);
    const short = entryIds.filter((entryId) => (perEntry.get(entryId) ?? 0) < request.moments);
    if (short.length === 0) return { hits, processingTimeMs: sharedMs };
    const { results } = await meiliMultiSearch(
      client,
      short.map((entryId) => ({
        indexUid,
        q: request.q,
        filter: and(filter, `entryId = ${quoteFilterValue(entryId)}`),
        limit: request.moments,
        ...momentParams,
      })),
      'search moments',
    );
    return {
      hits: [...hits, ...results.flatMap((result) => result.hits as unknown as MomentHit[])],
      processingTimeMs: results.reduce((sum, result) => sum + result.processingTimeMs, sharedMs),
    };
  }
}
