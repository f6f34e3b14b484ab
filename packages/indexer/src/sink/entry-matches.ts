import { isOnscreenError, quoteFilterValue } from '@onscreen/core';
import type { Meilisearch } from 'meilisearch';
import { meiliMultiSearch } from './meili-client.js';

export interface EntryMatchOptions {
  /** Only segments of these owners' entries (My Media's scope); null: any owner (the caller filters). */
  ownerIds: readonly string[] | null;
  /** Most entries to return. Default 1 000. */
  limit?: number;
}

export interface EntryMatches {
  /** Entries with at least one segment matching, best match first. */
  entryIds: string[];
  /** True when `limit` entries were found: there may be more. */
  capped: boolean;
  processingTimeMs: number;
}

/**
 * The entries whose on-screen text matches `q` (typo-tolerant, as Global Search), for My Media's
 * "Search In: All Fields / On-screen text": one query with `distinct: entryId`, returning ids only.
 */
export async function findMatchingEntries(
  client: Meilisearch,
  indexUid: string,
  q: string,
  options: EntryMatchOptions,
): Promise<EntryMatches> {
  const limit = options.limit ?? 1000;
  if (q.trim() === '' || options.ownerIds?.length === 0) return { entryIds: [], capped: false, processingTimeMs: 0 };
  const filter = options.ownerIds === null ? undefined : `ownerId IN [${options.ownerIds.map(quoteFilterValue).join(', ')}]`;
  const { results } = await meiliMultiSearch(
    client,
    [
      {
        indexUid,
        q,
        ...(filter === undefined ? {} : { filter }),
        distinct: 'entryId',
        limit,
        attributesToRetrieve: ['entryId'],
        attributesToSearchOn: ['text'],
      },
    ],
    'find entries by on-screen text',
  ).catch((error: unknown) => {
    // An index that has never held a document knows no `text` attribute yet: nothing matches.
    if (isOnscreenError(error) && error.details?.meiliCode === 'invalid_search_attributes_to_search_on') return { results: [] };
    throw error;
  });
  const hits = (results[0]?.hits ?? []) as unknown as { entryId: string }[];
  return { entryIds: hits.map((hit) => hit.entryId), capped: hits.length >= limit, processingTimeMs: results[0]?.processingTimeMs ?? 0 };
}
