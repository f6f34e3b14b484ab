/**
 * Fault 1b: Meilisearch SIGKILLed and restarted (same data dir, port and key) 10 times while
 * `onscreen serve` (a child process, MEILI_URL pointing at it) indexes orders and answers searches.
 * Invariants: every order ends ready with Meilisearch holding segmentCount documents (retries
 * complete it); GET /v1/search answers 200 while Meilisearch is up and 503 problem+json with code
 * MEILI_UNAVAILABLE while it is down — never a 500 or another code.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createChecks, envInt, sleep, waitFor } from '../lib/harness.js';
import { startRestartableMeili } from '../lib/meili.js';
import { startServeProcess } from '../lib/serve.js';
import { cachedSlideDeck } from '../lib/videos.js';

const RESTARTS = envInt('SOAK_MEILI_RESTARTS', 10);
const ORDERS = envInt('SOAK_ORDERS', 16);
const DOWN_MS = 1_500;
const UP_MS = 3_000;

const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-meili-'));
const meili = await startRestartableMeili(join(dir, 'meili'));
const token = randomBytes(18).toString('base64url');
const checks = createChecks('meili-kills');
const serve = await startServeProcess({
  dataDir: join(dir, 'data'),
  meili,
  indexUid: 'soak_meili',
  demoToken: token,
  workerConcurrency: 2,
});
const store = await openSqliteStore({ file: join(dir, 'data', 'onscreen.sqlite') });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const index = createSegmentIndex({ client: client.client, indexUid: 'soak_meili' });

let phase: 'up' | 'down' | 'restarting' = 'up';
const answers = {
  upOk: 0,
  upOther: [] as string[],
  downUnavailable: 0,
  downOther: [] as string[],
  transitional: 0,
  serverErrors: [] as string[],
};
let probing = true;
async function probe(): Promise<void> {
  while (probing) {
    const phaseAtStart = phase;
    const res = await fetch(`${serve.url}/v1/search?q=slide`, { headers: { authorization: `Bearer ${token}` } }).catch(
      (error: Error) => error,
    );
    if (res instanceof Error) answers.serverErrors.push(`fetch: ${res.message}`);
    else {
      const body = await res.text();
      const code = res.headers.get('content-type')?.includes('problem+json') ? (JSON.parse(body) as { code?: string }).code : undefined;
      const line = `${res.status} ${code ?? ''}`.trim();
      if (res.status >= 500 && !(res.status === 503 && code === 'MEILI_UNAVAILABLE')) answers.serverErrors.push(line);
      if (phaseAtStart !== phase || phase === 'restarting') answers.transitional += 1;
      else if (phase === 'up') {
        if (res.status === 200) answers.upOk += 1;
        else answers.upOther.push(line);
      } else if (res.status === 503 && code === 'MEILI_UNAVAILABLE') answers.downUnavailable += 1;
      else answers.downOther.push(line);
    }
    // 150 ms apart: under the service's 600 requests per minute per token.
    await sleep(150);
  }
}

try {
  const videos = [await cachedSlideDeck(3, 1, 12), await cachedSlideDeck(4, 2, 13)];
  const { user } = await store.createUser({ accountId: 'demo', name: 'soak' });
  const orders: Order[] = [];
  for (let i = 0; i < ORDERS; i += 1) {
    const entry = await store.createEntry({
      ownerId: user.id,
      title: `meili soak ${i}`,
      filePath: videos[i % 2] as string,
      visibility: 'published',
      categoryIds: [],
    });
    const { orders: created } = await store.createOrders({ accountId: 'demo', requesterId: user.id, request: { entryIds: [entry.id] } });
    orders.push(created[0] as Order);
  }
  const prober = probe();
  const restartMs: number[] = [];
  const startedMs = Date.now();
  for (let i = 0; i < RESTARTS; i += 1) {
    await sleep(UP_MS);
    phase = 'restarting';
    await meili.kill();
    phase = 'down';
    await sleep(DOWN_MS);
    phase = 'restarting';
    restartMs.push(await meili.restart());
    phase = 'up';
  }
  const counts = () => store.countOrdersByStatus();
  await waitFor(
    'every order to be final',
    async () => {
      const c = await counts();
      return c.pending + c.processing === 0;
    },
    6 * 60_000,
    250,
  ).catch((error: Error) => console.error(error.message));
  await sleep(1_000);
  probing = false;
  await prober;

  const finals = await Promise.all(orders.map((o) => store.getOrder(o.id, user.id)));
  const byStatus: Record<string, number> = {};
  for (const o of finals) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  const mismatches: string[] = [];
  for (const o of finals.filter((f) => f.status === 'ready')) {
    const n = await index.countEntrySegments(o.entryId);
    if (n !== o.segmentCount) mismatches.push(`${o.id}: ${n} vs ${o.segmentCount}`);
  }
  const retried = finals.filter((o) => o.attempt > 1).length;
  checks.check(
    finals.every((o) => o.status === 'ready'),
    `every order ready after retries (${JSON.stringify(byStatus)})`,
  );
  checks.check(
    mismatches.length === 0,
    `Meilisearch count = segmentCount for every ready order${mismatches.length ? `: ${mismatches.join('; ')}` : ''}`,
  );
  checks.check(
    answers.serverErrors.length === 0,
    `no 500 (or other 5xx than 503 MEILI_UNAVAILABLE) from /v1/search (${answers.serverErrors.length}: ${[...new Set(answers.serverErrors)].join(', ')})`,
  );
  checks.check(
    answers.downOther.length === 0 && answers.downUnavailable > 0,
    `503 MEILI_UNAVAILABLE while down (${answers.downUnavailable}; other: ${[...new Set(answers.downOther)].join(', ')})`,
  );
  checks.check(answers.upOther.length === 0, `200 while up (${answers.upOk}; other: ${[...new Set(answers.upOther)].join(', ')})`);
  const ok = await checks.finish({
    restarts: RESTARTS,
    downMs: DOWN_MS,
    upMs: UP_MS,
    restartMs: { min: Math.min(...restartMs), max: Math.max(...restartMs) },
    orders: ORDERS,
    finalStatus: byStatus,
    ordersRetried: retried,
    maxAttempt: Math.max(...finals.map((o) => o.attempt)),
    errors: finals.filter((o) => o.status === 'error').map((o) => `${o.errorCode}: ${o.errorDetails}`),
    searches: {
      upOk: answers.upOk,
      downUnavailable: answers.downUnavailable,
      duringTransition: answers.transitional,
      upOther: answers.upOther.length,
      downOther: answers.downOther.length,
      serverErrors: answers.serverErrors.length,
    },
    wallS: Math.round((Date.now() - startedMs) / 1000),
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  probing = false;
  serve.child.kill('SIGTERM');
  await Promise.race([serve.exited, sleep(15_000)]);
  serve.child.kill('SIGKILL');
  await store.close();
  await client.close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
