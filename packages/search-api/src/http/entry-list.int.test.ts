import { ErrorCode, type ExtractedSegment } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/** My Media's list over a real store and a real Meilisearch: attacks first, then paging, sort, filters, "Search In". */
let service: TestService;
const line = (text: string): ExtractedSegment => ({
  text,
  startMs: 0,
  endMs: 2000,
  confidence: 0.9,
  bbox: { x: 0.1, y: 0.2, w: 0.6, h: 0.06 },
});

/** An entry straight in the store, with on-screen text in the index when `lines` are given. */
async function entry(
  who: TestUser,
  title: string,
  fields: { visibility?: 'private' | 'published'; lines?: string[]; durationMs?: number } = {},
) {
  const created = await service.store.createEntry({
    ownerId: who.user.id,
    title,
    visibility: fields.visibility ?? 'private',
    durationMs: fields.durationMs ?? 60_000,
    mediaType: 'video',
  });
  if (fields.lines) {
    await service.index.replaceEntrySegments(
      {
        entryId: created.id,
        ownerId: who.user.id,
        visibility: created.visibility,
        categoryIds: [],
        entryTitle: title,
        orderId: null,
        language: 'eng',
      },
      fields.lines.map(line),
    );
  }
  return created;
}

const list = async (who: TestUser, query: string) => {
  const res = await service.call(who, 'GET', `/v1/entries?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    entries: { id: string; title: string; labelsPreview: string; ocrStatus: string }[];
    total: number;
    ocrMatchesCapped: boolean;
  };
};
const titles = async (who: TestUser, query: string) => (await list(who, query)).entries.map((e) => e.title);

beforeAll(async () => {
  service = await openTestService({ meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') } });
  await entry(service.alice, 'Board deck', { lines: ['Project Nightingale budget'], durationMs: 30_000 });
  await entry(service.alice, 'All hands', { visibility: 'published', durationMs: 90_000 });
  await entry(service.alice, 'Nightingale kickoff', { durationMs: 10_000 });
  await entry(service.admin, 'Admin notes', { lines: ['Nightingale admin memo'] });
  await entry(service.bob, 'Bob secret', { lines: ['Nightingale from another account'] });
});
afterAll(() => service?.close());

describe('GET /v1/entries: attacks', () => {
  it("a user lists only their own entries: another user's id or 'all' is FORBIDDEN", async () => {
    for (const ownerId of [service.admin.user.id, 'all', service.bob.user.id]) {
      const res = await service.call(service.alice, 'GET', `/v1/entries?ownerId=${ownerId}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe(ErrorCode.FORBIDDEN);
    }
    expect(await titles(service.alice, `ownerId=${service.alice.user.id}&sort=name&order=asc`)).toEqual([
      'All hands',
      'Board deck',
      'Nightingale kickoff',
    ]);
  });

  it("an admin lists the account's entries (private ones too), never another account's", async () => {
    expect(await titles(service.admin, 'ownerId=all&sort=name&order=asc')).toEqual([
      'Admin notes',
      'All hands',
      'Board deck',
      'Nightingale kickoff',
    ]);
    expect(await titles(service.admin, `ownerId=${service.alice.user.id}&visibility=private&sort=name&order=asc`)).toEqual([
      'Board deck',
      'Nightingale kickoff',
    ]);
    expect((await list(service.admin, `ownerId=${service.bob.user.id}`)).total).toBe(0);
    expect(await titles(service.admin, 'ownerId=all&q=nightingale&in=ocr&sort=name&order=asc')).toEqual(['Admin notes', 'Board deck']);
  });

  it("the on-screen text search never reaches another user's or account's segments", async () => {
    expect(await titles(service.alice, 'q=nightingale&in=ocr')).toEqual(['Board deck']);
    expect(await titles(service.bob, 'q=nightingale&in=all')).toEqual(['Bob secret']);
    expect((await list(service.bob, 'q=nightingale&in=all')).entries.every((e) => e.title === 'Bob secret')).toBe(true);
  });

  it("find inside a video (search narrowed to one entry) never shows another user's private entry", async () => {
    const board = (await list(service.alice, 'q=board&in=title')).entries[0]?.id ?? '';
    const own = (await service.call(service.alice, 'GET', `/v1/search?q=nightingal&entryId=${board}&moments=10`)).json();
    expect(own.entries.map((e: { entryId: string }) => e.entryId)).toEqual([board]);
    expect(own.entries[0].moments[0].highlighted).toContain('<mark>');
    for (const who of [service.bob, service.admin]) {
      const res = await service.call(who, 'GET', `/v1/search?q=nightingal&entryId=${board}&moments=10`);
      expect(res.statusCode).toBe(200);
      expect(res.json().entries).toEqual([]);
    }
  });

  it.each([
    'sort=title;DROP TABLE entries',
    'sort=created&order=desc,(SELECT 1)',
    'ocrStatus=done',
    'visibility=public',
    'mediaType=audio',
    "categoryId=a' OR '1'='1",
    'in=owner',
    'limit=0',
    'limit=101',
    'offset=100001',
    'offset=-1',
    `q=${'x'.repeat(201)}`,
    'ownerId=../../etc',
  ])('refuses %s with INVALID_INPUT', async (query) => {
    const res = await service.call(service.alice, 'GET', `/v1/entries?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(ErrorCode.INVALID_INPUT);
  });

  it('caps the page at the service limit', async () => {
    const small = await openTestService({ limits: { maxEntriesPageSize: 10 } });
    try {
      expect((await small.call(small.alice, 'GET', '/v1/entries?limit=10')).statusCode).toBe(200);
      const res = await small.call(small.alice, 'GET', '/v1/entries?limit=11');
      expect([res.statusCode, res.json().code]).toEqual([400, ErrorCode.INVALID_INPUT]);
    } finally {
      await small.close();
    }
  });

  it('takes SQL and LIKE wildcards in q literally', async () => {
    for (const q of ["' OR 1=1 --", '%', '_', '\\'])
      expect((await list(service.alice, `q=${encodeURIComponent(q)}&in=title`)).total).toBe(0);
  });
});

describe('GET /v1/entries: paging, sort, filters, Search In', () => {
  it('pages with a total, sorts both ways by each key', async () => {
    const first = await list(service.alice, 'limit=2&offset=0');
    const second = await list(service.alice, 'limit=2&offset=2');
    expect([first.total, second.total]).toEqual([3, 3]);
    expect([...first.entries, ...second.entries].map((e) => e.title)).toEqual(['Nightingale kickoff', 'All hands', 'Board deck']);
    expect(await titles(service.alice, 'sort=duration&order=desc')).toEqual(['All hands', 'Board deck', 'Nightingale kickoff']);
    expect(await titles(service.alice, 'sort=name&order=desc')).toEqual(['Nightingale kickoff', 'Board deck', 'All hands']);
    expect(await titles(service.alice, 'visibility=published')).toEqual(['All hands']);
    expect(await titles(service.alice, 'ocrStatus=ready')).toEqual([]);
  });

  it('Search In: all fields include the on-screen text (typo-tolerant); title does not', async () => {
    expect(await titles(service.alice, 'q=nightingale&in=all&sort=name&order=asc')).toEqual(['Board deck', 'Nightingale kickoff']);
    expect(await titles(service.alice, 'q=nightingal&in=ocr')).toEqual(['Board deck']);
    expect(await titles(service.alice, 'q=nightingale&in=title')).toEqual(['Nightingale kickoff']);
    expect(await titles(service.alice, 'q=budget&in=description')).toEqual([]);
  });

  it('shows the labels kept with the entry: no segment is read for a listed row', async () => {
    const kept = await entry(service.alice, 'Kept labels');
    const [order] = (
      await service.store.createOrders({
        accountId: service.alice.user.accountId,
        requesterId: service.alice.user.id,
        request: { entryIds: [kept.id] },
      })
    ).orders;
    let claim = await service.store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
    while (claim && claim.order.id !== order?.id) claim = await service.store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
    // the index holds no segment of this entry: the preview can only come from the store
    await service.store.completeOrder(claim?.order.id ?? '', claim?.leaseToken ?? '', {
      segmentCount: 5,
      labels: { top: ['Revenue', 'Q3', 'Roadmap', 'Hiring'], count: 5 },
    });
    const row = (await list(service.alice, 'ocrStatus=ready')).entries;
    expect(row.map((e) => [e.title, e.labelsPreview, e.ocrStatus])).toEqual([['Kept labels', 'Revenue, Q3, Roadmap … + 2 more', 'ready']]);
  });

  it('counts plays of entries the user may watch; a private entry of someone else is 404', async () => {
    const shown = await list(service.alice, 'visibility=published');
    const published = shown.entries[0]?.id ?? '';
    const secret = (await list(service.alice, 'q=board&in=title')).entries[0]?.id ?? '';
    expect((await service.call(service.bob, 'POST', `/v1/entries/${published}/views`)).json()).toEqual({ viewCount: 1 });
    expect((await service.call(service.alice, 'POST', `/v1/entries/${published}/views`)).json()).toEqual({ viewCount: 2 });
    expect((await service.call(service.bob, 'POST', `/v1/entries/${secret}/views`)).statusCode).toBe(404);
    expect(await titles(service.alice, 'sort=views&order=desc&limit=1')).toEqual(['All hands']);
  });

  it("lists the account's users by name for pickers, never another account's", async () => {
    const users = (await service.call(service.alice, 'GET', '/v1/users')).json().users as { id: string; name: string }[];
    expect(users.map((u) => u.name)).toEqual(['Admin', 'Alice']);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(['id', 'name']);
    expect((await service.call(service.alice, 'GET', '/v1/users?q=ali')).json().users.map((u: { name: string }) => u.name)).toEqual([
      'Alice',
    ]);
    expect((await service.call(service.bob, 'GET', '/v1/users')).json().users.map((u: { name: string }) => u.name)).toEqual(['Bob']);
  });
});
