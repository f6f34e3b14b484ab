import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { quoteFilterValue } from '@onscreen/core';
import {
  createMeiliClient,
  createSegmentIndex,
  rankLabels,
  resolveFfmpeg,
  resolveFfprobe,
  startEmbeddedMeilisearch,
} from '@onscreen/indexer';
import { createHttpApp } from '@onscreen/search-api';
import { type OnscreenStore, openPostgresStore, openSqliteStore } from '@onscreen/store';
import pg from 'pg';
import { CATEGORIES, generatePortalData } from './portal-data.js';

/**
 * My Media at scale, through the HTTP API on a real port (keep-alive, as a browser): the latency of
 * a first page, sort changes, filter changes and searches over N entries and N × S segments, against
 * GET /v1/me measured in the same run (auth + routing + JSON: the floor every request pays). "before"
 * replays what the list did per row until migration 7: read each row's segments to rank its labels.
 */
export interface PortalBenchOptions {
  entries: number;
  segmentsPerEntry: number;
  cacheDir: string;
  repeats: number;
  /** Which store serves the list: the single-process SQLite file or Postgres (the scale-out deployment). */
  store: 'sqlite' | 'postgres';
  /** For `store: 'postgres'`: the database; the bench keeps its data in its own schema there. */
  pgUrl?: string;
  log: (text: string) => void;
}

/** The Postgres schema the bench's data lives in (dropped and made again when the data is generated anew). */
const PG_SCHEMA = 'onscreen_portal_bench';

async function openBenchStore(options: PortalBenchOptions, dir: string, dropFirst: boolean): Promise<OnscreenStore> {
  if (options.store === 'sqlite') {
    if (dropFirst) await rm(join(dir, 'onscreen.sqlite'), { force: true });
    return openSqliteStore({ file: join(dir, 'onscreen.sqlite') });
  }
  if (options.pgUrl === undefined) throw new Error('--store postgres needs --pg-url (or ONSCREEN_BENCH_PG_URL)');
  if (dropFirst) {
    const client = new pg.Client({ connectionString: options.pgUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
    } finally {
      await client.end();
    }
  }
  return openPostgresStore({ connectionString: options.pgUrl, schema: PG_SCHEMA });
}

export interface Measured {
  name: string;
  query: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** p95 ÷ the baseline's p95. */
  p95VsBaseline: number;
  total: number | null;
}

const TOKEN = 'portal-bench-token-0123456789';
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export const SCENARIOS: Array<{ name: string; query: string }> = [
  { name: 'first page (50, newest first)', query: 'limit=50' },
  { name: 'page size 100', query: 'limit=100' },
  { name: 'last page (offset 9,950)', query: 'limit=50&offset=9950' },
  { name: 'sort: name A–Z', query: 'limit=50&sort=name&order=asc' },
  { name: 'sort: name Z–A', query: 'limit=50&sort=name&order=desc' },
  { name: 'sort: updated, oldest first', query: 'limit=50&sort=updated&order=asc' },
  { name: 'sort: duration, longest first', query: 'limit=50&sort=duration&order=desc' },
  { name: 'sort: duration, shortest first', query: 'limit=50&sort=duration&order=asc' },
  { name: 'sort: views, most first', query: 'limit=50&sort=views&order=desc' },
  { name: 'filter: OCR ready', query: 'limit=50&ocrStatus=ready' },
  { name: 'filter: OCR error', query: 'limit=50&ocrStatus=error' },
  { name: 'filter: OCR none', query: 'limit=50&ocrStatus=none' },
  { name: 'filter: published', query: 'limit=50&visibility=published' },
  { name: 'filter: image', query: 'limit=50&mediaType=image' },
  { name: 'filter: category', query: `limit=50&categoryId=${CATEGORIES[3]}` },
  {
    name: 'filters: published + ready + category, by name',
    query: `limit=50&visibility=published&ocrStatus=ready&categoryId=${CATEGORIES[5]}&sort=name&order=asc`,
  },
  { name: 'search in title', query: 'limit=50&q=roadmap&in=title' },
  { name: 'search in all fields (on-screen text too)', query: 'limit=50&q=nightingale&in=all' },
  { name: 'search in on-screen text, two words', query: 'limit=50&q=zephyr%20summit&in=ocr' },
  { name: 'search in all fields, typo', query: 'limit=50&q=nightingle&in=all' },
  { name: 'search in all fields, a word in every entry (1,000 cap)', query: 'limit=50&q=revenue&in=all' },
  { name: 'search in all fields, then sort by name', query: 'limit=50&q=nightingale&in=all&sort=name&order=asc' },
];

function timedGet(agent: Agent, port: number, path: string): Promise<{ ms: number; body: string; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${TOKEN}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ ms: performance.now() - started, body, status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
  });
}

async function measure(agent: Agent, port: number, path: string, repeats: number): Promise<{ sorted: number[]; body: string }> {
  let body = '';
  for (let i = 0; i < 3; i++) body = (await timedGet(agent, port, path)).body; // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const answer = await timedGet(agent, port, path);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    times.push(answer.ms);
    body = answer.body;
  }
  return { sorted: times.sort((a, b) => a - b), body };
}

export async function runPortalBench(options: PortalBenchOptions) {
  // v2: on-screen lines with rarer words (a cache of another version is generated anew)
  const suffix = options.store === 'sqlite' ? '' : `-${options.store}`;
  const dir = join(options.cacheDir, `portal-v2-${options.entries}x${options.segmentsPerEntry}${suffix}`);
  await mkdir(dir, { recursive: true });
  const marker = join(dir, 'generated.json');
  // the data is generated anew when it was never finished or the store no longer holds it (a database reset)
  let store = await openBenchStore(options, dir, false);
  const fresh = !existsSync(marker) || (await store.authenticate(TOKEN)) === null;
  if (fresh) {
    await store.close();
    await rm(marker, { force: true });
    await rm(join(dir, 'meili'), { recursive: true, force: true });
    store = await openBenchStore(options, dir, true);
  }
  const keyFile = join(dir, 'meili-key');
  if (!existsSync(keyFile)) await writeFile(keyFile, `portal-bench-${Date.now()}-master-key`);
  const meiliProcess = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili'), masterKey: (await readFile(keyFile, 'utf8')).trim() });
  const meili = createMeiliClient({ url: meiliProcess.url, apiKey: meiliProcess.masterKey, taskTimeoutMs: 3_600_000 });
  const index = createSegmentIndex({ client: meili.client, indexUid: 'segments' });
  try {
    await index.ensureSettings();
    if (fresh) {
      const account = await store.createAccount({ name: 'Bench', reach: { enabled: true, creditMinutes: null } });
      const { user } = await store.createUser({ accountId: account.id, name: 'Owner', role: 'admin', token: TOKEN });
      options.log(`generating ${options.entries} entries and ${options.entries * options.segmentsPerEntry} segments…\n`);
      const generatedMs = performance.now();
      await generatePortalData(store, index, meili.client, user, {
        entries: options.entries,
        segmentsPerEntry: options.segmentsPerEntry,
        log: options.log,
      });
      await writeFile(
        marker,
        JSON.stringify({
          entries: options.entries,
          segmentsPerEntry: options.segmentsPerEntry,
          generatedS: Math.round((performance.now() - generatedMs) / 1000),
        }),
      );
    }
    const ffmpegPath = resolveFfmpeg().path;
    const { app } = await createHttpApp({
      store,
      index,
      meili: meili.client,
      dataDir: dir,
      ffmpegPath,
      ffprobePath: resolveFfprobe({ ffmpegPath }).path,
      limits: { requestsPerMinute: 1_000_000, accountRequestsPerMinute: 1_000_000 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const baseline = await measure(agent, port, '/v1/me', options.repeats);
      const baselineP95 = percentile(baseline.sorted, 95);
      const results: Measured[] = [
        {
          name: 'baseline: GET /v1/me',
          query: '',
          p50Ms: percentile(baseline.sorted, 50),
          p95Ms: baselineP95,
          maxMs: baseline.sorted.at(-1) ?? 0,
          p95VsBaseline: 1,
          total: null,
        },
      ];
      for (const scenario of SCENARIOS) {
        const { sorted, body } = await measure(agent, port, `/v1/entries?${scenario.query}`, options.repeats);
        const p95 = percentile(sorted, 95);
        results.push({
          ...scenario,
          p50Ms: percentile(sorted, 50),
          p95Ms: p95,
          maxMs: sorted.at(-1) ?? 0,
          p95VsBaseline: p95 / baselineP95,
          total: (JSON.parse(body) as { total: number }).total,
        });
        options.log(`  ${scenario.name}: p95 ${p95.toFixed(1)} ms\n`);
      }
      const before = await perRowLabelScan(
        meili.client,
        index.indexUid,
        JSON.parse((await timedGet(agent, port, '/v1/entries?limit=50')).body).entries.map((e: { id: string }) => e.id),
      );
      return { results, before, fresh };
    } finally {
      agent.destroy();
      await app.close();
    }
  } finally {
    await store.close();
    await meili.close();
    await meiliProcess.close();
  }
}

/** What one page cost before labels were kept with the entry: every row's segments read and ranked (5 runs, median). */
async function perRowLabelScan(client: ReturnType<typeof createMeiliClient>['client'], indexUid: string, entryIds: string[]) {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await Promise.all(
      entryIds.map(async (entryId) => {
        const page = await client.index(indexUid).getDocuments<{ text: string; startMs: number; endMs: number; confidence: number }>({
          filter: `entryId = ${quoteFilterValue(entryId)}`,
          fields: ['text', 'startMs', 'endMs', 'confidence'],
          limit: 5000,
        });
        return rankLabels(page.results);
      }),
    );
    runs.push(performance.now() - started);
  }
  return { pageMs: runs.sort((a, b) => a - b)[2] ?? 0, rows: entryIds.length };
}
