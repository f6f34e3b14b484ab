/**
 * Where a search's engine time goes at scale (issue: Global Search at a million segments). The
 * search-scale corpus (SCALE_SEGMENTS, default 1 000 000; 100 per entry) goes into a fresh embedded
 * Meilisearch; then each query shape runs once per query of the search load (single words, word pairs,
 * a typo, the empty query), one at a time, three rounds, as a user with the access filter, and the
 * engine's own CPU per query is read from /proc (utime + stime): no concurrency, so what is measured is
 * the work a query asks for, not queueing. Shapes: the ranking round `searchSegments` makes first
 * (ids of the best 100 moments with an exact count), the same with fewer hits or without the count,
 * the count alone, the engine's `distinct` page, and `searchSegments` whole.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSearchFilter, quoteFilterValue } from '@onscreen/core';
import { createMeiliClient, type MeiliClient, searchSegments, startEmbeddedMeilisearch } from '@onscreen/indexer';
import { createChecks, envInt, round1 } from '../lib/harness.js';
import { indexScaleCorpus, searchQueries } from '../lib/synthetic-segments.js';

const SEGMENTS = envInt('SCALE_SEGMENTS', 1_000_000);
const ROUNDS = 3;
const INDEX_UID = 'cost_segments';
const USERS = Array.from({ length: 12 }, (_, n) => `scale-user-${n}`);

const checks = createChecks('search-cost');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-cost-'));
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
const { client, close } = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const cpuMs = () => {
  const fields = (readFileSync(`/proc/${meili.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
};

/** One query of a multi-search, as the client types it. */
type MultiSearchQuery = Parameters<MeiliClient['client']['multiSearch']>[0]['queries'][number];
type Shape = (q: string, userId: string) => MultiSearchQuery;
const ranked = (q: string, userId: string): MultiSearchQuery => ({
  indexUid: INDEX_UID,
  q,
  filter: buildSearchFilter(userId, {}),
  attributesToRetrieve: ['id', 'entryId', 'startMs'],
  ...(q.trim() === '' ? { sort: ['startMs:asc'] } : {}),
});
const SHAPES: Array<[string, Shape]> = [
  ['first ranking round: best 100 moments, exact count', (q, u) => ({ ...ranked(q, u), page: 1, hitsPerPage: 100 })],
  ['best 100 moments, estimated count', (q, u) => ({ ...ranked(q, u), limit: 100 })],
  ['best 30 moments', (q, u) => ({ ...ranked(q, u), limit: 30 })],
  ['best 10 moments', (q, u) => ({ ...ranked(q, u), limit: 10 })],
  ['best 100 moments, no access filter', (q, u) => ({ ...ranked(q, u), filter: undefined, limit: 100 })],
  ['exact count alone', (q, u) => ({ ...ranked(q, u), page: 1, hitsPerPage: 0 })],
  ['distinct entryId page (11 entries)', (q, u) => ({ ...ranked(q, u), distinct: 'entryId', limit: 11 })],
];

try {
  const startedMs = performance.now();
  await indexScaleCorpus(INDEX_UID, [client], USERS, Math.ceil(SEGMENTS / 100), 100);
  const indexingS = round1((performance.now() - startedMs) / 1_000);
  const queries = searchQueries();
  const measure = async (run: (q: string, userId: string) => Promise<number>) => {
    for (const q of queries.slice(0, 10)) await run(q, USERS[0] as string); // warm the page cache
    const before = cpuMs();
    let engineMs = 0;
    let n = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [i, q] of queries.entries()) {
        engineMs += await run(q, USERS[(i + round) % USERS.length] as string);
        n += 1;
      }
    }
    return { queries: n, cpuMsPerQuery: Math.round(((cpuMs() - before) / n) * 100) / 100, processingMsPerQuery: round1(engineMs / n) };
  };
  const shapes: Record<string, unknown> = {};
  let errors = 0;
  /** Measures one shape: the queries of one multi-search per query of the load (none: nothing to ask). */
  const measureShape = async (name: string, queriesOf: (q: string, userId: string) => MultiSearchQuery[]) => {
    const figures = await measure(async (q, userId) => {
      const queries = queriesOf(q, userId);
      if (queries.length === 0) return 0;
      try {
        const { results } = await client.multiSearch({ queries });
        return results.reduce((sum, result) => sum + result.processingTimeMs, 0);
      } catch (error) {
        errors += 1;
        console.error(name, q, (error as Error).message);
        return 0;
      }
    });
    console.info(name, figures);
    shapes[name] = figures;
  };
  for (const [name, shape] of SHAPES) await measureShape(name, (q, userId) => [shape(q, userId)]);
  const whole = await measure(async (q, userId) => {
    const answer = await searchSegments(client, INDEX_UID, { q, page: 1, pageSize: 10 }, userId);
    return answer.processingTimeMs;
  });
  console.info('searchSegments, whole', whole);
  shapes['searchSegments, whole (top-moments)'] = whole;
  const tenMoments = await measure(async (q, userId) => {
    const answer = await searchSegments(client, INDEX_UID, { q, page: 1, pageSize: 10, moments: 10 }, userId);
    return answer.processingTimeMs;
  });
  console.info('searchSegments, moments=10', tenMoments);
  shapes['searchSegments, whole, moments=10'] = tenMoments;
  // What moments=10 asks beyond the page: up to 10 moments of each of its 10 entries (found beforehand, not measured).
  const pageEntries = new Map<string, string[]>();
  for (let round = 0; round < ROUNDS; round += 1)
    for (const [i, q] of queries.entries()) {
      const userId = USERS[(i + round) % USERS.length] as string;
      const answer = await searchSegments(client, INDEX_UID, { q, page: 1, pageSize: 10 }, userId);
      pageEntries.set(
        `${q}|${userId}`,
        answer.entries.map((entry) => entry.entryId),
      );
    }
  const moment = (q: string, userId: string, highlight: boolean) => ({
    ...ranked(q, userId),
    attributesToRetrieve: ['id', 'entryId', 'startMs', 'endMs', 'text', 'confidence', 'bbox'],
    ...(highlight ? { attributesToHighlight: ['text'] } : {}),
  });
  const within = (userId: string, entries: string) => `(${buildSearchFilter(userId, {})}) AND entryId ${entries}`;
  type MomentShape = (q: string, userId: string, entries: string[]) => MultiSearchQuery[];
  /** Ten moments of each entry, a query per entry. */
  const perEntry =
    (highlight: boolean): MomentShape =>
    (q, u, entries) =>
      entries.map((id) => ({ ...moment(q, u, highlight), filter: within(u, `= ${quoteFilterValue(id)}`), limit: 10 }));
  /** One query over all the page's entries, `limit` moments. */
  const overPage =
    (limit: number, whole = true): MomentShape =>
    (q, u, entries) =>
      entries.length === 0
        ? []
        : [
            {
              ...(whole ? moment(q, u, true) : ranked(q, u)),
              filter: within(u, `IN [${entries.map(quoteFilterValue).join(', ')}]`),
              limit,
            },
          ];
  const MOMENT_SHAPES: Array<[string, MomentShape]> = [
    ['10 moments of each page entry: a query per entry, highlighted', perEntry(true)],
    ['the same, not highlighted', perEntry(false)],
    ['one query over the page entries, 100 moments, highlighted', overPage(100)],
    ['one query over the page entries, 300 moments, highlighted', overPage(300)],
    ['one query over the page entries, 1000 moments, highlighted', overPage(1000)],
    ['the same, 100 moments with id, entryId and startMs only', overPage(100, false)],
  ];
  for (const [name, shape] of MOMENT_SHAPES)
    await measureShape(name, (q, userId) => shape(q, userId, pageEntries.get(`${q}|${userId}`) ?? []));
  checks.check(errors === 0, `every query shape answered (${errors} errors)`);
  const ok = await checks.finish({ segments: SEGMENTS, entries: Math.ceil(SEGMENTS / 100), indexingS, rounds: ROUNDS, shapes });
  process.exitCode = ok ? 0 : 1;
} finally {
  await close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
