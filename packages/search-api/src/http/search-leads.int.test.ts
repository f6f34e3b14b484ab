import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lineAt0, openTestService, type TestService } from './testing/test-service.js';

/** Searches that led to an entry, end to end: a real search's searchId and lead, sent back as the page does. */
let service: TestService;
let entryId: string;

beforeAll(async () => {
  service = await openTestService({ meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') } });
  const entry = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'Roadmap', visibility: 'published' });
  entryId = entry.id;
  await service.index.replaceEntrySegments(
    { entryId, ownerId: entry.ownerId, visibility: 'published', categoryIds: [], entryTitle: entry.title, orderId: null, language: 'eng' },
    [lineAt0('Quarterly roadmap review')],
  );
});
afterAll(() => service?.close());

describe('search leads', () => {
  it("each search answers a new searchId and a lead per hit; opening the hit counts once; another user's lead is refused", async () => {
    const search = async () => {
      const res = await service.call(service.bob, 'GET', '/v1/search?q=roadmap');
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { searchId: string; entries: { entryId: string; lead: string }[] };
    };
    const first = await search();
    const second = await search();
    expect(first.searchId).toMatch(/^srch_/);
    expect(second.searchId).not.toBe(first.searchId);
    const hit = first.entries.find((e) => e.entryId === entryId);
    expect(hit?.lead).toMatch(new RegExp(`^${service.bob.user.id}\\.\\d+\\.`));
    const send = (who: typeof service.bob, searchId: string, lead: string) =>
      service.call(who, 'POST', `/v1/entries/${entryId}/search-leads`, { searchId, lead });
    expect((await send(service.bob, first.searchId, hit?.lead ?? '')).json()).toEqual({ counted: true });
    expect((await send(service.bob, first.searchId, hit?.lead ?? '')).json()).toEqual({ counted: false });
    expect((await send(service.admin, first.searchId, hit?.lead ?? '')).statusCode).toBe(400);
    const again = second.entries.find((e) => e.entryId === entryId);
    expect((await send(service.bob, second.searchId, again?.lead ?? '')).json()).toEqual({ counted: true });
    const stats = (await service.call(service.alice, 'GET', `/v1/entries/${entryId}/analytics`)).json();
    expect([stats.searchLeadCount, stats.days.at(-1).searchLeads]).toEqual([2, 2]);
  });
});
