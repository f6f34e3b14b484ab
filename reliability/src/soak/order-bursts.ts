/**
 * Load 2b: 500 orders created in bursts by 20 clients (own tokens) through POST /v1/orders of
 * `onscreen serve` while its worker and two worker processes run; tiny entries share one video.
 * Each request carries an Idempotency-Key and every fifth one is sent twice at once; every client
 * also re-orders an entry whose order is still active (must be refused as a duplicate).
 * Invariants: exactly one order per entry (none lost, none duplicated; a retried key answers the
 * same order id); every order ends ready or error; Meilisearch holds segmentCount documents for
 * every ready order.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { spawnWorkerProcess, type WorkerProcess } from '@onscreen/worker/testing';
import { createChecks, envInt, round1, sleep, waitFor } from '../lib/harness.js';
import { startRestartableMeili } from '../lib/meili.js';
import { startServeProcess } from '../lib/serve.js';
import { cachedSlideDeck } from '../lib/videos.js';

const ORDERS = envInt('LOAD_ORDERS', 500);
const CLIENTS = 20;
const BURST = 5;
const INDEX_UID = 'load_orders';

const checks = createChecks('order-bursts');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-load-orders-'));
const dataDir = join(dir, 'data');
const dbFile = join(dataDir, 'onscreen.sqlite');
const meili = await startRestartableMeili(join(dir, 'meili'));
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const index = createSegmentIndex({ client: client.client, indexUid: INDEX_UID });
const workers: WorkerProcess[] = [];
let serve: Awaited<ReturnType<typeof startServeProcess>> | undefined;

try {
  await mkdir(dataDir, { recursive: true });
  await index.ensureSettings();
  const store = await openSqliteStore({ file: dbFile });
  const account = await store.createAccount({ name: 'bursts', reach: { enabled: true } });
  const video = await cachedSlideDeck(1, 1, 11);
  const clients: Array<{ token: string; userId: string; entryIds: string[] }> = [];
  for (let c = 0; c < CLIENTS; c += 1) {
    const { user, token } = await store.createUser({ accountId: account.id, name: `burst client ${c}` });
    clients.push({ token, userId: user.id, entryIds: [] });
  }
  for (let i = 0; i < ORDERS; i += 1) {
    const owner = clients[i % CLIENTS] as (typeof clients)[number];
    const entry = await store.createEntry({
      ownerId: owner.userId,
      title: `burst ${i}`,
      filePath: video,
      visibility: 'published',
      categoryIds: [],
    });
    owner.entryIds.push(entry.id);
  }
  serve = await startServeProcess({
    dataDir,
    meili,
    indexUid: INDEX_UID,
    workerConcurrency: 1,
  });
  for (let w = 0; w < 2; w += 1) {
    workers.push(
      spawnWorkerProcess({
        ONSCREEN_WORKER_STORE_URL: dbFile,
        ONSCREEN_WORKER_MEILI_URL: meili.url,
        ONSCREEN_WORKER_MEILI_KEY: meili.masterKey,
        ONSCREEN_WORKER_INDEX_UID: INDEX_UID,
        ONSCREEN_WORKER_OPTIONS: JSON.stringify({ concurrency: 1, pollMs: 100, leaseMs: 10_000 }),
      }),
    );
  }
  const url = serve.url;
  const answered = new Map<string, string>(); // entryId → order id
  const conflicts: string[] = [];
  const failures: Record<string, number> = {};
  let duplicateRefused = 0;
  let requests = 0;
  const order = async (token: string, entryId: string, key: string | null): Promise<{ status: number; id?: string; code?: string }> => {
    requests += 1;
    const res = await fetch(`${url}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key === null ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify({
        entryIds: [entryId],
        service: 'machine',
        feature: 'ocr',
        sourceLanguage: 'en',
        turnaroundTime: 'best_effort',
      }),
    });
    const body = (await res.json()) as { orders?: Array<{ id: string }>; code?: string };
    return { status: res.status, id: body.orders?.[0]?.id, code: body.code };
  };
  const startedMs = Date.now();
  await Promise.all(
    clients.map(async (c, n) => {
      for (let from = 0; from < c.entryIds.length; from += BURST) {
        const burst = c.entryIds.slice(from, from + BURST);
        await Promise.all(
          burst.map(async (entryId, i) => {
            const key = `burst-${n}-${entryId}`;
            const sends =
              (from / BURST + i) % 5 === 0 ? [order(c.token, entryId, key), order(c.token, entryId, key)] : [order(c.token, entryId, key)];
            for (const r of await Promise.all(sends)) {
              if (r.status === 201 && r.id !== undefined) {
                const known = answered.get(entryId);
                if (known !== undefined && known !== r.id) conflicts.push(`${entryId}: ${known} and ${r.id}`);
                answered.set(entryId, r.id);
              } else failures[`${r.status} ${r.code ?? ''}`] = (failures[`${r.status} ${r.code ?? ''}`] ?? 0) + 1;
            }
          }),
        );
        await sleep(50 + ((n * 37) % 100));
      }
      // the last entry was just ordered and the queue is long: its order is still active
      const again = await order(c.token, c.entryIds.at(-1) as string, null);
      if (again.status === 409) duplicateRefused += 1;
    }),
  );
  const creationS = (Date.now() - startedMs) / 1000;
  await waitFor(
    'every order to be final',
    async () => {
      const counts = await store.countOrdersByStatus();
      return counts.pending + counts.processing === 0;
    },
    envInt('LOAD_ORDERS_DEADLINE_S', 900) * 1000,
    1_000,
  ).catch((error: Error) => console.error(error.message));
  const drainS = (Date.now() - startedMs) / 1000;

  const perEntry: number[] = [];
  const byStatus: Record<string, number> = {};
  const mismatches: string[] = [];
  for (const c of clients) {
    for (const entryId of c.entryIds) {
      const orders = await store.listEntryOrders(entryId, c.userId);
      perEntry.push(orders.length);
      for (const o of orders) {
        byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
        if (o.status === 'ready') {
          const n = await index.countEntrySegments(entryId);
          if (n !== o.segmentCount) mismatches.push(`${o.id}: ${n} vs ${o.segmentCount}`);
        }
      }
    }
  }
  await store.close();
  checks.check(
    answered.size === ORDERS && perEntry.every((n) => n === 1),
    `one order per entry: ${answered.size} answered, ${perEntry.filter((n) => n === 1).length}/${ORDERS} entries with exactly one`,
  );
  checks.check(conflicts.length === 0, `a retried Idempotency-Key answers the same order (${conflicts.length} conflicts)`);
  checks.check(
    duplicateRefused === CLIENTS,
    `re-ordering an entry with an active order is refused (${duplicateRefused}/${CLIENTS} got 409)`,
  );
  checks.check((byStatus.ready ?? 0) + (byStatus.error ?? 0) === ORDERS, `every order ready or error (${JSON.stringify(byStatus)})`);
  checks.check(
    mismatches.length === 0,
    `Meilisearch count = segmentCount for ready orders${mismatches.length ? `: ${mismatches.slice(0, 5).join('; ')}` : ''}`,
  );
  const ok = await checks.finish({
    orders: ORDERS,
    clients: CLIENTS,
    burst: BURST,
    requests,
    failedRequests: failures,
    creationS: round1(creationS),
    ordersPerS: round1(ORDERS / creationS),
    allFinalAfterS: round1(drainS),
    finalStatus: byStatus,
    workers: 'serve (concurrency 1) + 2 worker processes (concurrency 1)',
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const w of workers) w.child.kill('SIGTERM');
  if (serve !== undefined) {
    serve.child.kill('SIGTERM');
    await Promise.race([serve.exited, sleep(15_000)]);
    serve.child.kill('SIGKILL');
  }
  await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(10_000)])));
  for (const w of workers) w.child.kill('SIGKILL');
  await client.close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
