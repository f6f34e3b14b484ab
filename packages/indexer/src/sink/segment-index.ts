import {
  type ExtractedSegment,
  quoteFilterValue,
  type SegmentDocument,
  type SearchRequestInput,
  type SearchResponse,
  type Visibility,
} from '@onscreen/core';
import type { EnqueuedTask, Meilisearch } from 'meilisearch';
import { meiliCall } from './meili-client.js';
import { awaitTasks, enqueue } from './meili-tasks.js';
import { chunk, type EntrySegmentMeta, toSegmentDocuments } from './segment-documents.js';
import { ensureSegmentIndexSettings, SEGMENT_PRIMARY_KEY } from './segment-index-settings.js';
import { type EntryMatches, type EntryMatchOptions, findMatchingEntries } from './entry-matches.js';
import { searchSegments } from './segment-search.js';

export interface SegmentIndexOptions {
  client: Meilisearch;
  indexUid: string;
  /** Documents per add/update request. Default 5 000. */
  chunkSize?: number;
}

export interface EntryMetaUpdate {
  ownerId: string;
  visibility: Visibility;
  categoryIds: string[];
  entryTitle: string;
}

export interface ReplaceResult {
  /** Documents now indexed for the entry. */
  indexed: number;
  /** Documents of earlier generations that were deleted. */
  removed: number;
  /** Whether the upsert and the deletion were applied in one Meilisearch batch (readers saw no mix). */
  singleBatch: boolean;
}

/** What a document shows of its entry (reconcile compares it with the store). */
export type IndexedDocumentMeta = Pick<SegmentDocument, 'entryId' | 'visibility' | 'ownerId' | 'entryTitle' | 'categoryIds' | 'orderId'>;

export interface SegmentIndex {
  readonly indexUid: string;
  ensureSettings(): Promise<void>;
  replaceEntrySegments(meta: EntrySegmentMeta, segments: readonly ExtractedSegment[]): Promise<ReplaceResult>;
  deleteEntry(entryId: string): Promise<{ deleted: number }>;
  countEntrySegments(entryId: string): Promise<number>;
  updateEntryMeta(entryId: string, meta: EntryMetaUpdate): Promise<{ updated: number }>;
  search(request: SearchRequestInput, userId: string | null): Promise<SearchResponse>;
  /** Entries whose on-screen text matches `q` (ids only, best first): My Media's "Search In". */
  matchingEntries(q: string, options: EntryMatchOptions): Promise<EntryMatches>;
  health(): Promise<boolean>;
  /** Entry metadata of every document of these entries (at most 1 000 ids). */
  listEntryDocuments(entryIds: readonly string[]): Promise<IndexedDocumentMeta[]>;
  /** Documents per entry id over the whole index, and of those how many no order wrote (`onscreen index`). */
  countDocumentsByEntry(): Promise<Map<string, { documents: number; withoutOrder: number }>>;
}

const ID_PAGE_SIZE = 10_000;

export function createSegmentIndex(options: SegmentIndexOptions): SegmentIndex {
  const { client, indexUid } = options;
  const chunkSize = options.chunkSize ?? 5_000;
  const index = client.index(indexUid);
  const entryFilter = (entryId: string) => `entryId = ${quoteFilterValue(entryId)}`;

  async function listEntryIds(entryId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += ID_PAGE_SIZE) {
      const page = await meiliCall(`list documents of entry ${entryId}`, () =>
        index.getDocuments<{ id: string }>({ filter: entryFilter(entryId), fields: ['id'], limit: ID_PAGE_SIZE, offset }),
      );
      ids.push(...page.results.map((doc) => doc.id));
      if (page.results.length < ID_PAGE_SIZE) return ids;
    }
  }

  async function replaceEntrySegments(meta: EntrySegmentMeta, segments: readonly ExtractedSegment[]): Promise<ReplaceResult> {
    const action = `replace segments of entry ${meta.entryId}`;
    const documents = toSegmentDocuments(meta, segments);
    const fresh = new Set(documents.map((doc) => doc.id));
    const stale = (await listEntryIds(meta.entryId)).filter((id) => !fresh.has(id));
    // Enqueued back to back, so that Meilisearch can autobatch them (additions and deletions by id
    // batch together; deletions by filter never do). Ids are per ordinal: overlapping documents are
    // replaced in place even when the deletion lands in a later batch.
    const writes: EnqueuedTask[] = [];
    for (const part of chunk(documents, chunkSize)) {
      writes.push(await enqueue(action, () => index.addDocuments(part, { primaryKey: SEGMENT_PRIMARY_KEY })));
    }
    for (const part of chunk(stale, chunkSize)) writes.push(await enqueue(action, () => index.deleteDocuments(part)));
    const done = await awaitTasks(client, writes, action);
    // Sweep: anything of another generation still there (a writer that raced this one).
    const otherGeneration = meta.orderId === null ? 'orderId IS NOT NULL' : `orderId != ${quoteFilterValue(meta.orderId)}`;
    const sweep = await enqueue(action, () => index.deleteDocuments({ filter: `${entryFilter(meta.entryId)} AND ${otherGeneration}` }));
    const [swept] = await awaitTasks(client, [sweep], action);
    const sweptCount = (swept?.details as { deletedDocuments?: number } | undefined)?.deletedDocuments ?? 0;
    return {
      indexed: documents.length,
      removed: stale.length + sweptCount,
      singleBatch: new Set(done.map((task) => task.batchUid)).size <= 1,
    };
  }

  async function deleteEntry(entryId: string): Promise<{ deleted: number }> {
    const action = `delete entry ${entryId}`;
    const task = await enqueue(action, () => index.deleteDocuments({ filter: entryFilter(entryId) }));
    const [done] = await awaitTasks(client, [task], action);
    return { deleted: (done?.details as { deletedDocuments?: number } | undefined)?.deletedDocuments ?? 0 };
  }

  async function countEntrySegments(entryId: string): Promise<number> {
    // The documents route counts every match exactly; search totals are capped by maxTotalHits.
    const page = await meiliCall(`count segments of entry ${entryId}`, () =>
      index.getDocuments({ filter: entryFilter(entryId), fields: ['id'], limit: 1 }),
    );
    return page.total;
  }

  async function updateEntryMeta(entryId: string, meta: EntryMetaUpdate): Promise<{ updated: number }> {
    const action = `update metadata of entry ${entryId}`;
    const ids = await listEntryIds(entryId);
    const patch = { ownerId: meta.ownerId, visibility: meta.visibility, categoryIds: [...meta.categoryIds], entryTitle: meta.entryTitle };
    const writes: EnqueuedTask[] = [];
    for (const part of chunk(ids, chunkSize)) {
      const documents = part.map((id) => ({ id, ...patch }));
      writes.push(await enqueue(action, () => index.updateDocuments(documents, { primaryKey: SEGMENT_PRIMARY_KEY })));
    }
    await awaitTasks(client, writes, action);
    // Meilisearch 1.21 has no `skipCreation`: a document deleted between listing and updating comes
    // back as a fragment without entryId. Remove such fragments.
    const sweep = await enqueue(action, () => index.deleteDocuments({ filter: 'entryId NOT EXISTS' }));
    await awaitTasks(client, [sweep], action);
    return { updated: ids.length };
  }

  async function allDocuments(action: string, filter: string | undefined, fields: (keyof IndexedDocumentMeta)[]) {
    const found: IndexedDocumentMeta[] = [];
    for (let offset = 0; ; offset += ID_PAGE_SIZE) {
      const page = await meiliCall(action, () =>
        index.getDocuments<IndexedDocumentMeta>({ ...(filter === undefined ? {} : { filter }), fields, limit: ID_PAGE_SIZE, offset }),
      );
      found.push(...page.results);
      if (page.results.length < ID_PAGE_SIZE) return found;
    }
  }

  async function listEntryDocuments(entryIds: readonly string[]): Promise<IndexedDocumentMeta[]> {
    if (entryIds.length === 0) return [];
    const filter = `entryId IN [${entryIds.map(quoteFilterValue).join(', ')}]`;
    return allDocuments(`list documents of ${entryIds.length} entries`, filter, [
      'entryId',
      'visibility',
      'ownerId',
      'entryTitle',
      'categoryIds',
    ]);
  }

  async function countDocumentsByEntry(): Promise<Map<string, { documents: number; withoutOrder: number }>> {
    const counts = new Map<string, { documents: number; withoutOrder: number }>();
    for (const doc of await allDocuments('count documents by entry', undefined, ['entryId', 'orderId'])) {
      const count = counts.get(doc.entryId) ?? { documents: 0, withoutOrder: 0 };
      count.documents += 1;
      if (doc.orderId === null || doc.orderId === undefined) count.withoutOrder += 1;
      counts.set(doc.entryId, count);
    }
    return counts;
  }

  return {
    indexUid,
    listEntryDocuments,
    countDocumentsByEntry,
    ensureSettings: () => ensureSegmentIndexSettings(client, indexUid),
    replaceEntrySegments,
    deleteEntry,
    countEntrySegments,
    updateEntryMeta,
    search: (request, userId) => searchSegments(client, indexUid, request, userId),
    matchingEntries: (q, matchOptions) => findMatchingEntries(client, indexUid, q, matchOptions),
    health: () => client.isHealthy(),
  };
}
