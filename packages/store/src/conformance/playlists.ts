import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

/** Playlists and the Watch List (a user's own; only entries they may see), and the counts behind Analytics. */
export function playlistTests(target: ConformanceTarget): void {
  describe('playlists, watch list, analytics counts', () => {
    const fx = useFixture(target);
    const titles = (items: { entry: { title: string } }[]) => items.map((i) => i.entry.title);

    it("a playlist is its owner's alone: another user (an admin too) gets NOT_FOUND for every call", async () => {
      const { store, user, colleague, stranger } = fx();
      const admin = (await store.createUser({ accountId: user.accountId, name: 'Root', role: 'admin' })).user;
      const list = await store.createPlaylist(user.id, { name: '  Lectures ', description: 'Term 1' });
      expect([list.name, list.description, list.entryCount]).toEqual(['Lectures', 'Term 1', 0]);
      const mine = await fx().entry({ title: 'Mine' });
      for (const other of [colleague, stranger, admin]) {
        for (const call of [
          () => store.getPlaylist(other.id, list.id),
          () => store.updatePlaylist(other.id, list.id, { name: 'Taken' }),
          () => store.addPlaylistEntries(other.id, list.id, [mine.id]),
          () => store.removePlaylistEntry(other.id, list.id, mine.id),
        ]) {
          expect((await rejection(call())).code).toBe(ErrorCode.NOT_FOUND);
        }
        expect(await store.deletePlaylist(other.id, list.id)).toBe(false);
        expect(await store.listPlaylists(other.id)).toEqual([]);
      }
      expect((await store.getPlaylist(user.id, list.id)).playlist.name).toBe('Lectures');
      expect((await rejection(store.createPlaylist(user.id, { name: '   ' }))).code).toBe(ErrorCode.INVALID_INPUT);
    });

    it('adds only entries the owner may see (all or nothing), appends in order, keeps ones held, removes, reorders', async () => {
      const { store, user, colleague, stranger } = fx();
      const a = await fx().entry({ title: 'A' });
      const b = await fx().entry({ title: 'B' });
      const published = await store.createEntry({ ownerId: stranger.id, title: 'Elsewhere, published', visibility: 'published' });
      const secret = await store.createEntry({ ownerId: colleague.id, title: 'Colleague private' });
      const list = await store.createPlaylist(user.id, { name: 'Mix' });
      for (const hidden of [secret.id, 'ent_missing']) {
        const refused = await rejection(store.addPlaylistEntries(user.id, list.id, [a.id, hidden]));
        expect([refused.code, refused.details?.id]).toEqual([ErrorCode.NOT_FOUND, hidden]);
      }
      expect((await store.getPlaylist(user.id, list.id)).entries).toEqual([]);
      expect(await store.addPlaylistEntries(user.id, list.id, [b.id, a.id])).toEqual({ added: [b.id, a.id], already: [] });
      expect(await store.addPlaylistEntries(user.id, list.id, [a.id, published.id])).toEqual({ added: [published.id], already: [a.id] });
      expect(titles((await store.getPlaylist(user.id, list.id)).entries)).toEqual(['B', 'A', 'Elsewhere, published']);
      await store.updatePlaylist(user.id, list.id, { entryIds: [published.id, a.id] });
      expect(titles((await store.getPlaylist(user.id, list.id)).entries)).toEqual(['Elsewhere, published', 'A', 'B']);
      const bad = await rejection(store.updatePlaylist(user.id, list.id, { entryIds: [secret.id] }));
      expect([bad.code, bad.details?.entryIds]).toEqual([ErrorCode.INVALID_INPUT, [secret.id]]);
      expect((await rejection(store.updatePlaylist(user.id, list.id, { entryIds: [a.id, a.id] }))).code).toBe(ErrorCode.INVALID_INPUT);
      expect(await store.removePlaylistEntry(user.id, list.id, a.id)).toBe(true);
      expect(await store.removePlaylistEntry(user.id, list.id, a.id)).toBe(false);
      // made private by its owner: no longer shown nor counted, not removed (shown again once published)
      await store.updateEntry(published.id, { visibility: 'private' });
      const now = await store.getPlaylist(user.id, list.id);
      expect([titles(now.entries), now.playlist.entryCount]).toEqual([['B'], 1]);
      await store.updateEntry(published.id, { visibility: 'published' });
      expect((await store.listPlaylists(user.id))[0]?.entryCount).toBe(2);
      // a deleted entry leaves every list
      await store.deleteEntry(b.id);
      expect(titles((await store.getPlaylist(user.id, list.id)).entries)).toEqual(['Elsewhere, published']);
      expect(await store.deletePlaylist(user.id, list.id)).toBe(true);
      expect((await rejection(store.getPlaylist(user.id, list.id))).code).toBe(ErrorCode.NOT_FOUND);
    });

    it("an admin may add their account's private entries; a user may not add a colleague's", async () => {
      const { store, user, colleague } = fx();
      const admin = (await store.createUser({ accountId: user.accountId, name: 'Root', role: 'admin' })).user;
      const colleagues = await store.createEntry({ ownerId: colleague.id, title: 'Colleague private' });
      const adminList = await store.createPlaylist(admin.id, { name: 'Account' });
      expect((await store.addPlaylistEntries(admin.id, adminList.id, [colleagues.id])).added).toEqual([colleagues.id]);
      const userList = await store.createPlaylist(user.id, { name: 'Mine' });
      expect((await rejection(store.addPlaylistEntries(user.id, userList.id, [colleagues.id]))).code).toBe(ErrorCode.NOT_FOUND);
    });

    it('the Watch List: per user, newest first, entries the user may see, added once', async () => {
      const { store, user, colleague } = fx();
      const a = await fx().entry({ title: 'A' });
      const b = await fx().entry({ title: 'B' });
      const first = await store.addToWatchList(user.id, a.id);
      expect(first.added).toBe(true);
      expect(await store.addToWatchList(user.id, a.id)).toEqual({ added: false, addedAt: first.addedAt });
      await store.addToWatchList(user.id, b.id);
      expect(titles(await store.listWatchList(user.id))).toEqual(['B', 'A']);
      expect(await store.listWatchList(colleague.id)).toEqual([]);
      expect((await rejection(store.addToWatchList(colleague.id, a.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect(await store.removeFromWatchList(colleague.id, a.id)).toBe(false);
      expect(await store.removeFromWatchList(user.id, a.id)).toBe(true);
      expect(titles(await store.listWatchList(user.id))).toEqual(['B']);
    });

    it('concurrent adds of one entry (two stores) add it once, to a playlist and to the Watch List', async () => {
      const { store, user } = fx();
      const second = await fx().openSecond();
      const e = await fx().entry({ title: 'Raced' });
      const list = await store.createPlaylist(user.id, { name: 'Race' });
      const adds = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).addPlaylistEntries(user.id, list.id, [e.id])),
      );
      expect(adds.filter((a) => a.added.length === 1)).toHaveLength(1);
      expect(adds.filter((a) => a.already.length === 1)).toHaveLength(5);
      const watched = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).addToWatchList(user.id, e.id)));
      expect(watched.filter((w) => w.added)).toHaveLength(1);
      expect(new Set(watched.map((w) => w.addedAt)).size).toBe(1);
      expect((await store.getPlaylist(user.id, list.id)).entries).toHaveLength(1);
      expect(await store.listWatchList(user.id)).toHaveLength(1);
    });

    it("counts a user's play once per window and a search's lead once per user; totals and today's row", async () => {
      const { store, user, colleague, db } = fx();
      const e = await fx().entry({ title: 'Counted', visibility: 'published' });
      expect(await store.countEntryPlay(e.id, user.id, 60_000)).toBe('counted');
      expect(await store.countEntryPlay(e.id, user.id, 60_000)).toBe('recent');
      expect(await store.countEntryPlay(e.id, colleague.id, 60_000)).toBe('counted');
      expect(await store.countEntryPlay('ent_missing', user.id, 60_000)).toBe('missing');
      // once the window has passed, the same user's play counts again
      await db.query(`UPDATE entry_viewers SET counted_ms = counted_ms - 61000 WHERE user_id = '${user.id}'`);
      expect(await store.countEntryPlay(e.id, user.id, 60_000)).toBe('counted');
      const lead = { entryId: e.id, userId: user.id, searchId: 'srch_1', keepMs: 86_400_000 };
      expect(await store.countSearchLead(lead)).toBe(true);
      expect(await store.countSearchLead(lead)).toBe(false);
      expect(await store.countSearchLead({ ...lead, userId: colleague.id })).toBe(true);
      expect(await store.countSearchLead({ ...lead, searchId: 'srch_2' })).toBe(true);
      expect(await store.countSearchLead({ ...lead, entryId: 'ent_missing' })).toBe(false);
      const today = new Date().toISOString().slice(0, 10);
      const stats = await store.getEntryStats(e.id, '2000-01-01');
      expect(stats).toEqual({ viewCount: 3, searchLeadCount: 3, days: [{ day: today, views: 3, searchLeads: 3 }] });
      expect((await store.getEntryStats(e.id, '9999-01-01'))?.days).toEqual([]);
      expect(await store.getEntryStats('ent_missing', today)).toBeNull();
      expect((await store.getEntry(e.id))?.viewCount).toBe(3);
    });
  });
}
