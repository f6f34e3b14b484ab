import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, SearchRequestSchema } from '@onscreen/core';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import { type GroundTruth, makeBadMedia, makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrPool, type OcrPool } from '@onscreen/indexer';
import type { MeiliClient } from '@onscreen/indexer';
import { createMeiliClient } from '@onscreen/indexer';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { createSegmentIndex, type SegmentIndex } from '@onscreen/indexer';
import { createOrderWorker, type OrderWorker } from './order-worker.js';
import { createOrderFixture, waitUntil } from './testing/worker-fixture.js';
import type { OrderWorkerEvent, OrderWorkerOptions } from './worker-options.js';

let dir: string;
let store: OnscreenStore;
let meili: MeiliClient;
let index: SegmentIndex;
let pool: OcrPool;
let video: string;
let truth: GroundTruth;
let fx: Awaited<ReturnType<typeof createOrderFixture>>;
const indexUid = uniqueIndexUid('worker_orders');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-worker-'));
  store = await openSqliteStore({ file: join(dir, 'onscreen.sqlite') });
  fx = await createOrderFixture(store);
  meili = createMeiliClient(testMeiliConnection());
  index = createSegmentIndex({ client: meili.client, indexUid });
  await index.ensureSettings();
  pool = await createOcrPool({ languages: 'eng', size: 2 });
  video = join(dir, 'slides.mp4');
  truth = await makeVideo(slideDeck({ durationS: 6, seed: 11 }), video);
});
afterAll(async () => {
  await pool?.close();
  await meili.client
    .deleteIndex(indexUid)
    .waitTask()
    .catch(() => {});
  await meili?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function worker(events: OrderWorkerEvent[], options: Partial<OrderWorkerOptions> = {}): OrderWorker {
  return createOrderWorker({
    store,
    index,
    pool,
    leaseMs: 10_000,
    pollMs: 50,
    progressEveryMs: 200,
    onEvent: (e) => events.push(e),
    ...options,
  });
}

describe('createOrderWorker on SQLite', () => {
  it('takes an order to ready: progress reported, segments searchable, segmentCount = Meilisearch count', async () => {
    const order = await fx.order(video);
    const events: OrderWorkerEvent[] = [];
    await using w = worker(events);
    expect(await w.runOnce()).toBe(true);
    const done = await fx.get(order.id);
    expect(done).toMatchObject({ status: 'ready', attempt: 1, errorCode: null, progress: { step: 'done', percent: 100 } });
    expect(done.segmentCount).toBeGreaterThanOrEqual(truth.lines.length - 1);
    expect(await index.countEntrySegments(order.entryId)).toBe(done.segmentCount);
    const steps = events.flatMap((e) => (e.type === 'progress' ? [e.step] : []));
    expect(steps).toContain('probing');
    expect(steps).toContain('decoding');
    expect(steps.at(-1)).toBe('indexing');
    const word = (truth.lines[0]?.text ?? '').split(' ').find((w) => w.length >= 6) ?? '';
    const found = await index.search(SearchRequestSchema.parse({ q: word, entryId: order.entryId }), fx.user.id);
    expect(found.entries.map((e) => e.entryId)).toEqual([order.entryId]);
    expect(found.entries[0]?.moments[0]?.text.toLowerCase()).toContain(word.toLowerCase());
    expect(events.map((e) => e.type)).toContain('ready');
    expect(w.stats).toMatchObject({ claimed: 1, ready: 1, failed: 0, released: 0 });
    expect(await w.runOnce()).toBe(false);
  });

  it.each(['truncated', 'text-renamed'] as const)(
    'bad media (%s) ends in error with its code at attempt 1, never retried',
    async (kind) => {
      const file = join(dir, `bad-${kind}.mp4`);
      await makeBadMedia(kind, file);
      const order = await fx.order(file, `bad ${kind}`);
      const events: OrderWorkerEvent[] = [];
      await using w = worker(events, { backoffMs: 0 });
      await w.drain();
      const failed = await fx.get(order.id);
      expect(failed).toMatchObject({
        status: 'error',
        attempt: 1,
        errorCode: kind === 'truncated' ? ErrorCode.CORRUPT_MEDIA : ErrorCode.NOT_MEDIA,
      });
      expect(failed.errorDetails?.length).toBeGreaterThan(20);
      expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
      expect(await w.runOnce()).toBe(false);
      expect(await index.countEntrySegments(order.entryId)).toBe(0);
    },
  );

  it('an entry deleted before the claim ends in error NOT_FOUND', async () => {
    const order = await fx.order(video, 'soon deleted');
    await using w = worker([]);
    // deleteEntry cancels pending orders, so delete it under the worker: between claim and read
    const claimStore: OnscreenStore = { ...store, getEntry: async () => null };
    await using w2 = createOrderWorker({ store: claimStore, index, pool, leaseMs: 10_000 });
    expect(await w2.runOnce()).toBe(true);
    expect(await fx.get(order.id)).toMatchObject({ status: 'error', errorCode: ErrorCode.NOT_FOUND, attempt: 1 });
    expect(await w.runOnce()).toBe(false);
  });

  it('close() with an order in flight releases it to pending (attempt not counted), never left in processing', async () => {
    const order = await fx.order(video, 'closing');
    const events: OrderWorkerEvent[] = [];
    const w = worker(events);
    w.start();
    await waitUntil('decoding progress', () => events.some((e) => e.type === 'progress' && e.step === 'decoding'), 30_000);
    const closeStartedMs = Date.now();
    await Promise.all([w.close(), w.close()]);
    const closeMs = Date.now() - closeStartedMs;
    const after = await fx.get(order.id);
    console.info(`[worker] close() with an order in flight took ${closeMs} ms; the order is ${after.status}`);
    expect(['pending', 'ready']).toContain(after.status);
    if (after.status === 'pending') {
      expect(after.attempt).toBe(0);
      expect(w.stats.released).toBe(1);
      expect(events.map((e) => e.type)).toContain('released');
    }
    expect(closeMs).toBeLessThan(5_000);
    expect(await w.runOnce()).toBe(false);
    // and a fresh worker finishes it
    const nextEvents: OrderWorkerEvent[] = [];
    await using next = worker(nextEvents);
    await next.drain();
    expect(await fx.get(order.id)).toMatchObject({ status: 'ready', attempt: 1 });
    expect(nextEvents.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('rejects bad options with precise messages', () => {
    expect(() => worker([], { leaseMs: 1000, heartbeatMs: 1000 })).toThrow(/heartbeatMs \(1000\) must be shorter than leaseMs \(1000\)/);
    expect(() => worker([], { concurrency: 0 })).toThrow(/concurrency must be an integer from 1 to 64 \(got 0\)/);
    expect(() => worker([], { pollMs: 1.5 })).toThrow(/pollMs/);
    expect(() => createOrderWorker({ store, index: {} as SegmentIndex })).toThrow(/index must be a SegmentIndex/);
  });
});
