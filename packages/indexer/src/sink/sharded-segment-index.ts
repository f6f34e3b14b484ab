import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { EntryMatches } from './entry-matches.js';
import { createSegmentIndex, type IndexedDocumentMeta, type SegmentIndex, type SegmentIndexOptions } from './segment-index.js';
import { searchSegmentsAcross } from './segment-search.js';

/**
 * The shard of an entry: FNV-1a (32 bit) of its id, modulo the number of shards. Stable across processes
 * and releases: every API and worker process must agree on it.
 */
export function shardOf(entryId: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entryId.length; i += 1) {
    hash ^= entryId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

/**
 * Segments split across several Meilisearch indexes (usually one per Meilisearch instance): all of an
 * entry's documents live in the shard `shardOf(entryId)`; writes go there, searches go to every shard
 * and are merged by the service (`searchSegmentsAcross`), with the access filter applied in each.
 * Deleting an entry asks every shard, so documents a different shard list left behind go too.
 *
 * The shard list is fixed once documents are written: changing it means starting from empty indexes
 * and re-applying every entry from the store (`onscreen reconcile --fix`).
 */
export function createShardedSegmentIndex(shards: readonly SegmentIndexOptions[]): SegmentIndex {
  if (shards.length === 0) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'A sharded segment index needs at least one shard.');
  const indexes = shards.map((shard) => createSegmentIndex(shard));
  if (indexes.length === 1) return indexes[0] as SegmentIndex;
  const targets = shards.map(({ client, indexUid }) => ({ client, indexUid }));
  const route = (entryId: string) => indexes[shardOf(entryId, indexes.length)] as SegmentIndex;

  async function listEntryDocuments(entryIds: readonly string[]): Promise<IndexedDocumentMeta[]> {
    // documents in a shard other than their entry's (an older shard list) count too: ask every shard for all
    const lists = await Promise.all(indexes.map((index) => index.listEntryDocuments(entryIds)));
    return lists.flat();
  }

  async function matchingEntries(q: string, options: Parameters<SegmentIndex['matchingEntries']>[1]): Promise<EntryMatches> {
    const results = await Promise.all(indexes.map((index) => index.matchingEntries(q, options)));
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const all = [...new Set(results.flatMap((result) => result.entryIds))];
    return {
      entryIds: all.slice(0, limit),
      capped: results.some((result) => result.capped) || all.length > limit,
      processingTimeMs: results.reduce((sum, result) => sum + result.processingTimeMs, 0),
    };
  }

  return {
    indexUid: shards.map((shard) => shard.indexUid).join(','),
    ensureSettings: async () => {
      await Promise.all(indexes.map((index) => index.ensureSettings()));
    },
    replaceEntrySegments: (meta, segments) => route(meta.entryId).replaceEntrySegments(meta, segments),
    deleteEntry: async (entryId) => {
      const results = await Promise.all(indexes.map((index) => index.deleteEntry(entryId)));
      return { deleted: results.reduce((sum, result) => sum + result.deleted, 0) };
    },
    countEntrySegments: async (entryId) => {
      const counts = await Promise.all(indexes.map((index) => index.countEntrySegments(entryId)));
      return counts.reduce((sum, count) => sum + count, 0);
    },
    updateEntryMeta: (entryId, meta) => route(entryId).updateEntryMeta(entryId, meta),
    search: (request, userId) => searchSegmentsAcross(targets, request, userId),
    matchingEntries,
    health: async () => (await Promise.all(indexes.map((index) => index.health()))).every(Boolean),
    listEntryDocuments,
    countDocumentsByEntry: async () => {
      const merged = new Map<string, { documents: number; withoutOrder: number }>();
      for (const counts of await Promise.all(indexes.map((index) => index.countDocumentsByEntry()))) {
        for (const [entryId, count] of counts) {
          const sum = merged.get(entryId) ?? { documents: 0, withoutOrder: 0 };
          merged.set(entryId, { documents: sum.documents + count.documents, withoutOrder: sum.withoutOrder + count.withoutOrder });
        }
      }
      return merged;
    },
  };
}
