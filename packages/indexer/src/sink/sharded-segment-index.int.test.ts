import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchRequestSchema, type SearchResponse } from '@onscreen/core';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMeilisearch, startEmbeddedMeilisearch } from '../meili/embedded-meilisearch.js';
import { createMeiliClient, type MeiliClient } from './meili-client.js';
import { makeMeta } from './segment-fixtures.js';
import { createSegmentIndex, type SegmentIndex } from './segment-index.js';
import { createShardedSegmentIndex, shardOf } from './sharded-segment-index.js';

/**
 * Segments split across three real Meilisearch processes answer like one index holding them all: the
 * same entries over all pages, the same totals, the access filter intact in every shard; every entry's
 * documents in its own shard only.
 */
const WORDS = ['invoice', 'kubernetes', 'roadmap', 'latency', 'webinar', 'pricing', 'audit', 'sprint', 'margin', 'budget'];
const USERS = ['alice', 'bob', 'carol'];
const ENTRIES = 45;
const box = { x: 0.1, y: 0.1, w: 0.5, h: 0.1 };

let dir = '';
const engines: EmbeddedMeilisearch[] = [];
const clients: MeiliClient[] = [];
const reference = createMeiliClient(testMeiliConnection());
const referenceUid = uniqueIndexUid('shard_reference');
let single: SegmentIndex;
let sharded: SegmentIndex;
let shards: SegmentIndex[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-shards-'));
  for (let n = 0; n < 3; n += 1) {
    const engine = await startEmbeddedMeilisearch({ dataDir: join(dir, `meili-${n}`) });
    engines.push(engine);
    clients.push(createMeiliClient({ url: engine.url, apiKey: engine.masterKey }));
  }
  const shardOptions = clients.map((client) => ({ client: client.client, indexUid: 'segments' }));
  sharded = createShardedSegmentIndex(shardOptions);
  shards = shardOptions.map((options) => createSegmentIndex(options));
  single = createSegmentIndex({ client: reference.client, indexUid: referenceUid });
  await Promise.all([sharded.ensureSettings(), single.ensureSettings()]);
  for (let e = 0; e < ENTRIES; e += 1) {
    const meta = makeMeta({
      entryId: `entry-${e}`,
      ownerId: USERS[e % 3] as string,
      visibility: e % 4 === 0 ? 'private' : 'published',
      entryTitle: `review ${e}`,
    });
    const lines = Array.from({ length: 2 + (e % 5) }, (_, n) => ({
      text: `${WORDS[(e + n) % WORDS.length]} ${WORDS[(e * 7 + n * 3) % WORDS.length]} ${n === 0 ? 'quarterly total' : 'notes'} ${e}`,
      startMs: n * 3_000 + (e % 7) * 100,
      endMs: n * 3_000 + 2_000,
      confidence: 0.9,
      bbox: box,
    }));
    await Promise.all([sharded.replaceEntrySegments(meta, lines), single.replaceEntrySegments(meta, lines)]);
  }
}, 180_000);

afterAll(async () => {
  await reference.client.deleteIndex(referenceUid).waitTask();
  await reference.close();
  for (const client of clients) await client.close();
  for (const engine of engines) await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every page of a search, until hasMore is false. */
async function allPages(index: SegmentIndex, input: Record<string, unknown>, user: string | null): Promise<SearchResponse[]> {
  const pages: SearchResponse[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const response = await index.search(SearchRequestSchema.parse({ ...input, page, pageSize: 7 }), user);
    pages.push(response);
    if (!response.hasMore) break;
  }
  return pages;
}

describe('segments split across three Meilisearch processes', () => {
  it('keeps every entry’s documents in its own shard only, and spreads entries over all shards', async () => {
    const perShard = [0, 0, 0];
    for (let e = 0; e < ENTRIES; e += 1) {
      const entryId = `entry-${e}`;
      const counts = await Promise.all(shards.map((shard) => shard.countEntrySegments(entryId)));
      const home = shardOf(entryId, 3);
      expect(counts[home]).toBe(2 + (e % 5));
      expect(counts.filter((_, s) => s !== home)).toEqual([0, 0]);
      perShard[home] = (perShard[home] ?? 0) + 1;
    }
    expect(perShard.every((n) => n > 5)).toBe(true);
    expect(await sharded.countEntrySegments('entry-7')).toBe(4);
    const counts = await sharded.countDocumentsByEntry();
    expect(counts.size).toBe(ENTRIES);
  });

  for (const input of [{ q: 'invoice' }, { q: 'quarterly', moments: 3 }, { q: 'kubernetis' }, { q: 'notes roadmap' }, { q: '' }]) {
    for (const user of ['alice', 'bob', null]) {
      it(`${JSON.stringify(input)} as ${user ?? 'anonymous'}: the same entries and totals as one index, no one else's private lines`, async () => {
        const [fromShards, fromOne] = await Promise.all([allPages(sharded, input, user), allPages(single, input, user)]);
        const entriesOf = (pages: SearchResponse[]) => pages.flatMap((page) => page.entries.map((entry) => entry.entryId));
        expect(new Set(entriesOf(fromShards)).size).toBe(entriesOf(fromShards).length);
        expect([...entriesOf(fromShards)].sort()).toEqual([...entriesOf(fromOne)].sort());
        expect(fromShards[0]?.totalMoments).toBe(fromOne[0]?.totalMoments);
        const moments = fromShards.flatMap((page) => page.entries.flatMap((entry) => entry.moments));
        expect(moments.length).toBeGreaterThan(0);
        for (const page of fromShards) {
          for (const entry of page.entries) {
            const e = Number(entry.entryId.split('-')[1]);
            const isPrivate = e % 4 === 0;
            // a null user is the library's trusted caller (no access filter); a user sees only their own private entries
            if (isPrivate && user !== null) expect(entry.ownerId).toBe(user);
            expect(entry.moments.length).toBeLessThanOrEqual('moments' in input ? (input.moments as number) : 1);
          }
        }
        if (input.q !== '') expect(moments.every((moment) => moment.highlighted.includes('<mark>'))).toBe(true);
      });
    }
  }

  it('deletes an entry from every shard', async () => {
    await sharded.deleteEntry('entry-5');
    expect(await sharded.countEntrySegments('entry-5')).toBe(0);
    const pages = await allPages(sharded, { q: '5' }, 'carol');
    expect(pages.flatMap((page) => page.entries.map((entry) => entry.entryId))).not.toContain('entry-5');
  });
});
