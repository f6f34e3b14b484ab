import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { lineAt0, openTestService, type TestService } from './testing/test-service.js';

/**
 * Owner names in search results and entry views: right for every owner (the caller, a colleague, another
 * account, one the store does not know), and looked up in at most one store query per request. Requester
 * names in order views likewise.
 */
let service: TestService;
let lookups: MockInstance<TestService['store']['getUserNames']>;
const line = lineAt0;
/** Owners of published entries besides Alice, Admin and Bob: enough for a page of ten with many owners. */
const CREW = ['Cleo', 'Dan', 'Eli', 'Fay', 'Gus'];

async function publish(id: string, ownerId: string, inStore = true): Promise<void> {
  const meta = { entryId: id, ownerId, visibility: 'published' as const, categoryIds: [], entryTitle: id, orderId: null, language: 'eng' };
  if (inStore) await service.store.createEntry({ id, ownerId, title: id, visibility: 'published' });
  await service.index.replaceEntrySegments(meta, [line(`zebra crossing ahead ${id}`)]);
}

const search = async (who: TestService['alice'], query: string) => {
  const res = await service.call(who, 'GET', `/v1/search?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries as Array<{ entryId: string; ownerId: string; ownerName: string | null }>;
};

beforeAll(async () => {
  service = await openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    limits: { requestsPerMinute: 100_000, accountRequestsPerMinute: 100_000 },
  });
  const { alice, admin, bob } = service;
  await publish('own-entry', alice.user.id);
  await publish('admin-entry', admin.user.id);
  await publish('bob-entry', bob.user.id);
  await publish('cli-entry', 'cli', false); // indexed from the command line: no user of that id
  for (const name of CREW) {
    const { user } = await service.store.createUser({ accountId: bob.user.accountId, name });
    await publish(`${name.toLowerCase()}-entry`, user.id);
  }
});
afterAll(() => service?.close());
beforeEach(() => {
  lookups?.mockRestore();
  lookups = vi.spyOn(service.store, 'getUserNames');
});

describe('owner names', () => {
  it('names the owner of every search result with one lookup for the whole page', async () => {
    const hits = await search(service.alice, 'q=zebra&pageSize=10');
    expect(hits).toHaveLength(4 + CREW.length);
    const names = Object.fromEntries(hits.map((hit) => [hit.entryId, hit.ownerName]));
    expect(names).toEqual({
      'own-entry': 'Alice',
      'admin-entry': 'Admin',
      'bob-entry': 'Bob',
      'cli-entry': null,
      ...Object.fromEntries(CREW.map((name) => [`${name.toLowerCase()}-entry`, name])),
    });
    expect(lookups).toHaveBeenCalledTimes(1);
    // the caller's own name comes with the token: only the other owners are asked for
    expect(new Set(lookups.mock.calls[0]?.[0])).toEqual(new Set(hits.map((h) => h.ownerId).filter((id) => id !== service.alice.user.id)));
  });

  it("asks the store nothing when every result is the caller's own, or there are none", async () => {
    expect((await search(service.alice, 'q=zebra&entryId=own-entry')).map((h) => h.ownerName)).toEqual(['Alice']);
    expect(await search(service.alice, 'q=qqxzvbnope')).toEqual([]);
    expect(lookups).not.toHaveBeenCalled();
  });

  it("names the owner in entry views: the caller's list, and someone else's published entry", async () => {
    const list = await service.call(service.alice, 'GET', '/v1/entries');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().entries.map((e: { id: string; ownerName: string }) => [e.id, e.ownerName])).toEqual([['own-entry', 'Alice']]);
    expect(lookups).not.toHaveBeenCalled();
    const other = await service.call(service.alice, 'GET', '/v1/entries/bob-entry');
    expect([other.statusCode, other.json().ownerName]).toEqual([200, 'Bob']);
    expect(lookups).toHaveBeenCalledTimes(1);
    const own = await service.call(service.alice, 'PATCH', '/v1/entries/own-entry', { title: 'Renamed' });
    expect([own.statusCode, own.json().ownerName]).toEqual([200, 'Alice']);
  });
});

describe('requester names', () => {
  type OrderView = { id: string; requesterId: string; requesterName: string | null };
  const names = (orders: OrderView[]) => orders.map((o) => o.requesterName);

  it('names the requester in every order view, with at most one lookup per request', async () => {
    const { alice, admin } = service;
    await service.store.createEntry({ id: 'ordered-entry', ownerId: alice.user.id, title: 'Ordered', visibility: 'private' });
    const created = await service.call(alice, 'POST', '/v1/orders', { entryIds: ['ordered-entry'] });
    expect(created.statusCode, created.body).toBe(201);
    const [own] = created.json().orders as OrderView[];
    expect(own).toMatchObject({ requesterId: alice.user.id, requesterName: 'Alice' });
    const cancelled = await service.call(alice, 'DELETE', `/v1/orders/${own?.id}`);
    expect([cancelled.statusCode, cancelled.json().requesterName]).toEqual([200, 'Alice']);
    // the account's admin orders for Alice's entry: now it has two requesters
    const byAdmin = await service.call(admin, 'POST', '/v1/orders', { entryIds: ['ordered-entry'] });
    expect([byAdmin.statusCode, names(byAdmin.json().orders)]).toEqual([201, ['Admin']]);
    expect(lookups).not.toHaveBeenCalled();

    const list = await service.call(alice, 'GET', '/v1/entries/ordered-entry/orders');
    expect(list.statusCode, list.body).toBe(200);
    expect(names(list.json().orders)).toEqual(['Admin', 'Alice']);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups.mock.calls[0]?.[0]).toEqual([admin.user.id]);

    const asAdmin = await service.call(admin, 'GET', '/v1/entries/ordered-entry/orders');
    expect(names(asAdmin.json().orders)).toEqual(['Admin', 'Alice']);
    expect(lookups).toHaveBeenCalledTimes(2);
    expect(lookups.mock.calls[1]?.[0]).toEqual([alice.user.id]);
    // one order: the caller's own needs no lookup; the admin reading Alice's order needs one
    const mine = await service.call(alice, 'GET', `/v1/orders/${own?.id}`);
    expect([mine.statusCode, mine.json().requesterName]).toEqual([200, 'Alice']);
    expect(lookups).toHaveBeenCalledTimes(2);
    const hers = await service.call(admin, 'GET', `/v1/orders/${own?.id}`);
    expect([hers.statusCode, hers.json().requesterName]).toEqual([200, 'Alice']);
    expect(lookups).toHaveBeenCalledTimes(3);
  });
});
