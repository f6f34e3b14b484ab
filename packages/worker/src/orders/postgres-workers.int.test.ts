import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type OnscreenStore, openPostgresStore } from '@onscreen/store';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MeiliClient } from '@onscreen/indexer';
import { createMeiliClient } from '@onscreen/indexer';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { createSegmentIndex, type SegmentIndex } from '@onscreen/indexer';
import { createOrderFixture, spawnWorkerProcess } from './testing/worker-fixture.js';

const url = process.env.ONSCREEN_TEST_PG_URL;
const ORDERS = 50;

if (url === undefined || url === '') {
  console.info('[worker] Postgres worker test skipped: set ONSCREEN_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test).');
  describe.skip('two worker processes on Postgres (ONSCREEN_TEST_PG_URL is unset)', () => {});
} else {
  const pgUrl = url;
  const schema = `onscreen_worker_${randomBytes(4).toString('hex')}`;
  let dir: string;
  let store: OnscreenStore;
  let meili: MeiliClient;
  let index: SegmentIndex;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onscreen-worker-pg-'));
    store = await openPostgresStore({ connectionString: pgUrl, schema });
    meili = createMeiliClient(testMeiliConnection());
    index = createSegmentIndex({ client: meili.client, indexUid: uniqueIndexUid('worker_pg') });
    await index.ensureSettings();
  });
  afterAll(async () => {
    await store?.close();
    await meili.client
      .deleteIndex(index.indexUid)
      .waitTask()
      .catch(() => {});
    await meili?.close();
    await rm(dir, { recursive: true, force: true });
    // the store has no "drop schema"; psql does it when installed, else the schema is left behind
    await promisify(execFile)('psql', [pgUrl, '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]).catch((error: Error) =>
      console.warn(`[worker] could not drop schema ${schema}: ${error.message}`),
    );
  });

  describe('two worker processes on one Postgres', () => {
    it(`drain ${ORDERS} orders: each claimed exactly once, all ready, counts match Meilisearch`, async () => {
      const video = join(dir, 'tiny.mp4');
      await makeVideo(slideDeck({ durationS: 2, slideS: 2, seed: 5 }), video);
      const fx = await createOrderFixture(store);
      const orders = [];
      for (let i = 0; i < ORDERS; i += 1) orders.push(await fx.order(video, `shared video ${i}`));
      const startedMs = Date.now();
      const workers = ['pg-a', 'pg-b'].map((id) =>
        spawnWorkerProcess({
          ONSCREEN_WORKER_ID: id,
          ONSCREEN_WORKER_MODE: 'drain',
          ONSCREEN_WORKER_STORE_URL: `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`,
          ONSCREEN_WORKER_MEILI_URL: inject('meiliUrl'),
          ONSCREEN_WORKER_MEILI_KEY: inject('meiliMasterKey'),
          ONSCREEN_WORKER_INDEX_UID: index.indexUid,
          ONSCREEN_WORKER_OPTIONS: JSON.stringify({ concurrency: 2, leaseMs: 30_000, pollMs: 50 }),
        }),
      );
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
      const elapsedMs = Date.now() - startedMs;

      const claims = new Map<string, number>();
      for (const w of workers) for (const e of w.events) if (e.type === 'claimed') claims.set(e.orderId, (claims.get(e.orderId) ?? 0) + 1);
      const perWorker = workers.map((w) => w.events.filter((e) => e.type === 'ready').length);
      console.info(`[worker] ${ORDERS} orders drained by 2 processes in ${elapsedMs} ms; ready per worker ${perWorker.join(' + ')}`);
      expect(claims.size).toBe(ORDERS);
      expect([...claims.values()].every((n) => n === 1)).toBe(true);
      expect(perWorker.every((n) => n > 0)).toBe(true);
      expect(perWorker.reduce((a, b) => a + b, 0)).toBe(ORDERS);
      const counts = await store.countOrdersByStatus();
      expect(counts).toMatchObject({ ready: ORDERS, processing: 0, pending: 0, error: 0 });
      for (const order of orders.slice(0, 5)) {
        const done = await fx.get(order.id);
        expect(done.attempt).toBe(1);
        expect(await index.countEntrySegments(order.entryId)).toBe(done.segmentCount);
      }
    });
  });
}
