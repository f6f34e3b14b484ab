import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedMeilisearch, startEmbeddedMeilisearch } from '@onscreen/indexer';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mediaDir } from './media-files.js';
import { lineAt0, openTestService, type TestService } from './testing/test-service.js';

/**
 * Writes the store accepts never fail because search is down: with the embedded Meilisearch process
 * stopped, PATCH and DELETE of entries answer 200/204 and orders are taken; once it runs again (same
 * port, same data), the index converges to the store and deleted entries' files are gone.
 */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

describe('search outage', () => {
  let dir: string;
  let meili: EmbeddedMeilisearch | undefined;
  let service: TestService | undefined;
  afterAll(async () => {
    await service?.close();
    await meili?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('PATCH and DELETE answer 200/204 while Meilisearch is stopped; after its restart the index equals the store', async () => {
    dir = await mkdtemp(join(tmpdir(), 'onscreen-outage-'));
    const engine = { dataDir: join(dir, 'meili'), port: await freePort(), masterKey: 'outage-test-master-key-0123456789' };
    meili = await startEmbeddedMeilisearch(engine);
    service = await openTestService({ meili: { url: meili.url, apiKey: meili.masterKey } });
    const { store, index, alice, bob } = service;
    await (await import('node:fs/promises')).mkdir(mediaDir(service.dataDir), { recursive: true });
    const entries = [];
    for (let i = 0; i < 8; i += 1) {
      const id = `ent_outage_${i}`;
      const filePath = join(mediaDir(service.dataDir), `${id}.mp4`);
      await writeFile(filePath, 'not really a video');
      const entry = await store.createEntry({ id, ownerId: alice.user.id, title: `Outage ${i}`, filePath });
      if (i % 2 === 0) {
        // indexed by an order: its segments are in the store
        const { orders } = await store.createOrders({
          accountId: alice.user.accountId,
          requesterId: alice.user.id,
          request: { entryIds: [id] },
        });
        const claim = await store.claimNextOrder({ workerId: 'test', leaseMs: 60_000 });
        expect(claim?.order.id).toBe(orders[0]?.id);
        const token = claim?.leaseToken ?? '';
        await store.commitOrderSegments(claim?.order.id ?? '', token, { segments: [lineAt0(`blackout word${i}`)], language: 'eng' });
        await store.completeOrder(claim?.order.id ?? '', token, { segmentCount: 1 });
      } else {
        // indexed before the store kept segments: only the index holds them
        await index.replaceEntrySegments(
          {
            entryId: id,
            ownerId: alice.user.id,
            visibility: 'private',
            categoryIds: [],
            entryTitle: entry.title,
            orderId: null,
            language: 'eng',
          },
          [lineAt0(`blackout word${i}`)],
        );
      }
      entries.push(entry);
    }
    await vi.waitFor(async () => expect((await store.searchOutboxStats()).pending).toBe(0), { timeout: 30_000, interval: 100 });
    for (const entry of entries) expect(await index.countEntrySegments(entry.id)).toBe(1);
    expect((await service.call(bob, 'GET', '/v1/search?q=blackout')).json().entries).toEqual([]);

    await meili.close();
    const statuses: number[] = [];
    for (const entry of entries.slice(0, 4)) {
      statuses.push(
        (await service.call(alice, 'PATCH', `/v1/entries/${entry.id}`, { visibility: 'published', title: `${entry.title} public` }))
          .statusCode,
      );
    }
    for (const entry of entries.slice(4, 6)) statuses.push((await service.call(alice, 'DELETE', `/v1/entries/${entry.id}`)).statusCode);
    statuses.push((await service.call(alice, 'POST', '/v1/orders', { entryIds: [entries[6]?.id] })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 204, 204, 201]);
    // search itself cannot answer, and says so
    expect((await service.call(bob, 'GET', '/v1/search?q=blackout')).statusCode).toBe(503);
    expect((await store.searchOutboxStats()).pending).toBe(6);

    meili = await startEmbeddedMeilisearch(engine);
    const back = performance.now();
    await vi.waitFor(
      async () => {
        expect((await store.searchOutboxStats()).pending).toBe(0);
      },
      { timeout: 30_000, interval: 100 },
    );
    console.info(`[outage] index converged ${Math.round(performance.now() - back)} ms after Meilisearch came back`);
    const seen = (await service.call(bob, 'GET', '/v1/search?q=blackout')).json().entries;
    expect(seen.map((e: { entryId: string; entryTitle: string }) => [e.entryId, e.entryTitle]).sort()).toEqual(
      entries.slice(0, 4).map((e) => [e.id, `${e.title} public`]),
    );
    for (const entry of entries.slice(4, 6)) {
      expect(await index.countEntrySegments(entry.id)).toBe(0);
      await expect((await import('node:fs/promises')).stat(entry.filePath as string)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    for (const entry of entries.slice(6)) expect(await index.countEntrySegments(entry.id)).toBe(1);
    // labels of entries whose segments the store holds never needed the index
    expect((await service.call(alice, 'GET', `/v1/entries/${entries[0]?.id}`)).json().labelsPreview).toContain('blackout word0');
  });
});
