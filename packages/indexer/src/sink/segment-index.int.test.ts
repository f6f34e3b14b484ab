import { ErrorCode, isOnscreenError } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitTasks } from './meili-tasks.js';
import { createMeiliClient } from './meili-client.js';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { makeMeta, makeSegments } from './segment-fixtures.js';
import { createSegmentIndex } from './segment-index.js';
import { SEGMENT_INDEX_SETTINGS } from './segment-index-settings.js';

const meili = createMeiliClient(testMeiliConnection());
const indexUid = uniqueIndexUid('segment_index');
const otherUids: string[] = [];
const segments = createSegmentIndex({ client: meili.client, indexUid, chunkSize: 50 });

async function textsOf(entryId: string): Promise<string[]> {
  const page = await meili.client.index(indexUid).getDocuments<{ text: string; orderId: string }>({
    filter: `entryId = "${entryId}"`,
    fields: ['text', 'orderId'],
    limit: 1_000,
  });
  return page.results.map((doc) => `${doc.orderId}:${doc.text}`).sort();
}

beforeAll(async () => {
  await segments.ensureSettings();
});

afterAll(async () => {
  for (const uid of [indexUid, ...otherUids]) await meili.client.deleteIndex(uid).waitTask();
  await meili.close();
});

describe('segment index on a real Meilisearch', () => {
  it('creates the index with primary key id and applies the settings; a second call is a no-op', async () => {
    await segments.ensureSettings();
    const info = await meili.client.index(indexUid).getRawInfo();
    expect(info.primaryKey).toBe('id');
    const settings = await meili.client.index(indexUid).getSettings();
    expect(settings.searchableAttributes).toEqual(['text', 'entryTitle']);
    expect(settings.filterableAttributes).toEqual(SEGMENT_INDEX_SETTINGS.filterableAttributes);
    expect(settings.facetSearch).toBe(false);
    expect(settings.proximityPrecision).toBe('byAttribute');
    expect([...(settings.sortableAttributes ?? [])].sort()).toEqual(['confidence', 'startMs']);
    expect(settings.typoTolerance?.enabled).toBe(true);
    expect(settings.pagination?.maxTotalHits).toBe(5_000);
    expect(await segments.health()).toBe(true);
  });

  it('replacing twice leaves exactly the second generation (fewer, then more segments, in chunks)', async () => {
    const entryId = 'entry-replace';
    const first = await segments.replaceEntrySegments(makeMeta({ entryId, orderId: 'order-1' }), makeSegments('first', 120));
    expect(first).toMatchObject({ indexed: 120, removed: 0 });
    expect(await segments.countEntrySegments(entryId)).toBe(120);

    const second = await segments.replaceEntrySegments(makeMeta({ entryId, orderId: 'order-2' }), makeSegments('second', 7));
    expect(second).toMatchObject({ indexed: 7, removed: 113 });
    expect(await segments.countEntrySegments(entryId)).toBe(7);
    expect(await textsOf(entryId)).toEqual(
      makeSegments('second', 7)
        .map((s) => `order-2:${s.text}`)
        .sort(),
    );

    const third = await segments.replaceEntrySegments(makeMeta({ entryId, orderId: 'order-3' }), makeSegments('third', 61));
    expect(third).toMatchObject({ indexed: 61, removed: 0 });
    expect(await segments.countEntrySegments(entryId)).toBe(61);
    expect((await textsOf(entryId)).every((text) => text.startsWith('order-3:third '))).toBe(true);
    // What we learnt about atomicity: print whether Meilisearch put upsert + deletion in one batch.
    console.info(`[batching] replace 120→7 singleBatch=${second.singleBatch}, 7→61 singleBatch=${third.singleBatch}`);
  });

  it('a retry of the same order replaces in place, and an empty generation empties the entry', async () => {
    const entryId = 'entry-retry';
    await segments.replaceEntrySegments(makeMeta({ entryId }), makeSegments('a', 5));
    const again = await segments.replaceEntrySegments(makeMeta({ entryId }), makeSegments('b', 3));
    expect(again).toMatchObject({ indexed: 3, removed: 2 });
    expect(await textsOf(entryId)).toEqual(['order-1:b 0', 'order-1:b 1', 'order-1:b 2']);
    expect(await segments.replaceEntrySegments(makeMeta({ entryId, orderId: 'order-2' }), [])).toMatchObject({ indexed: 0, removed: 3 });
    expect(await segments.countEntrySegments(entryId)).toBe(0);
  });

  it('leaves other entries alone, deletes one entry, and updates an entry’s metadata in place', async () => {
    await segments.replaceEntrySegments(makeMeta({ entryId: 'keep' }), makeSegments('keep', 4));
    await segments.replaceEntrySegments(makeMeta({ entryId: 'drop' }), makeSegments('drop', 6));
    expect(await segments.deleteEntry('drop')).toEqual({ deleted: 6 });
    expect(await segments.countEntrySegments('drop')).toBe(0);
    expect(await segments.countEntrySegments('keep')).toBe(4);

    const update = { ownerId: 'user-a', visibility: 'published' as const, categoryIds: ['cat-1'], entryTitle: 'Now public' };
    expect(await segments.updateEntryMeta('keep', update)).toEqual({ updated: 4 });
    const docs = await meili.client.index(indexUid).getDocuments({ filter: 'entryId = "keep"', limit: 10 });
    expect(docs.results).toHaveLength(4);
    for (const doc of docs.results) {
      expect(doc).toMatchObject({ visibility: 'published', categoryIds: ['cat-1'], entryTitle: 'Now public', startMs: expect.any(Number) });
      expect(doc.text).toMatch(/^keep \d$/);
    }
  });

  it('a failed task surfaces as MEILI_TASK_FAILED with the task error in details', async () => {
    // An id longer than 511 bytes is accepted by the route and fails in the task.
    const task = await meili.client.index(indexUid).addDocuments([{ id: 'x'.repeat(600), entryId: 'bad', text: 'bad' }]);
    const error = await awaitTasks(meili.client, [task], 'bad id').catch((e: unknown) => e);
    expect(isOnscreenError(error, ErrorCode.MEILI_TASK_FAILED)).toBe(true);
    expect((error as { details: { error: { code: string }; status: string } }).details).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_document_id' },
    });

    // Through the public API: an index created with another primary key rejects our documents.
    const wrongUid = uniqueIndexUid('wrong_pk');
    otherUids.push(wrongUid);
    await meili.client.createIndex(wrongUid, { primaryKey: 'segmentKey' }).waitTask();
    await meili.client.index(wrongUid).updateFilterableAttributes(['entryId', 'orderId']).waitTask();
    const wrong = createSegmentIndex({ client: meili.client, indexUid: wrongUid });
    const replaceError = await wrong.replaceEntrySegments(makeMeta({ entryId: 'e' }), makeSegments('x', 2)).catch((e: unknown) => e);
    expect((replaceError as { code?: string }).code).toBe(ErrorCode.MEILI_TASK_FAILED);
    expect((replaceError as { details: { error: { code: string } } }).details.error.code).toBe('index_primary_key_already_exists');
    const settingsError = await wrong.ensureSettings().catch((e: unknown) => e);
    expect((settingsError as { code?: string }).code).toBe(ErrorCode.CONFLICT);
  });

  it('counting or searching on an index that does not exist is MEILI_NOT_FOUND', async () => {
    const missing = createSegmentIndex({ client: meili.client, indexUid: uniqueIndexUid('missing') });
    const error = await missing.countEntrySegments('e').catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe(ErrorCode.MEILI_NOT_FOUND);
    const searchError = await missing.search({ q: 'x' }, 'u').catch((e: unknown) => e);
    expect(searchError).toMatchObject({ code: ErrorCode.MEILI_NOT_FOUND, details: { meiliCode: 'index_not_found' } });
  });
});
