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

/** How a page of entries is found. See `searchSegments`. */
export type SearchGrouping = 'top-moments' | 'distinct';

export interface SearchSegmentsOptions {
  /** Default `top-moments`; `distinct` is the engine-side grouping, kept as the baseline of `pnpm bench`. */
  grouping?: SearchGrouping;
}

/** Entries a grouped read may need (page × pageSize + 1); deeper pages use `distinct` directly. */
const TOP_MOMENTS_MAX_ENTRIES = 101;
/** Rounds of top moments (each excluding the entries already found) before falling back to `distinct`. */
const TOP_MOMENTS_ROUNDS = 3;

/**
 * A page of entries, each with its best moments, in the order of each entry's best moment.
 *
 * `top-moments` (the default): the engine ranks moments without `distinct` — it stops after the best
 * `k` — and the service groups them by entry. The entries are exactly those `distinct: entryId` would
 * give: an entry first seen at rank r has its best moment at r, and an entry not among the top `k` has
 * every moment below all of them. When the top `k` hold fewer entries than the page needs, the next
 * round asks again without the entries already found (their best moments are known), up to
 * `TOP_MOMENTS_ROUNDS`; only then, or for pages deeper than `TOP_MOMENTS_MAX_ENTRIES` entries, the
 * engine groups with `distinct`, whose cost grows with the number of matches (it walks every matching
 * moment of a bucket), which is why it is no longer the first choice.
 *
 * The first round also counts all matching moments (up to `COUNT_CAP`). With
 * `moments > 1`, an entry of the page with fewer moments in hand than asked, from a round cut at `k`,
 * gets its other moments in one more round trip. `processingTimeMs` is the engine's time summed over
 * every query, never the client's latency. Every round trip is a `/multi-search` on the lean
 * transport (`meiliMultiSearch`).
 */
export async function searchSegments(
  client: Meilisearch,
  indexUid: string,
  input: SearchRequestInput,
  userId: string | null,
  options: SearchSegmentsOptions = {},
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
  const countQuery: MultiSearchQuery = { indexUid, q: request.q, filter, page: 1, hitsPerPage: 0 };
  const needed = request.page * request.pageSize + 1;
  let engineMs = 0;
  let totalMoments = 0;

  const grouped =
    (options.grouping ?? 'top-moments') === 'top-moments' && needed <= TOP_MOMENTS_MAX_ENTRIES ? await topMoments() : undefined;
  const page = grouped ?? (await distinctPage());
  const entryOrder = page.order.slice((request.page - 1) * request.pageSize, request.page * request.pageSize);
  const short = request.moments > 1 ? entryOrder.filter((entryId) => !page.complete(entryId)) : [];
  const more = short.length > 0 ? await otherMoments(short) : [];
  return {
    query: request.q,
    page: request.page,
    pageSize: request.pageSize,
    totalMoments,
    totalMomentsExact: totalMoments < COUNT_CAP,
    hasMore: page.order.length > request.page * request.pageSize,
    entries: groupMomentsByEntry(entryOrder, [...page.hits, ...more], request.moments),
    processingTimeMs: engineMs,
  };

  interface FoundPage {
    /** Entries in the order of their best moment, from the first page on (or from this page on, for `distinct`). */
    order: string[];
    hits: MomentHit[];
    /** Whether every one of the entry's best `moments` moments is among `hits`. */
    complete: (entryId: string) => boolean;
  }

  /** Up to `TOP_MOMENTS_ROUNDS` reads of the best moments; undefined when they found too few entries. */
  async function topMoments(): Promise<FoundPage | undefined> {
    const k = Math.min(1_000, Math.max(100, needed * 10));
    const order: string[] = [];
    /** Moment ids of each entry, best first, as ranked. */
    const idsOf = new Map<string, string[]>();
    const rankOf = new Map<string, number>();
    const exhaustedEntries = new Set<string>();
    // The ranking rounds ask for ids only: fetching and highlighting k whole documents cost more than ranking them.
    const rankParams: SearchParams = {
      attributesToRetrieve: ['id', 'entryId'],
      ...(request.q.trim() === '' ? { sort: ['startMs:asc'] } : {}),
    };
    for (let round = 0; round < TOP_MOMENTS_ROUNDS; round += 1) {
      const exclude = order.length === 0 ? '' : `entryId NOT IN [${order.map(quoteFilterValue).join(', ')}]`;
      // The first round counts every match too (`page` asks for an exact total): no query of its own.
      const window = round === 0 ? { page: 1, hitsPerPage: k } : { limit: k };
      const query: MultiSearchQuery = { indexUid, q: request.q, filter: and(filter, exclude), ...window, ...rankParams };
      const { results } = await meiliMultiSearch(client, [query], 'search');
      engineMs += results[0]?.processingTimeMs ?? 0;
      if (round === 0) totalMoments = countOf(results[0]);
      const ranked = (results[0]?.hits ?? []) as unknown as Array<{ id: string; entryId: string }>;
      const exhausted = ranked.length < k;
      for (const hit of ranked) {
        let ids = idsOf.get(hit.entryId);
        if (ids === undefined) {
          ids = [];
          idsOf.set(hit.entryId, ids);
          order.push(hit.entryId);
          if (exhausted) exhaustedEntries.add(hit.entryId);
        }
        ids.push(hit.id);
        rankOf.set(hit.id, rankOf.size);
      }
      if (exhausted || order.length >= needed) {
        const complete = (entryId: string) => exhaustedEntries.has(entryId) || (idsOf.get(entryId)?.length ?? 0) >= request.moments;
        return { order, hits: await pageMoments(order, idsOf, rankOf), complete };
      }
    }
    return undefined;
  }

  /** The whole, highlighted documents of the page's best moments (in rank order), in one query by id. */
  async function pageMoments(order: string[], idsOf: Map<string, string[]>, rankOf: Map<string, number>): Promise<MomentHit[]> {
    const onPage = order.slice((request.page - 1) * request.pageSize, request.page * request.pageSize);
    const ids = onPage.flatMap((entryId) => (idsOf.get(entryId) ?? []).slice(0, request.moments));
    if (ids.length === 0) return [];
    const { results } = await meiliMultiSearch(
      client,
      [
        {
          indexUid,
          q: request.q,
          filter: and(filter, `id IN [${ids.map(quoteFilterValue).join(', ')}]`),
          limit: ids.length,
          ...momentParams,
        },
      ],
      'search moments',
    );
    engineMs += results[0]?.processingTimeMs ?? 0;
    const hits = (results[0]?.hits ?? []) as unknown as MomentHit[];
    return hits.sort((a, b) => (rankOf.get(a.id) ?? 0) - (rankOf.get(b.id) ?? 0));
  }

  /** The page from the engine's own grouping: one more entry than the page, to tell whether another follows. */
  async function distinctPage(): Promise<FoundPage> {
    const pageQuery: MultiSearchQuery = {
      indexUid,
      q: request.q,
      filter,
      distinct: 'entryId',
      offset: (request.page - 1) * request.pageSize,
      limit: request.pageSize + 1,
      ...momentParams,
    };
    const { results } = await meiliMultiSearch(client, [pageQuery, countQuery], 'search');
    engineMs += results.reduce((sum, result) => sum + result.processingTimeMs, 0);
    totalMoments = countOf(results[1]);
    const hits = (results[0]?.hits ?? []) as unknown as MomentHit[];
    // `order` starts at this page: pad it so the page's slice lands on these entries.
    const padding = new Array<string>((request.page - 1) * request.pageSize).fill('');
    return { order: [...padding, ...hits.map((hit) => hit.entryId)], hits, complete: () => request.moments === 1 };
  }

  /** Up to `request.moments` best moments of each of these entries (their best one included again). */
  async function otherMoments(entryIds: string[]): Promise<MomentHit[]> {
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
    engineMs += shared?.processingTimeMs ?? 0;
    // Fewer hits than the limit means every matching moment of these entries is here.
    if (hits.length < limit) return hits;
    const perEntry = new Map<string, number>();
    for (const hit of hits) perEntry.set(hit.entryId, (perEntry.get(hit.entryId) ?? 0) + 1);
    const short = entryIds.filter((entryId) => (perEntry.get(entryId) ?? 0) < request.moments);
    if (short.length === 0) return hits;
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
    engineMs += results.reduce((sum, result) => sum + result.processingTimeMs, 0);
    return [...hits, ...results.flatMap((result) => result.hits as unknown as MomentHit[])];
  }
}

function countOf(result: { totalHits?: number; estimatedTotalHits?: number } | undefined): number {
  return result?.totalHits ?? result?.estimatedTotalHits ?? 0;
}
