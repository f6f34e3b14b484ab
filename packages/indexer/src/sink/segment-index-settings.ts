import { ErrorCode, OnscreenError, SEARCH_LIMITS } from '@onscreen/core';
import type { Meilisearch, Settings } from 'meilisearch';
import { meiliCall } from './meili-client.js';
import { assertSucceeded, awaitTasks, enqueue } from './meili-tasks.js';

export const SEGMENT_PRIMARY_KEY = 'id';
/**
 * Most entries one on-screen text match of My Media returns. Facet values come in id order (sorting
 * them by count cost 130–190 ms of engine time at 1 000 000 segments, id order 3–9 ms; 10 000 values
 * in id order 50–370 ms), so when more entries match, these are the first 1 000 by id and the answer says so.
 */
export const ENTRY_MATCH_CAP = 1000;

/** Attributes the service filters on by equality only (`=`, `IN`, `!=`, `IS NULL`). */
const EQUALITY_FILTERS = ['entryId', 'ownerId', 'visibility', 'categoryIds', 'language', 'orderId'];
/** Attributes the service also compares (`>=`, `<=`): the time range and the confidence floor. */
const RANGE_FILTERS = ['startMs', 'endMs', 'confidence'];

/**
 * The settings of a segment index. Attribute order in `searchableAttributes` is ranking order.
 *
 * Each filterable attribute gets only the filter it is used with and no facet search (the service
 * never searches facet values): with every feature on, the index at 1 000 000 segments took 1.65 GB on
 * disk and its engine peaked at 2.2 GB of RSS; with these, 1.35 GB and 1.5 GB (same corpus, same run).
 * Proximity counts per attribute, not per word pair: a segment is one short line of on-screen text,
 * so "in the same line" is what proximity can tell anyway, and the word-pair table it saves is the
 * largest the engine would build for long lines.
 */
export const SEGMENT_INDEX_SETTINGS = {
  searchableAttributes: ['text', 'entryTitle'],
  filterableAttributes: [
    { attributePatterns: EQUALITY_FILTERS, features: { facetSearch: false, filter: { equality: true, comparison: false } } },
    { attributePatterns: RANGE_FILTERS, features: { facetSearch: false, filter: { equality: true, comparison: true } } },
  ],
  sortableAttributes: ['startMs', 'confidence'],
  facetSearch: false,
  proximityPrecision: 'byAttribute',
  typoTolerance: { enabled: true },
  // Exact totals and pages up to the API's own caps (maxPage × maxPageSize entries).
  pagination: { maxTotalHits: SEARCH_LIMITS.maxPage * SEARCH_LIMITS.maxPageSize },
  // My Media's on-screen text search takes the distinct entries of all matches from the entryId facet
  // (entry-matches.ts): up to this many entries per query.
  faceting: { maxValuesPerFacet: ENTRY_MATCH_CAP },
} satisfies Settings;

/**
 * Create the index with primary key `id` (never inferred) and apply the settings; both tasks are
 * awaited and checked. An index that already exists is kept when its primary key is `id` or unset.
 */
export async function ensureSegmentIndexSettings(client: Meilisearch, indexUid: string): Promise<void> {
  const action = `create index ${indexUid}`;
  const created = await enqueue(action, () => client.createIndex(indexUid, { primaryKey: SEGMENT_PRIMARY_KEY }));
  const task = await meiliCall(action, () => client.tasks.waitForTask(created.taskUid));
  if (task.status !== 'succeeded' && task.error?.code === 'index_already_exists') {
    await ensurePrimaryKey(client, indexUid);
  } else {
    assertSucceeded(task, action);
  }
  const updated = await enqueue(`settings of ${indexUid}`, () => client.index(indexUid).updateSettings(SEGMENT_INDEX_SETTINGS));
  await awaitTasks(client, [updated], `settings of ${indexUid}`);
}

async function ensurePrimaryKey(client: Meilisearch, indexUid: string): Promise<void> {
  const info = await meiliCall(`read index ${indexUid}`, () => client.index(indexUid).getRawInfo());
  if (info.primaryKey === SEGMENT_PRIMARY_KEY) return;
  if (info.primaryKey === null || info.primaryKey === undefined) {
    const update = await enqueue(`primary key of ${indexUid}`, () => client.index(indexUid).update({ primaryKey: SEGMENT_PRIMARY_KEY }));
    await awaitTasks(client, [update], `primary key of ${indexUid}`);
    return;
  }
  throw new OnscreenError(
    ErrorCode.CONFLICT,
    `Index ${indexUid} exists with primary key "${info.primaryKey}", not "${SEGMENT_PRIMARY_KEY}": use another index or delete it.`,
    { details: { indexUid, primaryKey: info.primaryKey } },
  );
}
