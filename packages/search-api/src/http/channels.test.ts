import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/**
 * Galleries, channels and their rules over HTTP. The attacks come first: another account, a user of the
 * account outside a private channel, a plain member managing it, someone else's entry.
 */
let service: TestService;
let carol: TestUser;
let channelId: string;
const problem = (res: { statusCode: number; json(): { code?: string } }) => [res.statusCode, res.json().code];

beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 10_000 } });
  carol = await service.store.createUser({ accountId: service.alice.user.accountId, name: 'Carol' });
  const created = await service.call(service.alice, 'POST', '/v1/channels', { name: 'Sales kickoff', description: 'Q3' });
  expect(created.statusCode, created.body).toBe(201);
  channelId = created.json().id;
});
afterAll(() => service?.close());

describe('channels: attacks', () => {
  it('another account gets 404 for every channel route, and never sees the channel', async () => {
    const bobEntry = await service.store.createEntry({ ownerId: service.bob.user.id, title: 'Bob video' });
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/channels/${channelId}`],
      ['PATCH', `/v1/channels/${channelId}`, { name: 'Mine' }],
      ['DELETE', `/v1/channels/${channelId}`],
      ['GET', `/v1/channels/${channelId}/members`],
      ['POST', `/v1/channels/${channelId}/members`, { userId: service.bob.user.id }],
      ['GET', `/v1/channels/${channelId}/entries`],
      ['POST', `/v1/channels/${channelId}/entries`, { entryId: bobEntry.id }],
      ['POST', '/v1/rules', { channelId }],
    ];
    for (const [method, url, body] of calls)
      expect(problem(await service.call(service.bob, method, url, body)), `${method} ${url}`).toEqual([404, ErrorCode.NOT_FOUND]);
    expect((await service.call(service.bob, 'GET', '/v1/channels')).json().channels).toEqual([]);
    expect((await service.call(service.bob, 'GET', '/v1/categories')).json().categories).toEqual([]);
    // nor can the owner add someone of another account
    expect(
      problem(await service.call(service.alice, 'POST', `/v1/channels/${channelId}/members`, { userId: service.bob.user.id })),
    ).toEqual([404, ErrorCode.NOT_FOUND]);
  });

  it('a user of the account outside a private channel gets 404 (reading, joining it through PATCH categories too)', async () => {
    const own = await service.store.createEntry({ ownerId: carol.user.id, title: 'Carol video' });
    for (const [method, url, body] of [
      ['GET', `/v1/channels/${channelId}`],
      ['GET', `/v1/channels/${channelId}/entries`],
      ['POST', `/v1/channels/${channelId}/entries`, { entryId: own.id }],
      ['PATCH', `/v1/entries/${own.id}`, { categoryIds: [channelId] }],
    ] as [string, string, unknown?][]) {
      expect(problem(await service.call(carol, method, url, body)), `${method} ${url}`).toEqual([404, ErrorCode.NOT_FOUND]);
    }
    expect((await service.store.getEntry(own.id))?.categoryIds).toEqual([]);
    expect((await service.call(carol, 'GET', '/v1/channels')).json().channels).toEqual([]);
  });

  it('a plain member sees the channel but manages neither its members nor its rules, and adds only entries they may change', async () => {
    expect((await service.call(service.alice, 'POST', `/v1/channels/${channelId}/members`, { userId: carol.user.id })).statusCode).toBe(
      200,
    );
    const rule = await service.call(service.alice, 'POST', '/v1/rules', { channelId, turnaroundTime: 'two_hours' });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = rule.json().id as string;
    expect((await service.call(carol, 'GET', `/v1/channels/${channelId}`)).json()).toMatchObject({ myRole: 'member', memberCount: 2 });
    for (const [method, url, body] of [
      ['POST', '/v1/rules', { channelId }],
      ['DELETE', `/v1/rules/${ruleId}`],
      ['GET', `/v1/rules/${ruleId}/runs`],
      ['POST', `/v1/channels/${channelId}/members`, { userId: service.admin.user.id, role: 'manager' }],
      ['DELETE', `/v1/channels/${channelId}/members/${service.alice.user.id}`],
      ['PATCH', `/v1/channels/${channelId}`, { privacy: 'shared' }],
      ['DELETE', `/v1/channels/${channelId}`],
    ] as [string, string, unknown?][]) {
      expect(problem(await service.call(carol, method, url, body)), `${method} ${url}`).toEqual([403, ErrorCode.FORBIDDEN]);
    }
    const alices = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'Alice private' });
    expect(problem(await service.call(carol, 'POST', `/v1/channels/${channelId}/entries`, { entryId: alices.id }))).toEqual([
      404,
      ErrorCode.NOT_FOUND,
    ]);
    expect((await service.store.getEntry(alices.id))?.categoryIds).toEqual([]);
    // users of the account see the rule (not manage it); galleries are for admins
    const listed = (await service.call(carol, 'GET', '/v1/rules')).json().rules as { id: string; canManage: boolean; targetName: string }[];
    expect(listed.find((r) => r.id === ruleId)).toMatchObject({ canManage: false, targetName: 'Sales kickoff' });
    expect(problem(await service.call(carol, 'POST', '/v1/galleries', { name: 'Mine' }))).toEqual([403, ErrorCode.FORBIDDEN]);
    expect(problem(await service.call(carol, 'POST', '/v1/rules', { categoryId: 'lectures' }))).toEqual([403, ErrorCode.FORBIDDEN]);
  });
});

describe('channels, galleries and rules: what works', () => {
  it('channel rules fire for each entry added to it, never ordering twice; a history shows each firing and skip with its reason', async () => {
    // the channel's first rule (made above) orders; this second one finds the order and skips: duplicate
    const rule = (await service.call(service.alice, 'POST', '/v1/rules', { channelId })).json() as { id: string };
    const first = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'Kickoff recording', durationMs: 60_000 });
    const added = await service.call(service.alice, 'POST', `/v1/channels/${channelId}/entries`, { entryId: first.id });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ added: true, categoryIds: [channelId] });
    expect((await service.call(service.alice, 'POST', `/v1/channels/${channelId}/entries`, { entryId: first.id })).json().added).toBe(
      false,
    );
    await service.store.setReach(service.alice.user.accountId, { enabled: false });
    const second = await service.store.createEntry({ ownerId: carol.user.id, title: 'Carol demo', visibility: 'published' });
    expect((await service.call(carol, 'PATCH', `/v1/entries/${second.id}`, { categoryIds: [channelId] })).statusCode).toBe(200);
    await service.store.setReach(service.alice.user.accountId, { enabled: true });
    const runs = await service.call(service.alice, 'GET', `/v1/rules/${rule.id}/runs`);
    expect(runs.statusCode, runs.body).toBe(200);
    expect(runs.json().runs.map((r: Record<string, unknown>) => [r.entryTitle, r.outcome, r.reason])).toEqual([
      ['Carol demo', 'skipped', 'reach_disabled'],
      ['Kickoff recording', 'skipped', 'duplicate'],
    ]);
    expect((await service.store.listEntryOrders(first.id, service.alice.user.id)).map((o) => o.turnaroundTime)).toEqual(['two_hours']);
    // the member lists the published entry and their own; the owner all of them, and may remove any
    const carols = (await service.call(carol, 'GET', `/v1/channels/${channelId}/entries`)).json();
    expect(carols.entries.map((e: { title: string; canRemove: boolean }) => [e.title, e.canRemove])).toEqual([['Carol demo', true]]);
    const alices = (await service.call(service.alice, 'GET', `/v1/channels/${channelId}/entries?limit=1`)).json();
    expect([alices.total, alices.entries.map((e: { title: string }) => e.title)]).toEqual([2, ['Carol demo']]);
    expect(alices.entries[0]).toMatchObject({ ownerName: 'Carol', canRemove: true });
    expect((await service.call(service.alice, 'DELETE', `/v1/channels/${channelId}/entries/${second.id}`)).statusCode).toBe(204);
    expect((await service.store.getEntry(second.id))?.categoryIds).toEqual([]);
  });

  it('admins name galleries; the category picker lists galleries and the channels each user sees, by name', async () => {
    const gallery = await service.call(service.admin, 'POST', '/v1/galleries', { id: 'webinars-cat', name: 'Webinars' });
    expect(gallery.statusCode, gallery.body).toBe(201);
    expect(problem(await service.call(service.admin, 'POST', '/v1/galleries', { name: 'webinars' }))).toEqual([409, ErrorCode.CONFLICT]);
    expect((await service.call(service.admin, 'PATCH', '/v1/galleries/webinars-cat', { description: 'recorded' })).json()).toMatchObject({
      name: 'Webinars',
      description: 'recorded',
    });
    const rule = await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'webinars-cat' });
    expect(rule.json()).toMatchObject({ target: 'gallery', categoryId: 'webinars-cat' });
    expect(problem(await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'x', channelId }))).toEqual([
      400,
      ErrorCode.INVALID_INPUT,
    ]);
    const names = (who: TestUser) =>
      service
        .call(who, 'GET', '/v1/categories')
        .then((r) => r.json().categories.map((c: { name: string; kind: string }) => [c.kind, c.name]));
    expect(await names(carol)).toEqual([
      ['gallery', 'Webinars'],
      ['channel', 'Sales kickoff'],
    ]);
    const hidden = (await service.call(service.alice, 'POST', '/v1/channels', { name: 'Private notes' })).json();
    expect(await names(carol)).not.toContainEqual(['channel', 'Private notes']);
    expect(await names(service.admin)).toContainEqual(['channel', 'Private notes']);
    expect((await service.call(service.alice, 'DELETE', `/v1/channels/${hidden.id}`)).statusCode).toBe(204);
    expect((await service.call(service.admin, 'DELETE', '/v1/galleries/webinars-cat')).statusCode).toBe(204);
    expect(problem(await service.call(service.admin, 'DELETE', '/v1/galleries/webinars-cat'))).toEqual([404, ErrorCode.NOT_FOUND]);
    expect(
      (await service.call(service.admin, 'GET', '/v1/rules')).json().rules.map((r: { categoryId: string }) => r.categoryId),
    ).not.toContain('webinars-cat');
  });
});
