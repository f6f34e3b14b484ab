import { SearchRequestSchema } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from './meili-client.js';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { makeMeta } from './segment-fixtures.js';
import { createSegmentIndex } from './segment-index.js';

const meili = createMeiliClient(testMeiliConnection());
const indexUid = uniqueIndexUid('segment_search');
const segments = createSegmentIndex({ client: meili.client, indexUid });
const request = (input: Record<string, unknown>) => SearchRequestSchema.parse(input);
const box = { x: 0.1, y: 0.1, w: 0.5, h: 0.1 };
const line = (text: string, startMs: number) => ({ text, startMs, endMs: startMs + 2_000, confidence: 0.95, bbox: box });

beforeAll(async () => {
  await segments.ensureSettings();
  await segments.replaceEntrySegments(makeMeta({ entryId: 'a-private', ownerId: 'alice', visibility: 'private' }), [
    line('Quarterly revenue secret plan', 1_000),
    line('Confidential revenue forecast', 9_000),
  ]);
  await segments.replaceEntrySegments(
    makeMeta({ entryId: 'a-public', ownerId: 'alice', visibility: 'published', entryTitle: 'Town hall' }),
    [line('Quarterly revenue grew 12%', 4_000), line('Thank you', 20_000)],
  );
  await segments.replaceEntrySegments(makeMeta({ entryId: 'b-private', ownerId: 'bob"', visibility: 'private' }), [
    line('<script>alert("revenue")</script> & more', 2_000),
  ]);
  // Five exact lines outrank the other entry's longer ones, filling a shared moments query.
  await segments.replaceEntrySegments(
    makeMeta({ entryId: 'z-many', ownerId: 'zed', visibility: 'private' }),
    [1, 2, 3, 4, 5].map((n) => line('zebracorn', n * 10_000)),
  );
  await segments.replaceEntrySegments(
    makeMeta({ entryId: 'z-few', ownerId: 'zed', visibility: 'private' }),
    [1, 2, 3].map((n) => line(`zebracorn sales notes part ${n}`, n * 10_000)),
  );
});

afterAll(async () => {
  await meili.client.deleteIndex(indexUid).waitTask();
  await meili.close();
});

const entryIds = (response: { entries: { entryId: string }[] }) => response.entries.map((entry) => entry.entryId).sort();

describe('segment search on a real Meilisearch', () => {
  it('is typo tolerant and groups moments by entry with engine time reported', async () => {
    const response = await segments.search(request({ q: 'revnue', moments: 10 }), 'alice');
    expect(entryIds(response)).toEqual(['a-private', 'a-public']);
    expect(response.totalMoments).toBe(3);
    expect(response.totalMomentsExact).toBe(true);
    expect(response.hasMore).toBe(false);
    const privateEntry = response.entries.find((entry) => entry.entryId === 'a-private');
    expect(privateEntry?.moments.map((moment) => moment.startMs).sort()).toEqual([1_000, 9_000]);
    // A typo match highlights the matched prefix ("revenu" for "revnue").
    expect(privateEntry?.moments[0]?.highlighted).toMatch(/<mark>revenu/i);
    expect(response.processingTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('answers with the best moment of each entry unless more are asked for', async () => {
    const one = await segments.search(request({ q: 'revenue' }), 'alice');
    expect(one.entries.map((entry) => entry.moments.length)).toEqual([1, 1]);
    const two = await segments.search(request({ q: 'revenue', moments: 2 }), 'alice');
    const best = new Map(one.entries.map((entry) => [entry.entryId, entry.moments[0]?.segmentId]));
    // a-public has one matching line only.
    expect(Object.fromEntries(two.entries.map((entry) => [entry.entryId, entry.moments.length]))).toEqual({
      'a-private': 2,
      'a-public': 1,
    });
    for (const entry of two.entries) {
      // The best moment stays first, and is not repeated.
      expect(entry.moments[0]?.segmentId).toBe(best.get(entry.entryId));
      expect(new Set(entry.moments.map((moment) => moment.segmentId)).size).toBe(entry.moments.length);
    }
  });

  it('an entry crowded out of the shared moments query still gets its moments', async () => {
    const response = await segments.search(request({ q: 'zebracorn', moments: 3 }), 'zed');
    expect(response.entries.map((entry) => [entry.entryId, entry.moments.length])).toEqual([
      ['z-many', 3],
      ['z-few', 3],
    ]);
    expect(response.totalMoments).toBe(8);
  });

  it('never shows another user’s private moments, but shows published ones', async () => {
    const forBob = await segments.search(request({ q: 'revenue' }), 'bob"');
    expect(entryIds(forBob)).toEqual(['a-public', 'b-private']);
    const forCarol = await segments.search(request({ q: 'revenue' }), 'carol');
    expect(entryIds(forCarol)).toEqual(['a-public']);
    expect(forCarol.totalMoments).toBe(1);
    const bySomeoneElsesEntry = await segments.search(request({ q: '', entryId: 'a-private' }), 'carol');
    expect(bySomeoneElsesEntry.entries).toEqual([]);
  });

  it('hostile filter values never widen results', async () => {
    const hostile = [
      'carol" OR visibility = "private',
      'carol\\" OR visibility = "private" OR ownerId = "x',
      'x\\',
      ' OR visibility = "private"',
      "' OR 1=1 --",
    ];
    for (const userId of hostile) {
      expect(entryIds(await segments.search(request({ q: 'revenue' }), userId))).toEqual(['a-public']);
      const viaFilters = await segments.search(
        request({ q: 'revenue', entryId: userId, categoryId: userId, language: userId.slice(0, 35) }),
        'carol',
      );
      expect(viaFilters.entries).toEqual([]);
    }
  });

  it('escapes HTML in highlighted text, keeping only its own <mark> tags', async () => {
    const response = await segments.search(request({ q: 'revenue', entryId: 'b-private' }), 'bob"');
    const moment = response.entries[0]?.moments[0];
    expect(moment?.text).toBe('<script>alert("revenue")</script> & more');
    expect(moment?.highlighted).toBe('&lt;script&gt;alert(&quot;<mark>revenue</mark>&quot;)&lt;/script&gt; &amp; more');
  });

  it('pages over entries and filters by time and confidence', async () => {
    const first = await segments.search(request({ q: 'revenue', pageSize: 1, page: 1 }), 'alice');
    const second = await segments.search(request({ q: 'revenue', pageSize: 1, page: 2 }), 'alice');
    const third = await segments.search(request({ q: 'revenue', pageSize: 1, page: 3 }), 'alice');
    expect(first.entries).toHaveLength(1);
    expect(second.entries).toHaveLength(1);
    expect(third.entries).toHaveLength(0);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, false, false]);
    expect(new Set([first.entries[0]?.entryId, second.entries[0]?.entryId]).size).toBe(2);
    // Moments that overlap [7 s, ∞): the 4–6 s one ends before, the 9–11 s one is in.
    const late = await segments.search(request({ q: 'revenue', fromMs: 7_000, moments: 10 }), 'alice');
    expect(late.entries.flatMap((entry) => entry.moments.map((moment) => moment.startMs))).toEqual([9_000]);
    expect((await segments.search(request({ q: 'revenue', minConfidence: 0.99 }), 'alice')).entries).toEqual([]);
  });

  it('an empty query lists moments of visible entries in time order', async () => {
    const response = await segments.search(request({ q: '', entryId: 'a-public', moments: 10 }), null);
    expect(response.entries[0]?.moments.map((moment) => moment.text)).toEqual(['Quarterly revenue grew 12%', 'Thank you']);
  });
});
