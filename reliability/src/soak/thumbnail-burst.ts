/**
 * A burst of 500 uncached thumbnail requests (5 users × 100 distinct frames of 10 one-minute videos,
 * 25 in flight per user; a 429 is retried after its Retry-After, as a page would) against
 * `onscreen serve` while 10 searchers query it; the burst connects from 127.0.0.4, the searchers from
 * 127.0.0.1 (the service listens on 127.0.0.1 only). Invariants: no 5xx, every frame made in the end, at
 * most the configured number of thumbnail ffmpeg processes at once, and searches keep being answered
 * without errors (p95 reported against a baseline in the same run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, startEmbeddedMeilisearch } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { Agent, request } from 'undici';
import { createChecks, envInt, percentile, round1, sleep } from '../lib/harness.js';
import { runSearchLoad } from '../lib/search-load.js';
import { startServeProcess } from '../lib/serve.js';
import { indexSyntheticSegments, makeUsers, searchQueries } from '../lib/synthetic-segments.js';
import { cachedSlideDeck } from '../lib/videos.js';

const REQUESTS = envInt('THUMB_REQUESTS', 500);
const BURST_USERS = 5;
const IN_FLIGHT_PER_USER = 25;
const VIDEOS = 10;
const SEARCHERS = 10;
const BASELINE_MS = envInt('THUMB_BASELINE_S', 20) * 1_000;
const INDEX_UID = 'thumbnail_burst';
const BURST_ADDRESS = '127.0.0.4';

const checks = createChecks('thumbnail-burst');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-thumbs-'));
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const dataDir = join(dir, 'data');
let serve: Awaited<ReturnType<typeof startServeProcess>> | undefined;

/** ffmpeg processes the service started that are running now. */
function ffmpegChildrenOf(parent: number): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? [];
      if (comm.includes('ffmpeg') && Number(rest.split(' ')[1]) === parent) n += 1;
    } catch {
      // gone already
    }
  }
  return n;
}

try {
  await mkdir(dataDir, { recursive: true });
  const video = await cachedSlideDeck(60, 5, 21);
  const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const users = await makeUsers(store, 4 + BURST_USERS);
  const entryIds: string[] = [];
  for (let v = 0; v < VIDEOS; v += 1) {
    const owner = users[v % users.length] as { id: string };
    const entry = await store.createEntry({
      ownerId: owner.id,
      title: `burst ${v}`,
      filePath: video,
      durationMs: 60_000,
      visibility: 'published',
    });
    entryIds.push(entry.id);
  }
  await store.close();
  await indexSyntheticSegments(
    client.client,
    INDEX_UID,
    users.map((u) => u.id),
    300,
    40,
  );
  serve = await startServeProcess({ dataDir, meili, indexUid: INDEX_UID, workerConcurrency: 1, unlimited: true });
  const pid = serve.child.pid as number;
  const searchUsers = users.slice(0, 4);
  const burstUsers = users.slice(4);
  const queries = searchQueries();

  await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: 3_000 });
  const baseline = await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: BASELINE_MS });
  console.info('baseline', baseline);

  // every (video, second) is a distinct frame: nothing is cached before the burst
  const frames = Array.from({ length: REQUESTS }, (_, i) => ({
    entryId: entryIds[i % VIDEOS] as string,
    tMs: Math.floor(i / VIDEOS) * 1_000,
    user: burstUsers[i % BURST_USERS] as { token: string },
  }));
  const firstAnswers: Record<string, number> = {};
  const allAnswers: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let maxFfmpeg = 0;
  const sampler = setInterval(() => {
    maxFfmpeg = Math.max(maxFfmpeg, ffmpegChildrenOf(pid));
  }, 100);
  // the burst comes from another client address than the searchers (the service caps connections per address)
  const agent = new Agent({ connections: BURST_USERS * IN_FLIGHT_PER_USER, localAddress: BURST_ADDRESS });
  const startedMs = performance.now();
  let burstDone = false;
  const burst = (async () => {
    const perUser = burstUsers.map((user) => frames.filter((f) => f.user === user));
    await Promise.all(
      perUser.flatMap((list) =>
        Array.from({ length: IN_FLIGHT_PER_USER }, async (_, lane) => {
          for (let i = lane; i < list.length; i += IN_FLIGHT_PER_USER) {
            const frame = list[i] as (typeof frames)[number];
            const t0 = performance.now();
            for (let attempt = 0; ; attempt += 1) {
              const res = await request(`${serve?.url}/v1/entries/${frame.entryId}/thumbnail?t=${frame.tMs}`, {
                dispatcher: agent,
                headers: { authorization: `Bearer ${frame.user.token}` },
              }).catch((error: Error) => ({ statusCode: `failed: ${error.message}`, headers: {}, body: null }));
              await res.body?.arrayBuffer();
              const status = String(res.statusCode);
              allAnswers[status] = (allAnswers[status] ?? 0) + 1;
              if (attempt === 0) firstAnswers[status] = (firstAnswers[status] ?? 0) + 1;
              if (res.statusCode !== 429 || attempt > 50) break;
              await sleep(Number((res.headers as Record<string, unknown>)['retry-after'] ?? 1) * 1_000);
            }
            latenciesMs.push(performance.now() - t0);
          }
        }),
      ),
    );
    burstDone = true;
  })();
  // searches for as long as the burst lasts
  const during: Awaited<ReturnType<typeof runSearchLoad>>[] = [];
  while (!burstDone) {
    during.push(await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: 5_000 }));
  }
  await burst;
  const burstS = (performance.now() - startedMs) / 1_000;
  clearInterval(sampler);
  await agent.close();
  const searchDuring = {
    requests: during.reduce((a, r) => a + r.requests, 0),
    errors: during.reduce((a, r) => a + r.errors, 0),
    worstWindowP95Ms: Math.max(...during.map((r) => r.p95Ms)),
    medianWindowP95Ms: percentile(
      during.map((r) => r.p95Ms).sort((a, b) => a - b),
      50,
    ),
    errorKinds: during.reduce<Record<string, number>>((kinds, r) => {
      for (const [kind, n] of Object.entries(r.errorKinds)) kinds[kind] = (kinds[kind] ?? 0) + n;
      return kinds;
    }, {}),
    windows: during.map((r) => ({ p95Ms: r.p95Ms, throughputPerS: r.throughputPerS, loadavg1m: r.loadavg1m })),
  };
  console.info('during the burst', searchDuring, { firstAnswers, allAnswers, maxFfmpeg, burstS });
  latenciesMs.sort((a, b) => a - b);
  const made = readdirSync(join(dataDir, 'thumbnails')).reduce((n, entry) => n + readdirSync(join(dataDir, 'thumbnails', entry)).length, 0);
  const fiveHundreds = Object.entries(allAnswers)
    .filter(([status]) => Number(status) >= 500)
    .reduce((n, [, count]) => n + count, 0);

  checks.check(fiveHundreds === 0, `no 5xx (${JSON.stringify(allAnswers)})`);
  checks.check(
    Object.keys(allAnswers).every((status) => status === '200' || status === '429'),
    `every answer 200 or 429 (${JSON.stringify(allAnswers)})`,
  );
  checks.check(made === REQUESTS, `every frame made and cached (${made} of ${REQUESTS})`);
  checks.check(maxFfmpeg <= 2, `at most 2 thumbnail ffmpeg at once (${maxFfmpeg})`);
  checks.check(
    searchDuring.errors === 0 && searchDuring.requests > 0,
    `searches answered during the burst (${searchDuring.requests}, ${searchDuring.errors} errors)`,
  );
  const ok = await checks.finish({
    requests: REQUESTS,
    burstUsers: BURST_USERS,
    inFlightPerUser: IN_FLIGHT_PER_USER,
    searchers: SEARCHERS,
    burstS: round1(burstS),
    firstAnswers,
    allAnswers,
    thumbnailMs: {
      p50: round1(percentile(latenciesMs, 50)),
      p95: round1(percentile(latenciesMs, 95)),
      max: round1(latenciesMs.at(-1) ?? 0),
    },
    maxFfmpegAtOnce: maxFfmpeg,
    baseline,
    searchDuring,
    worstP95OverBaseline: round1(searchDuring.worstWindowP95Ms / baseline.p95Ms),
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
