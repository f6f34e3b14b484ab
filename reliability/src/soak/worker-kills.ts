/**
 * Fault 1a: kill -9 of worker processes at each pipeline stage over a batch of orders.
 *
 * Child workers (packages/worker/src/orders/testing/worker-process.ts) share one store — a SQLite
 * file, or with `SOAK_PG_URL=postgres://…` a fresh schema in that Postgres database (results then go
 * to worker-kills-postgres.json) — and one embedded Meilisearch; a spare is always started before the victim is killed, so a live worker's
 * reaper (every 500 ms) returns the victim's order once its 2 s lease expires.
 * Invariants: every order ends ready, error (with details) or aborted; no order stays processing
 * longer than lease + reaper interval (+ slack) after its worker died; Meilisearch holds exactly
 * segmentCount documents for each ready order, none for aborted ones; no duplicate document ids.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order, OrderStep } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openStore } from '@onscreen/store';
import pg from 'pg';
import { createOrderFixture, spawnWorkerProcess, type WorkerProcess } from '@onscreen/worker/testing';
import { createChecks, envInt, sleep, waitFor } from '../lib/harness.js';
import { startRestartableMeili } from '../lib/meili.js';
import { cachedSlideDeck } from '../lib/videos.js';

const LEASE_MS = 2_000;
const REAP_EVERY_MS = 500;
const KILLS = envInt('SOAK_KILLS', 52);
const ORDERS = envInt('SOAK_ORDERS', 130);
const ABORTED = 3;
const DEADLINE_MS = envInt('SOAK_DEADLINE_MS', 20 * 60_000);
/**
 * Where a kill lands, told from the child's progress events. Decoding and OCR are interleaved
 * (frames are OCRed while ffmpeg decodes), so the worker reports no separate `ocr` step: `ocr-drain`
 * is the moment decoding reached 100 % while the OCR queue still runs.
 */
const TARGETS = ['probing', 'decoding', 'ocr-drain', 'indexing', 'before-ready'] as const;
type Target = (typeof TARGETS)[number];
const matches = (target: Target, step: OrderStep, percent: number): boolean =>
  target === 'probing'
    ? step === 'probing'
    : target === 'decoding'
      ? step === 'decoding' && percent < 100
      : target === 'ocr-drain'
        ? step === 'decoding' && percent === 100
        : step === 'indexing';

const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-kills-'));
const meili = await startRestartableMeili(join(dir, 'meili'));
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const index = createSegmentIndex({ client: client.client, indexUid: 'soak_kills' });
await index.ensureSettings();
const pgUrl = process.env.SOAK_PG_URL;
const pgSchema = `soak_kills_${Date.now().toString(36)}`;
const storeUrl = pgUrl === undefined ? join(dir, 'onscreen.sqlite') : `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${pgSchema}`;
const store = await openStore(storeUrl);
const fx = await createOrderFixture(store);
const checks = createChecks(pgUrl === undefined ? 'worker-kills' : 'worker-kills-postgres');
const children: WorkerProcess[] = [];

function spawnWorker(n: number): WorkerProcess {
  const child = spawnWorkerProcess({
    ONSCREEN_WORKER_STORE_URL: storeUrl,
    ONSCREEN_WORKER_MEILI_URL: meili.url,
    ONSCREEN_WORKER_MEILI_KEY: meili.masterKey,
    ONSCREEN_WORKER_INDEX_UID: index.indexUid,
    ONSCREEN_WORKER_ID: `soak-${n}`,
    ONSCREEN_WORKER_OPTIONS: JSON.stringify({
      leaseMs: LEASE_MS,
      reapEveryMs: REAP_EVERY_MS,
      concurrency: 1,
      pollMs: 50,
      progressEveryMs: 0,
      backoffMs: 200,
      maxAttempts: 3,
    }),
  });
  children.push(child);
  return child;
}
const started = (w: WorkerProcess) => w.events.some((e) => e.type === 'started');

try {
  const videos = [await cachedSlideDeck(2, 1, 11), await cachedSlideDeck(3, 1, 12), await cachedSlideDeck(4, 2, 13)];
  const orders: Order[] = [];
  for (let i = 0; i < ORDERS; i += 1) orders.push(await fx.order(videos[i % videos.length] as string, `kill soak ${i}`));
  const aborted = orders.slice(0, ABORTED);
  for (const order of aborted) await store.cancelOrder(order.id, fx.user.id);

  const kills: Array<{ target: Target; orderId: string; atMs: number; statusAfter: string; attempt: number }> = [];
  const startedMs = Date.now();
  // Watches every killed order until it leaves `processing` or is re-claimed: its orphan time.
  const orphanMs = new Map<(typeof kills)[number], number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const kill of kills) {
        if (kill.statusAfter !== 'processing' || orphanMs.has(kill)) continue;
        const order = await fx.get(kill.orderId);
        if (order.status !== 'processing' || order.attempt > kill.attempt) orphanMs.set(kill, Date.now() - kill.atMs);
      }
      await sleep(20);
    }
  })();
  let spawned = 0;
  let victim = spawnWorker(spawned++);
  let spare = spawnWorker(spawned++);
  const openOrders = async () => {
    const counts = await store.countOrdersByStatus();
    return counts.pending + counts.processing;
  };
  while (kills.length < KILLS && Date.now() - startedMs < DEADLINE_MS && (await openOrders()) > 0) {
    const target = TARGETS[kills.length % TARGETS.length] as Target;
    // The spare is up before we watch the victim, so the kill follows the event within milliseconds.
    await waitFor('the spare worker to start', () => started(spare), 60_000);
    const seenBefore = victim.events.length;
    const hit = await waitFor(
      `a ${target} event`,
      async () => {
        const event = victim.events.slice(seenBefore).find((e) => e.type === 'progress' && matches(target, e.step, e.percent));
        if (event !== undefined) return event;
        return (await openOrders()) === 0 ? 'drained' : undefined;
      },
      60_000,
      5,
    ).catch(() => 'timeout' as const);
    if (hit === 'drained' || hit === 'timeout') break;
    if (target === 'before-ready') await sleep(10 + Math.floor(Math.random() * 120));
    victim.child.kill('SIGKILL');
    const atMs = Date.now();
    await victim.exited;
    const orderId = (hit as { orderId: string }).orderId;
    const after = await fx.get(orderId);
    kills.push({ target, orderId, atMs, statusAfter: after.status, attempt: after.attempt });
    victim = spare;
    spare = spawnWorker(spawned++);
  }
  await waitFor(
    'every killed order to leave processing or be re-claimed',
    () => kills.every((k) => k.statusAfter !== 'processing' || orphanMs.has(k)),
    60_000,
    50,
  ).catch((error: Error) => console.error(error.message));
  watching = false;
  await watcher;
  await waitFor('every order to be final', async () => (await openOrders()) === 0, 5 * 60_000, 200).catch((error: Error) =>
    console.error(error.message),
  );

  // Final state.
  const finals = await Promise.all(orders.map((o) => fx.get(o.id)));
  const byStatus: Record<string, number> = {};
  for (const o of finals) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  const mismatches: string[] = [];
  let documents = 0;
  for (const order of finals) {
    const count = await index.countEntrySegments(order.entryId);
    documents += count;
    const expected = order.status === 'ready' ? order.segmentCount : order.status === 'aborted' ? 0 : null;
    if (expected !== null && count !== expected)
      mismatches.push(`${order.id} (${order.status}): ${count} in Meilisearch, ${expected} expected`);
  }
  const all = await client.client.index(index.indexUid).getDocuments<{ id: string }>({ fields: ['id'], limit: 100_000 });
  const ids = all.results.map((d) => d.id);
  const killsByTarget: Record<string, number> = {};
  const landed: Record<string, number> = {};
  for (const k of kills) {
    killsByTarget[k.target] = (killsByTarget[k.target] ?? 0) + 1;
    if (k.statusAfter === 'processing') landed[k.target] = (landed[k.target] ?? 0) + 1;
  }
  const worstOrphanMs = Math.max(0, ...orphanMs.values());
  const orphanSorted = [...orphanMs.values()].sort((a, b) => a - b);
  checks.check(kills.length >= Math.min(KILLS, 50), `at least ${Math.min(KILLS, 50)} kills (${kills.length})`);
  checks.check(
    finals.every((o) => o.status === 'ready' || o.status === 'error' || o.status === 'aborted'),
    `every order final (${JSON.stringify(byStatus)})`,
  );
  checks.check(
    finals.filter((o) => o.status === 'error').every((o) => (o.errorDetails ?? '') !== '' && o.errorCode !== null),
    'every error order has a code and details',
  );
  checks.check(
    worstOrphanMs <= LEASE_MS + REAP_EVERY_MS + 750,
    `no order orphaned longer than lease + reaper + 750 ms slack (worst ${worstOrphanMs} ms)`,
  );
  checks.check(
    mismatches.length === 0,
    `Meilisearch count = segmentCount for ready orders, 0 for aborted ones${mismatches.length ? `: ${mismatches.join('; ')}` : ''}`,
  );
  checks.check(new Set(ids).size === ids.length && ids.length === documents, `no duplicate document ids (${ids.length} documents)`);
  const ok = await checks.finish({
    store: pgUrl === undefined ? 'sqlite' : 'postgres',
    orders: ORDERS,
    kills: kills.length,
    killsByTarget,
    killsThatLandedOnAProcessingOrder: landed,
    finalStatus: byStatus,
    errors: finals.filter((o) => o.status === 'error').map((o) => `${o.errorCode}: ${o.errorDetails}`),
    worstOrphanMs,
    medianOrphanMs: orphanSorted[Math.floor(orphanSorted.length / 2)] ?? null,
    leaseMs: LEASE_MS,
    reapEveryMs: REAP_EVERY_MS,
    documents: ids.length,
    workersSpawned: spawned,
    wallS: Math.round((Date.now() - startedMs) / 1000),
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const child of children) child.child.kill('SIGKILL');
  await store.close();
  if (pgUrl !== undefined) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
    await admin.end();
  }
  await client.close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
