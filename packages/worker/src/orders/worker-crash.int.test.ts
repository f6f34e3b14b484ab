import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOcrPool, type OcrPool } from '@onscreen/indexer';
import type { MeiliClient } from '@onscreen/indexer';
import { createMeiliClient } from '@onscreen/indexer';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { createSegmentIndex, type SegmentIndex } from '@onscreen/indexer';
import { createOrderWorker } from './order-worker.js';
import { createOrderFixture, spawnWorkerProcess, waitUntil, type WorkerProcess } from './testing/worker-fixture.js';
import type { OrderWorkerEvent } from './worker-options.js';

const LEASE_MS = 2_000;
const REAP_EVERY_MS = 500;

let dir: string;
let storeFile: string;
let store: OnscreenStore;
let meili: MeiliClient;
let pool: OcrPool;
let video: string;
let fx: Awaited<ReturnType<typeof createOrderFixture>>;
const indexUids: string[] = [];
const children: WorkerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-worker-crash-'));
  storeFile = join(dir, 'onscreen.sqlite');
  store = await openSqliteStore({ file: storeFile });
  fx = await createOrderFixture(store);
  meili = createMeiliClient(testMeiliConnection());
  pool = await createOcrPool({ languages: 'eng', size: 1 });
  video = join(dir, 'slides.mp4');
  await makeVideo(slideDeck({ durationS: 8, seed: 21 }), video);
});
afterAll(async () => {
  for (const child of children) child.child.kill('SIGKILL');
  await pool?.close();
  for (const uid of indexUids)
    await meili.client
      .deleteIndex(uid)
      .waitTask()
      .catch(() => {});
  await meili?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function freshIndex(prefix: string): Promise<SegmentIndex> {
  const uid = uniqueIndexUid(prefix);
  indexUids.push(uid);
  const index = createSegmentIndex({ client: meili.client, indexUid: uid });
  await index.ensureSettings();
  return index;
}

function spawnWorker(index: SegmentIndex): WorkerProcess {
  const child = spawnWorkerProcess({
    ONSCREEN_WORKER_STORE_URL: storeFile,
    ONSCREEN_WORKER_MEILI_URL: inject('meiliUrl'),
    ONSCREEN_WORKER_MEILI_KEY: inject('meiliMasterKey'),
    ONSCREEN_WORKER_INDEX_UID: index.indexUid,
    ONSCREEN_WORKER_OPTIONS: JSON.stringify({ leaseMs: LEASE_MS, concurrency: 1, pollMs: 50, progressEveryMs: 200, reapEveryMs: 60_000 }),
  });
  children.push(child);
  return child;
}

const progressed = (child: WorkerProcess, orderId: string) =>
  child.events.some((e) => e.type === 'progress' && e.orderId === orderId && e.step === 'decoding');

async function documentsOf(index: SegmentIndex, entryId: string): Promise<Array<{ id: string; orderId: string }>> {
  const page = await meili.client
    .index(index.indexUid)
    .getDocuments<{ id: string; orderId: string }>({ filter: `entryId = "${entryId}"`, limit: 1_000 });
  return page.results;
}

describe('workers that die or stall', () => {
  it('kill -9 mid-order: a new worker takes it over once the lease expires; ready exactly once, segments once', async () => {
    const index = await freshIndex('worker_kill');
    const order = await fx.order(video, 'killed mid-order');
    const a = spawnWorker(index);
    await waitUntil('worker A to report decoding progress', () => progressed(a, order.id), 60_000);
    expect(await fx.get(order.id)).toMatchObject({ status: 'processing', attempt: 1 });
    a.child.kill('SIGKILL');
    const killedAtMs = Date.now();
    expect(await a.exited).toBe('SIGKILL');

    const events: Array<OrderWorkerEvent & { atMs: number }> = [];
    const b = createOrderWorker({
      store,
      index,
      pool,
      leaseMs: LEASE_MS,
      reapEveryMs: REAP_EVERY_MS,
      backoffMs: 0,
      pollMs: 50,
      onEvent: (e) => events.push({ ...e, atMs: Date.now() }),
    });
    b.start();
    await waitUntil('the order to be ready', async () => (await fx.get(order.id)).status === 'ready', 60_000);
    await b.close();

    const claimedAgain = events.find((e) => e.type === 'claimed' && e.orderId === order.id);
    const orphanedMs = (claimedAgain?.atMs ?? Number.POSITIVE_INFINITY) - killedAtMs;
    console.info(`[worker] order orphaned by kill -9 for ${orphanedMs} ms (lease ${LEASE_MS} ms, reaper every ${REAP_EVERY_MS} ms)`);
    expect(orphanedMs).toBeLessThanOrEqual(LEASE_MS + REAP_EVERY_MS + 500);
    const done = await fx.get(order.id);
    expect(done).toMatchObject({ status: 'ready', attempt: 2 });
    expect(events.filter((e) => e.type === 'ready')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
    const docs = await documentsOf(index, order.entryId);
    expect(docs.length).toBe(done.segmentCount);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    expect(await index.countEntrySegments(order.entryId)).toBe(done.segmentCount);
    expect((await store.countOrdersByStatus()).processing).toBe(0);
  });

  it('a stale worker (paused past its lease, order re-claimed) writes nothing; the second worker’s result stands', async () => {
    const index = await freshIndex('worker_stale');
    const order = await fx.order(video, 'stale worker');
    const a = spawnWorker(index);
    await waitUntil('worker A to report decoding progress', () => progressed(a, order.id), 60_000);
    a.child.kill('SIGSTOP');

    const events: OrderWorkerEvent[] = [];
    const b = createOrderWorker({
      store,
      index,
      pool,
      leaseMs: 20_000,
      reapEveryMs: 200,
      backoffMs: 0,
      pollMs: 50,
      onEvent: (e) => events.push(e),
    });
    b.start();
    await waitUntil('worker B to finish the order', async () => (await fx.get(order.id)).status === 'ready', 60_000);
    await b.close();
    const afterB = await fx.get(order.id);

    a.child.kill('SIGCONT');
    const lost = await waitUntil(
      'worker A to notice its lease is gone',
      () => a.events.find((e) => e.type === 'lease-lost' && e.orderId === order.id),
      20_000,
    );
    expect(lost).toMatchObject({ type: 'lease-lost' });
    // let A run on a little: it must not write progress, segments, ready or error
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);

    expect(a.events.filter((e) => e.type === 'ready' || e.type === 'error' || e.type === 'released')).toEqual([]);
    expect(await fx.get(order.id)).toEqual(afterB);
    expect(afterB).toMatchObject({ status: 'ready', attempt: 2 });
    expect(events.filter((e) => e.type === 'ready')).toHaveLength(1);
    // Meilisearch saw exactly one generation of writes: B's
    const tasks = await meili.client.tasks.getTasks({ indexUids: [index.indexUid], types: ['documentAdditionOrUpdate'] });
    expect(tasks.results).toHaveLength(1);
    const docs = await documentsOf(index, order.entryId);
    expect(docs.length).toBe(afterB.segmentCount);
    expect(new Set(docs.map((d) => d.orderId))).toEqual(new Set([order.id]));
  });
});
