import { buildSearchFilter, quoteFilterValue } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { createMeiliClient } from './meili-client.js';
import { makeMeta } from './segment-fixtures.js';
import { createSegmentIndex } from './segment-index.js';
import { searchSegments } from './segment-search.js';

/**
 * The service-side grouping (`top-moments`) must answer exactly what the engine's `distinct: entryId`
 * answers: the same entries in the same order, the same moments, `hasMore` and totals — also when one
 * entry holds hundreds of the best moments (the top k then holds few entries: more rounds, or the
 * fallback), on deep pages, and with several moments per entry.
 */
const meili = createMeiliClient(testMeiliConnection());
const indexUid = uniqueIndexUid('search_grouping');
const segments = createSegmentIndex({ client: meili.client, indexUid });
const box = { x: 0.1, y: 0.1, w: 0.5, h: 0.1 };
const WORDS = ['invoice', 'kubernetes', 'roadmap', 'latency', 'webinar', 'pricing', 'audit', 'sprint'];

beforeAll(async () => {
  await segments.ensureSettings();
  // A crowd: one entry with 1,500 "invoice" lines (more than the largest k), then 60 entries with a few each.
  await segments.replaceEntrySegments(
    makeMeta({ entryId: 'crowd', ownerId: 'alice', visibility: 'published' }),
    Array.from({ length: 1_500 }, (_, n) => ({
      text: `invoice ${n}`,
      startMs: n * 1_000,
      endMs: n * 1_000 + 900,
      confidence: 0.9,
      bbox: box,
    })),
  );
  for (let e = 0; e < 60; e += 1) {
    const lines = Array.from({ length: 3 + (e % 7) }, (_, n) => ({
      text: `${WORDS[(e + n) % WORDS.length]} ${WORDS[(e * 3 + n) % WORDS.length]} ${n % 2 === 0 ? 'invoice total' : 'notes'}`,
      startMs: n * 2_000,
      endMs: n * 2_000 + 1_500,
      confidence: 0.8,
      bbox: box,
    }));
    const visibility = e % 4 === 0 ? 'private' : 'published';
    await segments.replaceEntrySegments(
      makeMeta({ entryId: `e${String(e).padStart(2, '0')}`, ownerId: e % 2 === 0 ? 'alice' : 'bob', visibility }),
      lines,
    );
  }
}, 120_000);

afterAll(async () => {
  await meili.client.deleteIndex(indexUid).waitTask();
  await meili.close();
});

const cases = [
  { q: 'invoice' },
  { q: 'invoice', moments: 3 },
  { q: 'invoice', page: 3, pageSize: 10 },
  { q: 'invoice', page: 7, pageSize: 10 },
  { q: 'invoice', page: 2, pageSize: 50, moments: 10 },
  { q: 'roadmap' },
  { q: 'roadmap latency', moments: 10 },
  { q: 'kubernetis' },
  { q: '' },
  { q: '', page: 2, pageSize: 20, moments: 2 },
  { q: 'notes', pageSize: 5, page: 4 },
  { q: 'nothingmatches' },
];

describe('top-moments grouping equals the engine’s distinct grouping', () => {
  for (const input of cases) {
    for (const user of ['alice', 'bob', null]) {
      it(`${JSON.stringify(input)} as ${user ?? 'anonymous'}`, async () => {
        const grouped = await searchSegments(meili.client, indexUid, input, user, { grouping: 'top-moments' });
        const distinct = await searchSegments(meili.client, indexUid, input, user, { grouping: 'distinct' });
        const strip = (response: typeof grouped) => ({ ...response, processingTimeMs: 0 });
        expect(strip(grouped)).toEqual(strip(distinct));
      });
    }
  }

  it('gives each entry the moments a query of its own finds, when one entry’s moments crowd the others', async () => {
    for (const [input, user] of [
      [{ q: 'invoice', pageSize: 20, moments: 10 }, 'alice'],
      [{ q: 'invoice total', moments: 4 }, 'bob'],
      [{ q: '', pageSize: 5, moments: 6 }, null],
      [{ q: 'roadmap latency', page: 2, pageSize: 5, moments: 3 }, 'alice'],
    ] as const) {
      const response = await searchSegments(meili.client, indexUid, input, user);
      expect(response.entries.length).toBeGreaterThan(1);
      for (const entry of response.entries) {
        const own = await meili.client.index(indexUid).search(input.q, {
          filter: [buildSearchFilter(user, {}), `entryId = ${quoteFilterValue(entry.entryId)}`].filter((part) => part !== ''),
          limit: input.moments,
          ...(input.q === '' ? { sort: ['startMs:asc'] } : {}),
        });
        expect(entry.moments.map((moment) => moment.segmentId)).toEqual(own.hits.map((hit) => hit.id));
      }
    }
  });

  it('finds the entries behind a crowd of one entry’s moments', async () => {
    const response = await searchSegments(meili.client, indexUid, { q: 'invoice', pageSize: 20 }, 'alice');
    expect(response.entries).toHaveLength(20);
    expect(response.hasMore).toBe(true);
    expect(new Set(response.entries.map((entry) => entry.entryId)).size).toBe(20);
    expect(response.entries.map((entry) => entry.entryId)).toContain('crowd');
  });
});
