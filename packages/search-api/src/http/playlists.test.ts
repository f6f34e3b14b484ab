import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapabilities } from './capabilities.js';
import { leadFor } from './search-leads.js';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/** Playlists, the Watch List and Analytics over HTTP: the attacks first, then what each call does. */
let service: TestService;
const key = randomBytes(32);
let carol: TestUser;
const ids = { alicePrivate: '', alicePublished: '', bobPrivate: '', bobPublished: '', carolPrivate: '' };

beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 5000 }, capabilityKey: key });
  const created = await service.store.createUser({ accountId: service.alice.user.accountId, name: 'Carol' });
  carol = { user: created.user, token: created.token };
  const entry = (who: TestUser, title: string, visibility: 'private' | 'published' = 'private') =>
    service.store.createEntry({ ownerId: who.user.id, title, visibility, durationMs: 5000, mediaType: 'video' }).then((e) => e.id);
  ids.alicePrivate = await entry(service.alice, 'Alice private');
  ids.alicePublished = await entry(service.alice, 'Alice published', 'published');
  ids.bobPrivate = await entry(service.bob, 'Bob private');
  ids.bobPublished = await entry(service.bob, 'Bob published', 'published');
  ids.carolPrivate = await entry(carol, 'Carol private');
});
afterAll(() => service?.close());

const create = async (who: TestUser, body: Record<string, unknown>) => {
  const res = await service.call(who, 'POST', '/v1/playlists', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; entryCount: number };
};
const expectCode = (res: { statusCode: number; json(): { code: string } }, status: number, code: string) =>
  expect([res.statusCode, res.json().code]).toEqual([status, code]);

describe('playlists: attacks', () => {
  it("another user's playlist is 404 for every call (an admin of the owner's account too), and stays unchanged", async () => {
    const list = await create(service.alice, { name: 'Alice only', entryIds: [ids.alicePrivate] });
    for (const who of [service.bob, carol, service.admin]) {
      expectCode(await service.call(who, 'GET', `/v1/playlists/${list.id}`), 404, ErrorCode.NOT_FOUND);
      expectCode(await service.call(who, 'PATCH', `/v1/playlists/${list.id}`, { name: 'Mine now' }), 404, ErrorCode.NOT_FOUND);
      expectCode(await service.call(who, 'DELETE', `/v1/playlists/${list.id}`), 404, ErrorCode.NOT_FOUND);
      expectCode(
        await service.call(who, 'POST', `/v1/playlists/${list.id}/entries`, { entryIds: [ids.bobPublished] }),
        404,
        ErrorCode.NOT_FOUND,
      );
      expectCode(await service.call(who, 'DELETE', `/v1/playlists/${list.id}/entries/${ids.alicePrivate}`), 404, ErrorCode.NOT_FOUND);
      expect((await service.call(who, 'GET', '/v1/playlists')).json().playlists.map((p: { id: string }) => p.id)).not.toContain(list.id);
    }
    const kept = (await service.call(service.alice, 'GET', `/v1/playlists/${list.id}`)).json();
    expect([kept.playlist.name, kept.entries.map((e: { title: string }) => e.title)]).toEqual(['Alice only', ['Alice private']]);
    expectCode(await service.call(null, 'GET', '/v1/playlists'), 401, ErrorCode.UNAUTHORIZED);
  });

  it("adding an entry of another account, or a colleague's private one, is 404 and adds nothing (create included)", async () => {
    const list = await create(service.alice, { name: 'Guarded' });
    for (const hidden of [ids.bobPrivate, ids.carolPrivate, 'ent_missing']) {
      const res = await service.call(service.alice, 'POST', `/v1/playlists/${list.id}/entries`, { entryIds: [ids.alicePrivate, hidden] });
      expectCode(res, 404, ErrorCode.NOT_FOUND);
      expect(res.json().detail).toBe(`Entry ${hidden} was not found.`);
    }
    expect((await service.call(service.alice, 'GET', `/v1/playlists/${list.id}`)).json().entries).toEqual([]);
    const before = (await service.call(service.alice, 'GET', '/v1/playlists')).json().playlists.length;
    expectCode(
      await service.call(service.alice, 'POST', '/v1/playlists', { name: 'Sneaky', entryIds: [ids.bobPrivate] }),
      404,
      ErrorCode.NOT_FOUND,
    );
    expect((await service.call(service.alice, 'GET', '/v1/playlists')).json().playlists.length).toBe(before);
    // an admin adds their account's private entries; a published entry of another account is anyone's to add
    const adminList = await create(service.admin, { name: 'Account', entryIds: [ids.carolPrivate, ids.bobPublished] });
    expect(adminList.entryCount).toBe(2);
  });

  it("the Watch List is the caller's own: another account's private entry is 404, another user's list is never shown", async () => {
    expectCode(await service.call(service.alice, 'POST', '/v1/watch-list', { entryId: ids.bobPrivate }), 404, ErrorCode.NOT_FOUND);
    expect((await service.call(service.bob, 'POST', '/v1/watch-list', { entryId: ids.bobPrivate })).statusCode).toBe(201);
    expect((await service.call(service.alice, 'GET', '/v1/watch-list')).json().entries).toEqual([]);
    expectCode(await service.call(service.alice, 'DELETE', `/v1/watch-list/${ids.bobPrivate}`), 404, ErrorCode.NOT_FOUND);
    expect((await service.call(service.bob, 'GET', '/v1/watch-list')).json().entries.map((e: { title: string }) => e.title)).toEqual([
      'Bob private',
    ]);
  });

  it("analytics of someone else's entry is 404 (a published one too); the owner and the account's admin read it", async () => {
    for (const [who, entryId] of [
      [service.bob, ids.alicePrivate],
      [service.bob, ids.alicePublished],
      [carol, ids.alicePublished],
      [service.alice, ids.bobPublished],
    ] as const) {
      expectCode(await service.call(who, 'GET', `/v1/entries/${entryId}/analytics`), 404, ErrorCode.NOT_FOUND);
    }
    for (const who of [service.alice, service.admin]) {
      const res = await service.call(who, 'GET', `/v1/entries/${ids.alicePublished}/analytics`);
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('a search lead counts once per search, entry and user; a forged, moved, stolen or expired lead is refused', async () => {
    const caps = createCapabilities({ key });
    const lead = (entryId: string, userId: string, searchId = 'srch_one') => ({
      searchId,
      lead: leadFor(caps, { entryId, searchId, userId }),
    });
    const post = (who: TestUser, entryId: string, body: unknown) => service.call(who, 'POST', `/v1/entries/${entryId}/search-leads`, body);
    const target = ids.alicePublished;
    // bob's lead to a published entry counts once; the same again adds nothing
    expect((await post(service.bob, target, lead(target, service.bob.user.id))).json()).toEqual({ counted: true });
    expect((await post(service.bob, target, lead(target, service.bob.user.id))).json()).toEqual({ counted: false });
    // carol cannot spend bob's lead, nor a lead of another entry or search, nor a made-up one
    expectCode(await post(carol, target, lead(target, service.bob.user.id)), 400, ErrorCode.INVALID_INPUT);
    expectCode(await post(service.bob, target, lead(ids.bobPublished, service.bob.user.id)), 400, ErrorCode.INVALID_INPUT);
    expectCode(
      await post(service.bob, target, { searchId: 'srch_two', lead: lead(target, service.bob.user.id).lead }),
      400,
      ErrorCode.INVALID_INPUT,
    );
    expectCode(
      await post(service.bob, target, { searchId: 'srch_x', lead: `${service.bob.user.id}.9999999999.${'A'.repeat(43)}` }),
      400,
      ErrorCode.INVALID_INPUT,
    );
    const old = createCapabilities({ key, now: () => Date.now() - 3_600_000 });
    expectCode(
      await post(service.bob, target, {
        searchId: 'srch_old',
        lead: leadFor(old, { entryId: target, searchId: 'srch_old', userId: service.bob.user.id }),
      }),
      400,
      ErrorCode.INVALID_INPUT,
    );
    // an entry the caller may not see is 404 whatever the lead
    expectCode(await post(service.bob, ids.alicePrivate, lead(ids.alicePrivate, service.bob.user.id)), 404, ErrorCode.NOT_FOUND);
    // another search by the same user counts again
    expect((await post(service.bob, target, lead(target, service.bob.user.id, 'srch_next'))).json()).toEqual({ counted: true });
    const stats = (await service.call(service.alice, 'GET', `/v1/entries/${target}/analytics`)).json();
    expect(stats.searchLeadCount).toBe(2);
  });

  it('plays: a user counts once per 30 minutes however often the page asks; analytics has them per day', async () => {
    const target = ids.alicePublished;
    for (let i = 0; i < 5; i++) await service.call(service.bob, 'POST', `/v1/entries/${target}/views`);
    await service.call(carol, 'POST', `/v1/entries/${target}/views`);
    const stats = (await service.call(service.alice, 'GET', `/v1/entries/${target}/analytics`)).json() as {
      viewCount: number;
      days: { day: string; views: number; searchLeads: number }[];
    };
    expect(stats.viewCount).toBe(2);
    expect(stats.days).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.days.at(-1)).toEqual({ day: today, views: 2, searchLeads: 2 });
    expect(stats.days.slice(0, -1).every((d) => d.views === 0 && d.searchLeads === 0)).toBe(true);
    expect(new Date(`${stats.days[0]?.day}T00:00:00Z`).getTime()).toBe(new Date(`${today}T00:00:00Z`).getTime() - 29 * 86_400_000);
  });
});

describe('playlists: what the calls do', () => {
  it('creates, lists, adds in order, reorders, renames, removes and deletes', async () => {
    const list = await create(service.alice, { name: 'Course', description: 'Week 1', entryIds: [ids.alicePrivate] });
    const added = await service.call(service.alice, 'POST', `/v1/playlists/${list.id}/entries`, {
      entryIds: [ids.bobPublished, ids.alicePrivate, ids.alicePublished],
    });
    expect(added.json()).toMatchObject({
      added: [ids.bobPublished, ids.alicePublished],
      already: [ids.alicePrivate],
      playlist: { entryCount: 3 },
    });
    const titles = async () =>
      (await service.call(service.alice, 'GET', `/v1/playlists/${list.id}`)).json().entries.map((e: { title: string }) => e.title);
    expect(await titles()).toEqual(['Alice private', 'Bob published', 'Alice published']);
    const view = (await service.call(service.alice, 'GET', `/v1/playlists/${list.id}`)).json().entries[1];
    expect(view).toMatchObject({ entryId: ids.bobPublished, ownerName: 'Bob', visibility: 'published', durationMs: 5000 });
    expect(view.thumbnailUrl).toMatch(new RegExp(`^/v1/entries/${ids.bobPublished}/thumbnail\\?t=1000&cap=`));
    const patched = await service.call(service.alice, 'PATCH', `/v1/playlists/${list.id}`, {
      name: 'Course 2',
      entryIds: [ids.alicePublished, ids.alicePrivate],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().playlist.name).toBe('Course 2');
    expect(await titles()).toEqual(['Alice published', 'Alice private', 'Bob published']);
    expectCode(await service.call(service.alice, 'PATCH', `/v1/playlists/${list.id}`, {}), 400, ErrorCode.INVALID_INPUT);
    expectCode(await service.call(service.alice, 'POST', '/v1/playlists', { name: '' }), 400, ErrorCode.INVALID_INPUT);
    expect((await service.call(service.alice, 'DELETE', `/v1/playlists/${list.id}/entries/${ids.alicePrivate}`)).statusCode).toBe(204);
    expectCode(
      await service.call(service.alice, 'DELETE', `/v1/playlists/${list.id}/entries/${ids.alicePrivate}`),
      404,
      ErrorCode.NOT_FOUND,
    );
    expect(await titles()).toEqual(['Alice published', 'Bob published']);
    // bob makes his entry private: it leaves alice's view of the list
    await service.call(service.bob, 'PATCH', `/v1/entries/${ids.bobPublished}`, { visibility: 'private' });
    expect(await titles()).toEqual(['Alice published']);
    await service.call(service.bob, 'PATCH', `/v1/entries/${ids.bobPublished}`, { visibility: 'published' });
    const names = (await service.call(service.alice, 'GET', '/v1/playlists')).json().playlists.map((p: { name: string }) => p.name);
    expect(names[0]).toBe('Course 2');
    expect((await service.call(service.alice, 'DELETE', `/v1/playlists/${list.id}`)).statusCode).toBe(204);
    expectCode(await service.call(service.alice, 'GET', `/v1/playlists/${list.id}`), 404, ErrorCode.NOT_FOUND);
  });

  it('the Watch List: 201 when added, 200 when it was there, newest first, removed with 204', async () => {
    const first = await service.call(carol, 'POST', '/v1/watch-list', { entryId: ids.alicePublished });
    expect([first.statusCode, first.json().added]).toEqual([201, true]);
    const again = await service.call(carol, 'POST', '/v1/watch-list', { entryId: ids.alicePublished });
    expect([again.statusCode, again.json().added, again.json().addedAt]).toEqual([200, false, first.json().addedAt]);
    await service.call(carol, 'POST', '/v1/watch-list', { entryId: ids.carolPrivate });
    const titles = async () => (await service.call(carol, 'GET', '/v1/watch-list')).json().entries.map((e: { title: string }) => e.title);
    expect(await titles()).toEqual(['Carol private', 'Alice published']);
    expect((await service.call(carol, 'DELETE', `/v1/watch-list/${ids.carolPrivate}`)).statusCode).toBe(204);
    expect(await titles()).toEqual(['Alice published']);
  });
});
