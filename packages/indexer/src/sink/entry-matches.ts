import { isOnscreenError, quoteFilterValue } from '@onscreen/core';
import type { Meilisearch } from 'meilisearch';
import { meiliMultiSearch } from './meili-client.js';
import { ENTRY_MATCH_CAP } from './segment-index-settings.js';

export interface EntryMatchOptions {
  /** Only segments of these owners' entries (My Media's scope); null: any owner (the caller filters). */
  ownerIds: readonly string[] | null;
  /** Most entries to return. Default and at most ENTRY_MATCH_CAP (1 000). */
  limit?: number;
}

export interface EntryMatches {
  /** Entries with at least one segment matching (in no particular order: the caller sorts). */
  entryIds: string[];
  /** True when `limit` entries were found: there may be more. */
  capped: boolean;
  processingTimeMs: number;
}

/**
 * The entries whose on-screen text matches `q` (typo-tolerant, as Global Search), for My Media's
 * "Search In: All Fields / On-screen text": the `entryId` facet of every matching segment, in one query
 * that returns no documents. Meilisearch counts facet values on its bitmaps: 3–9 ms of engine time for
 * up to 1 000 entries at 1 000 000 segments, where `distinct: entryId` with 1 000 hits cost 60–90 ms
 * (measured on the portal bench's index). Up to the index's maxValuesPerFacet (ENTRY_MATCH_CAP, in id
 * order) entries; `limit` lower.
 */
export async function findMatchingEntries(
  client: Meilisearch,
  indexUid: string,
  q: string,
  options: EntryMatchOptions,
): Promise<EntryMatches> {
  const limit = Math.min(options.limit ?? ENTRY_MATCH_CAP, ENTRY_MATCH_CAP);
  if (q.trim() === '' || options.ownerIds?.length === 0) return { entryIds: [], capped: false, processingTimeMs: 0 };
  const filter = options.ownerIds === null ? undefined : `ownerId IN [${options.ownerIds.map(quoteFilterValue).join(', ')}]`;
  const { results } = await meiliMultiSearch(
    client,
    [{ indexUid, q, ...(filter === undefined ? {} : { filter }), limit: 0, facets: ['entryId'], attributesToSearchOn: ['text'] }],
    'find entries by on-screen text',
  ).catch((error: unknown) => {
    // An index that has never held a document knows no `text` attribute yet: nothing matches.
    if (isOnscreenError(error) && error.details?.meiliCode === 'invalid_search_attributes_to_search_on') return { results: [] };
    throw error;
  });
  const counts = results[0]?.facetDistribution?.entryId ?? {};
  const all = Object.keys(counts);
  return {
    entryIds: all.slice(0, limit),
    capped: all.length >= limit,
    processingTimeMs: results[0]?.processingTimeMs ?? 0,
  };
}
