/**
 * Search at scale (issue: Global Search at a million segments). For each size in SCALE_SEGMENTS
 * (default 100 000 and 1 000 000; entries = segments / 100), synthetic segments go straight into a
 * fresh embedded Meilisearch with the service's defaults (bounded indexing memory and threads); then
 * SCALE_SEARCHERS concurrent searchers run for SCALE_DURATION_S with each grouping in the same run:
 * `distinct` (the engine groups by entryId: the former way) and `top-moments` (the service groups the
 * best moments: the current way), plus `moments=10`. Searches call `searchSegments` in this process
 * (engine + client, no HTTP: the API adds its own constant cost, see load-search). Reported: p50/p95,
 * searches/s, the engine's CPU per search, the engine's peak RSS (VmHWM) while indexing and after the
 * searches (its own allocations and its mapped database apart), the database's size on disk, and the
 * same searches on an engine restarted over the same database, as after a deploy. With SCALE_SHARDS=n (n > 1) each size is measured again split
 * across n Meilisearch processes, top-moments searches fanned out and merged (searchSegmentsAcross).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, type SearchGrouping, searchSegments, searchSegmentsAcross, startEmbeddedMeilisearch } from '@onscreen/indexer';
import { createChecks, envInt, round1 } from '../lib/harness.js';
import { type LoadResult, runSearchLoad } from '../lib/search-load.js';
import { indexScaleCorpus, searchQueries } from '../lib/synthetic-segments.js';

const SIZES = (process.env.SCALE_SEGMENTS ?? '100000,1000000').split(',').map(Number);
const SEARCHERS = envInt('SCALE_SEARCHERS', 50);
const DURATION_MS = envInt('SCALE_DURATION_S', 60) * 1_000;
const USERS = 12;
/** With more than 1, every size is measured again split across this many Meilisearch processes. */
const SHARDS = envInt('SCALE_SHARDS', 1);
/** The engine's indexing RAM (`--max-indexing-memory`); unset: the service's default. */
const MAX_INDEXING_MEMORY = process.env.SCALE_MAX_INDEXING_MEMORY || undefined;
const INDEX_UID = 'scale_segments';

const checks = createChecks('search-scale');
const runs: Record<string, unknown>[] = [];

for (const size of SIZES) {
  if (!Number.isInteger(size) || size < 1_000) throw new Error(`SCALE_SEGMENTS must list sizes of at least 1000 (got ${size})`);
  runs.push(await measure(size));
  if (SHARDS > 1) runs.push(await measureSharded(size, SHARDS));
}
await checks.finish({
  searchers: SEARCHERS,
  durationS: DURATION_MS / 1_000,
  maxIndexingMemory: MAX_INDEXING_MEMORY ?? 'the default',
  runs,
});

async function measure(segments: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'onscreen-scale-'));
  let meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili'), maxIndexingMemory: MAX_INDEXING_MEMORY });
  let client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
  try {
    const entries = Math.ceil(segments / 100);
    const users = Array.from({ length: USERS }, (_, n) => ({ id: `scale-user-${n}`, token: '' }));
    const startedMs = performance.now();
    await indexScaleCorpus(
      INDEX_UID,
      [client.client],
      users.map((u) => u.id),
      entries,
      100,
    );
    const indexingS = round1((performance.now() - startedMs) / 1_000);
    const peakAfterIndexingMb = memoryMb(meili.pid, 'VmHWM');
    const queries = searchQueries();
    const cpuOf = { meili: meili.pid, loadGenerator: process.pid };
    const load = (grouping: SearchGrouping, moments: number, durationMs: number) =>
      runSearchLoad({
        baseUrl: '',
        users,
        queries,
        searchers: SEARCHERS,
        durationMs,
        cpuOf,
        direct: async (userIndex, q, page) => {
          await searchSegments(client.client, INDEX_UID, { q, page, pageSize: 10, moments }, (users[userIndex] as { id: string }).id, {
            grouping,
          });
          return null;
        },
      });
    await load('top-moments', 1, 3_000); // warm-up: caches, connections
    const phases: Record<string, LoadResult> = {};
    // The two groupings take turns, twice each, so a noisy moment of the shared machine hits both.
    for (const round of [1, 2]) {
      for (const grouping of ['distinct', 'top-moments'] as const) {
        const result = await load(grouping, 1, DURATION_MS / 2);
        console.info(`${segments} segments, ${grouping}, half ${round}`, result);
        phases[`${grouping} ${round}`] = result;
      }
    }
    const tenMoments = await load('top-moments', 10, Math.min(DURATION_MS, 20_000));
    console.info(`${segments} segments, top-moments, moments=10`, tenMoments);
    const merge = (a: LoadResult, b: LoadResult) => ({
      requests: a.requests + b.requests,
      errors: a.errors + b.errors,
      throughputPerS: round1((a.throughputPerS + b.throughputPerS) / 2),
      p50Ms: round1(Math.max(a.p50Ms, b.p50Ms)),
      p95Ms: round1(Math.max(a.p95Ms, b.p95Ms)),
      meiliCpuMsPerSearch: round1(((a.cpuMsPerSearch?.meili ?? 0) + (b.cpuMsPerSearch?.meili ?? 0)) / 2),
      loadavg1m: Math.max(a.loadavg1m, b.loadavg1m),
    });
    const distinct = merge(phases['distinct 1'] as LoadResult, phases['distinct 2'] as LoadResult);
    const topMoments = merge(phases['top-moments 1'] as LoadResult, phases['top-moments 2'] as LoadResult);
    checks.check(
      topMoments.errors === 0 && tenMoments.errors === 0,
      `${segments}: zero errors (${topMoments.errors}, ${tenMoments.errors})`,
    );
    checks.check(topMoments.p95Ms <= distinct.p95Ms, `${segments}: top-moments p95 ${topMoments.p95Ms} ms ≤ distinct ${distinct.p95Ms} ms`);
    const memory = {
      afterIndexing: peakAfterIndexingMb,
      afterSearches: memoryMb(meili.pid, 'VmHWM'),
      now: memoryMb(meili.pid, 'VmRSS'),
      // of which the engine's own allocations; the rest is pages of its database files mapped in,
      // which the kernel takes back under memory pressure (a container's memory limit)
      nowAnonymous: memoryMb(meili.pid, 'RssAnon'),
      nowFileMapped: memoryMb(meili.pid, 'RssFile'),
    };
    const databaseMb = Number(execFileSync('du', ['-sm', join(dir, 'meili', 'data.ms')], { encoding: 'utf8' }).split('\t')[0]);
    // The same database served by a restarted engine (as after a deploy): what searching alone keeps resident.
    await client.close();
    await meili.close();
    meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
    client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    cpuOf.meili = meili.pid;
    const restarted = await load('top-moments', 1, Math.min(DURATION_MS, 20_000));
    console.info(`${segments} segments, top-moments, restarted engine`, restarted);
    checks.check(restarted.errors === 0, `${segments}, restarted engine: zero errors (${restarted.errors})`);
    return {
      segments,
      entries,
      indexingS,
      meiliPeakRssMb: memory,
      databaseMb,
      restartedEngine: {
        throughputPerS: restarted.throughputPerS,
        p95Ms: restarted.p95Ms,
        peakRssMb: memoryMb(meili.pid, 'VmHWM'),
        anonymousMb: memoryMb(meili.pid, 'RssAnon'),
        fileMappedMb: memoryMb(meili.pid, 'RssFile'),
      },
      distinct,
      topMoments,
      tenMoments: { ...tenMoments, p95OverDefault: round1(tenMoments.p95Ms / topMoments.p95Ms) },
      topMomentsOverDistinct: {
        p95: round1(topMoments.p95Ms / distinct.p95Ms),
        throughput: round1(topMoments.throughputPerS / distinct.throughputPerS),
        meiliCpu: round1(topMoments.meiliCpuMsPerSearch / distinct.meiliCpuMsPerSearch),
      },
    };
  } finally {
    await client.close();
    await meili.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? Number.NaN) / 1024);
}

/** The same corpus split across SCALE_SHARDS Meilisearch processes: top-moments searches fanned out and merged. */
async function measureSharded(segments: number, shardCount: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'onscreen-scale-shards-'));
  const engines = [];
  const clients: ReturnType<typeof createMeiliClient>[] = [];
  try {
    for (let n = 0; n < shardCount; n += 1) {
      const engine = await startEmbeddedMeilisearch({ dataDir: join(dir, `meili-${n}`) });
      engines.push(engine);
      clients.push(createMeiliClient({ url: engine.url, apiKey: engine.masterKey }));
    }
    const users = Array.from({ length: USERS }, (_, n) => ({ id: `scale-user-${n}`, token: '' }));
    const startedMs = performance.now();
    await indexScaleCorpus(
      INDEX_UID,
      clients.map((c) => c.client),
      users.map((u) => u.id),
      Math.ceil(segments / 100),
      100,
    );
    const indexingS = round1((performance.now() - startedMs) / 1_000);
    const targets = clients.map((c) => ({ client: c.client, indexUid: INDEX_UID }));
    const cpuOf = Object.fromEntries(engines.map((engine, n) => [`meili${n}`, engine.pid]));
    const load = (durationMs: number) =>
      runSearchLoad({
        baseUrl: '',
        users,
        queries: searchQueries(),
        searchers: SEARCHERS,
        durationMs,
        cpuOf,
        direct: async (userIndex, q, page) => {
          await searchSegmentsAcross(targets, { q, page, pageSize: 10 }, (users[userIndex] as { id: string }).id);
          return null;
        },
      });
    await load(3_000);
    const result = await load(DURATION_MS);
    console.info(`${segments} segments over ${shardCount} shards, top-moments`, result);
    checks.check(result.errors === 0, `${segments} over ${shardCount} shards: zero errors (${result.errors})`);
    const cpu = Object.values(result.cpuMsPerSearch ?? {}).reduce((sum, ms) => sum + ms, 0);
    return {
      segments,
      shards: shardCount,
      indexingS,
      throughputPerS: result.throughputPerS,
      p50Ms: result.p50Ms,
      p95Ms: result.p95Ms,
      meiliCpuMsPerSearchAllShards: round1(cpu),
      loadavg1m: result.loadavg1m,
      meiliPeakRssMbPerShard: engines.map((engine) => memoryMb(engine.pid, 'VmHWM')),
    };
  } finally {
    for (const client of clients) await client.close();
    for (const engine of engines) await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
