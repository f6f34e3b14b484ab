/**
 * Load 2a: 100 000+ segments over 1 000+ entries indexed straight into Meilisearch (documents built
 * in code, no OCR), then 50 concurrent searchers for 60 s through the HTTP API of the service (a
 * child process: lib/service-child.ts, the per-token rate limit lifted), with a mix of queries and
 * users; then the same while the service's worker indexes real orders, after 30 s of the worker alone
 * (its order throughput without searches, which search load must not halve). Targets: p95 ≤ 100 ms and
 * zero errors while idle; the slowdown under indexing is reported as a ratio. Searches use the API's
 * default (the best moment of each entry); 20 s with `moments=10` show what the richer answer costs.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, createSegmentIndex, startEmbeddedMeilisearch, toSegmentDocuments } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createSeededRandom } from '@onscreen/testkit';
import { createChecks, envInt, round1, sleep } from '../lib/harness.js';
import { runSearchLoad } from '../lib/search-load.js';
import { startServeProcess } from '../lib/serve.js';
import { cachedSlideDeck } from '../lib/videos.js';

const ENTRIES = envInt('LOAD_ENTRIES', 1_000);
const SEGMENTS_PER_ENTRY = envInt('LOAD_SEGMENTS_PER_ENTRY', 100);
const SEARCHERS = envInt('LOAD_SEARCHERS', 50);
const DURATION_MS = envInt('LOAD_DURATION_S', 60) * 1_000;
const USERS = 12;
const INDEX_UID = 'load_segments';
const WORDS = (
  'quarterly revenue growth margin forecast budget pipeline customer churn retention roadmap launch ' +
  'hiring onboarding security compliance audit latency throughput backlog sprint velocity release ' +
  'pricing discount renewal partner channel region europe americas asia marketing campaign webinar ' +
  'funnel conversion signup activation invoice payment refund support ticket escalation incident ' +
  'outage postmortem capacity storage network database migration kubernetes cluster deployment ' +
  'dashboard metrics objective result milestone deadline owner status risk mitigation summary agenda'
).split(' ');

const checks = createChecks('load-search');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-load-'));
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const dataDir = join(dir, 'data');
let serve: Awaited<ReturnType<typeof startServeProcess>> | undefined;

try {
  // Users and tokens first (the service opens the same SQLite file afterwards).
  await mkdir(dataDir, { recursive: true });
  const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const accounts = [
    await store.createAccount({ name: 'load A', reach: { enabled: true } }),
    await store.createAccount({ name: 'load B', reach: { enabled: true } }),
  ];
  const users: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < USERS; i += 1) {
    const { user, token } = await store.createUser({ accountId: (accounts[i % 2] as { id: string }).id, name: `load user ${i}` });
    users.push({ id: user.id, token });
  }

  const indexedMs = await indexSyntheticSegments(users.map((u) => u.id));
  const queries = buildQueries();
  serve = await startServeProcess({
    dataDir,
    meili,
    indexUid: INDEX_UID,
    workerConcurrency: 1,
    unlimited: true,
    // The synthetic documents went straight into Meilisearch, with no entries in the store: a reconcile
    // would take them for orphans and delete them mid-run (at start-up it did, in the run of 2026-12-07
    // 21:20 UTC, and the searches while indexing ran on an emptied index). Reconcile is off here.
    env: { ONSCREEN_RECONCILE_MINUTES: '0' },
  });
  // Baseline in the same run: the same searches straight through SegmentIndex.search (the call the
  // API makes), same concurrency, in this process — engine + client cost without HTTP and auth.
  const segmentIndex = createSegmentIndex({ client: client.client, indexUid: INDEX_UID });
  const direct = async (userIndex: number, q: string, page: number) => {
    await segmentIndex.search({ q, page, pageSize: 10 }, (users[userIndex] as { id: string }).id);
    return null;
  };
  const cpuOf = { meili: meili.pid, service: serve.child.pid as number, loadGenerator: process.pid };
  await runSearchLoad({ baseUrl: '', users, queries, searchers: SEARCHERS, durationMs: 3_000, direct });
  const baseline = await runSearchLoad({
    baseUrl: '',
    users,
    queries,
    searchers: SEARCHERS,
    durationMs: Math.min(DURATION_MS, 20_000),
    direct,
    cpuOf,
  });
  console.info('baseline (SegmentIndex.search, no HTTP)', baseline);
  // warm-up: connections, caches
  await runSearchLoad({ baseUrl: serve.url, users, queries, searchers: SEARCHERS, durationMs: 3_000 });
  const idle = await runSearchLoad({ baseUrl: serve.url, users, queries, searchers: SEARCHERS, durationMs: DURATION_MS, cpuOf });
  console.info('idle', idle);
  // The richer answer for comparison: ten moments per entry on every search (a second engine round trip).
  const tenMoments = await runSearchLoad({
    baseUrl: serve.url,
    users,
    queries,
    extraQuery: '&moments=10',
    searchers: SEARCHERS,
    durationMs: Math.min(DURATION_MS, 20_000),
    cpuOf,
  });
  console.info('idle, moments=10', tenMoments);

  // The same while the worker indexes: enough real orders to keep it busy for the whole run.
  const video = await cachedSlideDeck(4, 2, 13);
  const owner = users[0] as { id: string };
  const orderIds: string[] = [];
  for (let i = 0; i < Math.ceil((DURATION_MS + 30_000) / 1_000); i += 1) {
    const entry = await store.createEntry({
      ownerId: owner.id,
      title: `indexing under load ${i}`,
      filePath: video,
      visibility: 'published',
      categoryIds: [],
    });
    const { orders } = await store.createOrders({
      accountId: (accounts[0] as { id: string }).id,
      requesterId: owner.id,
      request: { entryIds: [entry.id] },
    });
    orderIds.push((orders[0] as { id: string }).id);
  }
  // The worker alone first (no searches): its order throughput, which search load must not halve.
  const aloneMs = Math.min(DURATION_MS, 30_000);
  const readyAtStart = (await store.countOrdersByStatus()).ready;
  await sleep(aloneMs);
  const readyAlone = (await store.countOrdersByStatus()).ready - readyAtStart;
  const readyBefore = (await store.countOrdersByStatus()).ready;
  const busy = await runSearchLoad({ baseUrl: serve.url, users, queries, searchers: SEARCHERS, durationMs: DURATION_MS, cpuOf });
  const counts = await store.countOrdersByStatus();
  console.info('indexing', busy, counts);
  const ordersPerMinute = {
    workerAlone: round1((readyAlone * 60_000) / aloneMs),
    underSearchLoad: round1(((counts.ready - readyBefore) * 60_000) / DURATION_MS),
  };
  console.info('orders ready per minute', ordersPerMinute);
  await store.close();

  checks.check(idle.errors === 0, `zero errors while idle (${idle.errors}: ${JSON.stringify(idle.errorKinds)})`);
  checks.check(idle.p95Ms <= 100, `p95 ≤ 100 ms while idle (${idle.p95Ms} ms)`);
  checks.check(busy.errors === 0, `zero errors while indexing (${busy.errors}: ${JSON.stringify(busy.errorKinds)})`);
  checks.check(counts.ready - readyBefore > 0, `the worker indexed during the run (${counts.ready - readyBefore} orders ready)`);
  const ok = await checks.finish({
    documents: ENTRIES * SEGMENTS_PER_ENTRY,
    entries: ENTRIES,
    users: USERS,
    queries: queries.length,
    searchers: SEARCHERS,
    durationS: DURATION_MS / 1_000,
    indexingS: round1(indexedMs / 1_000),
    baselineDirect: baseline,
    idle,
    idleTenMoments: tenMoments,
    whileIndexing: busy,
    tenMomentsOverOne: {
      p50: round1(tenMoments.p50Ms / idle.p50Ms),
      p95: round1(tenMoments.p95Ms / idle.p95Ms),
      throughput: round1(idle.throughputPerS / tenMoments.throughputPerS),
    },
    apiOverBaseline: {
      p50: round1(idle.p50Ms / baseline.p50Ms),
      p95: round1(idle.p95Ms / baseline.p95Ms),
      throughput: round1(baseline.throughputPerS / idle.throughputPerS),
    },
    ordersReadyDuringRun: counts.ready - readyBefore,
    ordersPerMinute,
    workerKeeps: ordersPerMinute.workerAlone > 0 ? round1(ordersPerMinute.underSearchLoad / ordersPerMinute.workerAlone) : null,
    slowdown: {
      p50: round1(busy.p50Ms / idle.p50Ms),
      p95: round1(busy.p95Ms / idle.p95Ms),
      p99: round1(busy.p99Ms / idle.p99Ms),
      throughput: round1(idle.throughputPerS / busy.throughputPerS),
    },
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  if (serve !== undefined) {
    serve.child.kill('SIGTERM');
    await Promise.race([serve.exited, sleep(15_000)]);
    serve.child.kill('SIGKILL');
  }
  await client.close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}

/** ENTRIES × SEGMENTS_PER_ENTRY documents with the worker's own document builder; returns ms taken. */
async function indexSyntheticSegments(ownerIds: string[]): Promise<number> {
  const startedMs = performance.now();
  const index = createSegmentIndex({ client: client.client, indexUid: INDEX_UID });
  await index.ensureSettings();
  const random = createSeededRandom(42);
  const pick = () => WORDS[Math.floor(random.next() * WORDS.length)] as string;
  const tasks: number[] = [];
  let batch: unknown[] = [];
  for (let e = 0; e < ENTRIES; e += 1) {
    const entryId = `load-entry-${e}`;
    const meta = {
      entryId,
      ownerId: ownerIds[e % ownerIds.length] as string,
      visibility: e % 3 === 0 ? ('private' as const) : ('published' as const),
      categoryIds: [`cat-${e % 20}`],
      entryTitle: `${pick()} ${pick()} review ${e}`,
      orderId: `load-order-${e}`,
      language: 'eng',
    };
    const segments = Array.from({ length: SEGMENTS_PER_ENTRY }, (_, s) => ({
      text: Array.from({ length: 3 + (s % 5) }, pick).join(' '),
      startMs: s * 4_000,
      endMs: s * 4_000 + 3_500,
      confidence: 0.6 + (s % 40) / 100,
      bbox: { x: 0.1, y: (s % 8) / 10, w: 0.8, h: 0.08 },
    }));
    batch.push(...toSegmentDocuments(meta, segments));
    if (batch.length >= 20_000 || e === ENTRIES - 1) {
      tasks.push((await client.client.index(INDEX_UID).addDocuments(batch as Record<string, unknown>[], { primaryKey: 'id' })).taskUid);
      batch = [];
    }
  }
  for (const uid of tasks) {
    const task = await client.client.tasks.waitForTask(uid, { timeout: 600_000, interval: 200 });
    if (task.status !== 'succeeded') throw new Error(`indexing task ${uid} ${task.status}: ${JSON.stringify(task.error)}`);
  }
  return performance.now() - startedMs;
}

function buildQueries(): string[] {
  const typo = (w: string) => (w.length > 5 ? w.slice(0, 2) + w.slice(3) : w);
  const queries: string[] = [];
  for (let i = 0; i < WORDS.length; i += 1) {
    const a = WORDS[i] as string;
    const b = WORDS[(i * 7 + 3) % WORDS.length] as string;
    queries.push(a, typo(a), `${a} ${b}`, a.slice(0, 4), `${typo(a)} ${b}`);
  }
  queries.push('zzzqx nothing', 'review 42', '');
  return queries;
}
