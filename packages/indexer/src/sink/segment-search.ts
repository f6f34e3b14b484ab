import {
  buildSearchFilter,
  ErrorCode,
  OnscreenError,
  quoteFilterValue,
  SEARCH_LIMITS,
  type SearchRequest,
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
/** Rounds of one query for several moments of the page's entries before a query per entry (see otherMoments). */
const OTHER_MOMENTS_ROUNDS = 3;
/**
 * Most moments that one query asks for (at least `moments` × page size: 10 × 50). At 1 000 000 segments,
 * 1 000 highlighted moments of ten entries cost the engine 7.2 ms of CPU, 100 of them 4.0 ms, ten
 * queries of ten each 14.0 ms (`pnpm test:soak search-cost`).
 */
const OTHER_MOMENTS_WINDOW = 1000;
/** Rounds of top moments (each excluding the entries already found) before falling back to `distinct`. */
const TOP_MOMENTS_ROUNDS = 3;

/** One Meilisearch index holding segments: the whole corpus, or one shard of it. */
export interface SearchTarget {
  client: Meilisearch;
  indexUid: string;
}

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
 * The first round also counts all matching moments (up to `COUNT_CAP`). With `moments > 1`, the page's
 * entries get their best moments from one query over them all, asked again for entries another crowded
 * out (`otherMoments`). `processingTimeMs` is the engine's time summed over
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
  return searchSegmentsAcross([{ client, indexUid }], input, userId, options);
}

/**
 * The same search over segments split across several indexes (shards; an entry's segments all live in
 * one of them, see sharded-segment-index.ts): every shard finds its own best entries — as many as the
 * page needs, from the first — and the service merges them by the score of each entry's best moment
 * (Meilisearch's `_rankingScore`, comparable across indexes with the same settings; ties go to the
 * lower shard), or by its time for the empty query. The access filter runs in every shard. With one
 * target this is `searchSegments`.
 */
export async function searchSegmentsAcross(
  targets: readonly SearchTarget[],
  input: SearchRequestInput,
  userId: string | null,
  options: SearchSegmentsOptions = {},
): Promise<SearchResponse> {
  if (targets.length === 0) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'A search needs at least one index.');
  const parsed = SearchRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Invalid search request.', { details: { issues: parsed.error.issues } });
  }
  const request = parsed.data;
  const context: ShardSearch = {
    request,
    filter: buildSearchFilter(userId, request),
    grouping: options.grouping ?? 'top-moments',
    fromStart: targets.length > 1,
  };
  const shards = await Promise.all(targets.map((target) => searchShard(target, context)));
  const from = (request.page - 1) * request.pageSize;
  const to = request.page * request.pageSize;
  const order = shards.length === 1 ? (shards[0] as ShardPage).order : mergeOrders(shards);
  const entryOrder = order.slice(from, to);
  const onPage = new Set(entryOrder);
  const found = await Promise.all(shards.map((shard) => shard.moments(shard.order.filter((entryId) => onPage.has(entryId)))));
  const totalMoments = shards.reduce((sum, shard) => sum + shard.count, 0);
  return {
    query: request.q,
    page: request.page,
    pageSize: request.pageSize,
    totalMoments,
    totalMomentsExact: shards.every((shard) => shard.count < COUNT_CAP),
    hasMore: order.length > to,
    entries: groupMomentsByEntry(entryOrder, found.flat(), request.moments),
    processingTimeMs: shards.reduce((sum, shard) => sum + shard.engineMs(), 0),
  };
}

interface ShardSearch {
  request: SearchRequest;
  filter: string;
  grouping: SearchGrouping;
  /** Every shard lists its entries from the first (to be merged), not only the page's. */
  fromStart: boolean;
}

interface ShardPage {
  /** Entries in the order of their best moment, from the first (padded with '' up to the page for a single `distinct` page). */
  order: string[];
  /** How each entry's best moment ranks across shards: its score, or minus its start for the empty query. */
  best: Map<string, number>;
  count: number;
  /** The best moments of these entries (whole, highlighted), best first. */
  moments(entryIds: string[]): Promise<MomentHit[]>;
  engineMs(): number;
}

/** Entries of all shards by their best moment's score (higher first); ties to the lower shard, then rank. */
function mergeOrders(shards: readonly ShardPage[]): string[] {
  const all = shards.flatMap((shard, s) =>
    shard.order.filter((entryId) => entryId !== '').map((entryId, rank) => ({ entryId, key: shard.best.get(entryId) ?? 0, s, rank })),
  );
  all.sort((a, b) => b.key - a.key || a.s - b.s || a.rank - b.rank);
  return all.map((candidate) => candidate.entryId);
}

interface RankedHit {
  entryId: string;
  startMs: number;
  _rankingScore?: number;
}

async function searchShard(target: SearchTarget, context: ShardSearch): Promise<ShardPage> {
  const { client, indexUid } = target;
  const { request, filter } = context;
  const emptyQuery = request.q.trim() === '';
  const momentParams: SearchParams = {
    attributesToRetrieve: MOMENT_ATTRIBUTES,
    attributesToHighlight: ['text'],
    highlightPreTag: HIGHLIGHT_PRE_TAG,
    highlightPostTag: HIGHLIGHT_POST_TAG,
    ...(emptyQuery ? { sort: ['startMs:asc'] } : {}),
  };
  const needed = request.page * request.pageSize + 1;
  const keyOf = (hit: RankedHit) => (emptyQuery ? -hit.startMs : (hit._rankingScore ?? 0));
  let engineMs = 0;
  const grouped = context.grouping === 'top-moments' && needed <= TOP_MOMENTS_MAX_ENTRIES ? await topMoments() : undefined;
  return grouped ?? (await distinctPage());

  /** Up to `TOP_MOMENTS_ROUNDS` reads of the best moments; undefined when they found too few entries. */
  async function topMoments(): Promise<ShardPage | undefined> {
    const k = Math.min(1_000, Math.max(100, needed * 10));
    const order: string[] = [];
    const best = new Map<string, number>();
    let count = 0;
    // The ranking rounds ask for each moment's entry only: fetching and highlighting k whole documents cost more than ranking them.
    const rankParams: SearchParams = {
      attributesToRetrieve: ['entryId', 'startMs'],
      ...(context.fromStart && !emptyQuery ? { showRankingScore: true } : {}),
      ...(emptyQuery ? { sort: ['startMs:asc'] } : {}),
    };
    for (let round = 0; round < TOP_MOMENTS_ROUNDS; round += 1) {
      const exclude = order.length === 0 ? '' : `entryId NOT IN [${order.map(quoteFilterValue).join(', ')}]`;
      // The first round counts every match too (`page` asks for an exact total): no query of its own.
      const window = round === 0 ? { page: 1, hitsPerPage: k } : { limit: k };
      const query: MultiSearchQuery = { indexUid, q: request.q, filter: and(filter, exclude), ...window, ...rankParams };
      const { results } = await meiliMultiSearch(client, [query], 'search');
      engineMs += results[0]?.processingTimeMs ?? 0;
      if (round === 0) count = countOf(results[0]);
      const ranked = (results[0]?.hits ?? []) as unknown as RankedHit[];
      const exhausted = ranked.length < k;
      for (const hit of ranked) {
        if (best.has(hit.entryId)) continue;
        order.push(hit.entryId);
        best.set(hit.entryId, keyOf(hit));
      }
      if (exhausted || order.length >= needed) {
        return {
          order,
          best,
          count,
          engineMs: () => engineMs,
          // One moment each: the best of the page's entries in one query. More: a query per entry, in one round trip.
          moments: async (entryIds) => (request.moments === 1 ? bestOf(entryIds) : otherMoments(entryIds)),
        };
      }
    }
    return undefined;
  }

  /**
   * The best moment of each of these entries, whole and highlighted, in one query: the engine's
   * `distinct` over the page's entries only, so it walks their matches alone. The ranking is the first
   * round's, so each entry's moment is the one that round found first. (Fetching them by id needed `id`
   * filterable: a facet of a million distinct values, a large share of the index and of its memory.)
   */
  async function bestOf(entryIds: string[]): Promise<MomentHit[]> {
    if (entryIds.length === 0) return [];
    const { results } = await meiliMultiSearch(
      client,
      [
        {
          indexUid,
          q: request.q,
          filter: and(filter, `entryId IN [${entryIds.map(quoteFilterValue).join(', ')}]`),
          distinct: 'entryId',
          limit: entryIds.length,
          ...momentParams,
        },
      ],
      'search moments',
    );
    engineMs += results[0]?.processingTimeMs ?? 0;
    return (results[0]?.hits ?? []) as unknown as MomentHit[];
  }

  /**
   * The engine's own grouping: one more entry than the page, to tell whether another follows (from the
   * first entry when shards are merged).
   */
  async function distinctPage(): Promise<ShardPage> {
    const offset = context.fromStart ? 0 : (request.page - 1) * request.pageSize;
    const pageQuery: MultiSearchQuery = {
      indexUid,
      q: request.q,
      filter,
      distinct: 'entryId',
      offset,
      limit: needed - offset,
      ...(context.fromStart && !emptyQuery ? { showRankingScore: true } : {}),
      ...momentParams,
    };
    const countQuery: MultiSearchQuery = { indexUid, q: request.q, filter, page: 1, hitsPerPage: 0 };
    const { results } = await meiliMultiSearch(client, [pageQuery, countQuery], 'search');
    engineMs += results.reduce((sum, result) => sum + result.processingTimeMs, 0);
    const hits = (results[0]?.hits ?? []) as unknown as Array<MomentHit & RankedHit>;
    const best = new Map(hits.map((hit) => [hit.entryId, keyOf(hit)]));
    return {
      // `order` starts at the offset: pad it so the page's slice lands on these entries.
      order: [...new Array<string>(offset).fill(''), ...hits.map((hit) => hit.entryId)],
      best,
      count: countOf(results[1]),
      engineMs: () => engineMs,
      moments: async (entryIds) => {
        const wanted = new Set(entryIds);
        const own = hits.filter((hit) => wanted.has(hit.entryId));
        return request.moments > 1 ? [...own, ...(await otherMoments(entryIds))] : own;
      },
    };
  }

  /**
   * Up to `request.moments` best moments of each of these entries (their best one included again), from
   * one query over all of them (`entryId IN [...]`, up to ten times the moments wanted). The engine ranks
   * every entry's moments together (moments that tie come entry by entry), so when the answer was cut,
   * an entry with many good moments may have crowded another out: each entry with its `moments` (or
   * every entry, when the answer was not cut) is done, the others are asked again on their own (at
   * least one entry is done each round, so this ends). After OTHER_MOMENTS_ROUNDS, a query per entry.
   * Filtering keeps each moment's rank among its entry's, so the moments are those a query per entry
   * finds, for half the engine's CPU (OTHER_MOMENTS_WINDOW).
   */
  async function otherMoments(entryIds: string[]): Promise<MomentHit[]> {
    const wanted = request.moments;
    const done = new Map<string, MomentHit[]>();
    let pending = entryIds;
    for (let round = 0; round < OTHER_MOMENTS_ROUNDS && pending.length > 0; round += 1) {
      // room for ten times the moments wanted: an entry's moments tie with each other and come together
      const limit = Math.min(OTHER_MOMENTS_WINDOW, wanted * pending.length * 10);
      const { results } = await meiliMultiSearch(
        client,
        [
          {
            indexUid,
            q: request.q,
            filter: and(filter, `entryId IN [${pending.map(quoteFilterValue).join(', ')}]`),
            limit,
            ...momentParams,
          },
        ],
        'search moments',
      );
      engineMs += results[0]?.processingTimeMs ?? 0;
      const hits = (results[0]?.hits ?? []) as unknown as MomentHit[];
      const byEntry = new Map<string, MomentHit[]>();
      for (const hit of hits) byEntry.set(hit.entryId, [...(byEntry.get(hit.entryId) ?? []), hit]);
      const cut = hits.length >= limit;
      const short: string[] = [];
      for (const entryId of pending) {
        const own = byEntry.get(entryId) ?? [];
        if (own.length >= wanted || !cut) done.set(entryId, own.slice(0, wanted));
        else short.push(entryId);
      }
      pending = short;
    }
    if (pending.length > 0) {
      const { results } = await meiliMultiSearch(
        client,
        pending.map((entryId) => ({
          indexUid,
          q: request.q,
          filter: and(filter, `entryId = ${quoteFilterValue(entryId)}`),
          limit: wanted,
          ...momentParams,
        })),
        'search moments',
      );
      engineMs += results.reduce((sum, result) => sum + result.processingTimeMs, 0);
      for (const [i, entryId] of pending.entries()) done.set(entryId, (results[i]?.hits ?? []) as unknown as MomentHit[]);
    }
    return entryIds.flatMap((entryId) => done.get(entryId) ?? []);
  }
}

function countOf(result: { totalHits?: number; estimatedTotalHits?: number } | undefined): number {
  return result?.totalHits ?? result?.estimatedTotalHits ?? 0;
}
