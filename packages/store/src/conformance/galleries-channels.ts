import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

export function galleryChannelTests(target: ConformanceTarget): void {
  describe('galleries, channels and their rules', () => {
    const fx = useFixture(target);

    it('names categories as galleries: an existing category keeps its entries and rules; names are unique per account', async () => {
      const { store, account, stranger } = fx();
      const old = await store.addRule({ accountId: account.id, categoryId: 'lectures' });
      const before = await fx().entry({ categoryIds: ['lectures'] });
      const lectures = await store.createGallery(account.id, { id: 'lectures', name: 'Lectures' });
      const slides = await store.createGallery(account.id, { name: 'Slides', description: 'decks' });
      expect(slides.id).toMatch(/^gal_/);
      expect((await store.listGalleries(account.id)).map((g) => [g.id, g.name])).toEqual([
        ['lectures', 'Lectures'],
        [slides.id, 'Slides'],
      ]);
      expect((await rejection(store.createGallery(account.id, { name: 'SLIDES' }))).code).toBe(ErrorCode.CONFLICT);
      expect((await rejection(store.createGallery(account.id, { id: 'lectures', name: 'Other' }))).code).toBe(ErrorCode.CONFLICT);
      expect((await rejection(store.createGallery(account.id, { name: '  ' }))).code).toBe(ErrorCode.INVALID_INPUT);
      // another account may use the same name and id
      await store.createGallery(stranger.accountId, { id: 'lectures', name: 'Lectures' });
      expect((await rejection(store.updateGallery(account.id, lectures.id, { name: 'slides' }))).code).toBe(ErrorCode.CONFLICT);
      expect(await store.updateGallery(account.id, lectures.id, { name: 'Talks' })).toMatchObject({ id: 'lectures', name: 'Talks' });
      expect((await store.listRules(account.id)).map((r) => [r.id, r.target])).toEqual([[old.id, 'gallery']]);
      // deleting the gallery deletes its rules and takes its id out of the entries
      expect(await store.deleteGallery(account.id, 'lectures')).toBe(true);
      expect(await store.deleteGallery(account.id, 'lectures')).toBe(false);
      expect(await store.listRules(account.id)).toEqual([]);
      expect((await store.getEntry(before.id))?.categoryIds).toEqual([]);
      expect((await store.listGalleries(stranger.accountId)).map((g) => g.id)).toEqual(['lectures']);
    });

    it('a private channel is seen by its members and admins only; members do not manage it', async () => {
      const { store, user, colleague, stranger } = fx();
      const { user: admin } = await store.createUser({ accountId: user.accountId, name: 'Root', role: 'admin' });
      const channel = await store.createChannel(user.id, { name: 'Sales', privacy: 'private' });
      expect(channel).toMatchObject({ ownerId: user.id, privacy: 'private', memberCount: 1, myRole: 'owner' });
      for (const outsider of [colleague.id, stranger.id]) {
        expect((await rejection(store.getChannel(outsider, channel.id))).code).toBe(ErrorCode.NOT_FOUND);
        expect((await rejection(store.listChannelMembers(outsider, channel.id))).code).toBe(ErrorCode.NOT_FOUND);
        expect((await store.listChannels(outsider)).map((c) => c.id)).toEqual([]);
      }
      expect((await store.getChannel(admin.id, channel.id)).myRole).toBe('admin');
      expect((await rejection(store.setChannelMember(user.id, channel.id, stranger.id, 'member'))).code).toBe(ErrorCode.NOT_FOUND);
      await store.setChannelMember(user.id, channel.id, colleague.id, 'member');
      expect((await store.listChannels(colleague.id)).map((c) => [c.id, c.myRole, c.memberCount])).toEqual([[channel.id, 'member', 2]]);
      expect((await rejection(store.setChannelMember(colleague.id, channel.id, admin.id, 'member'))).code).toBe(ErrorCode.FORBIDDEN);
      expect((await rejection(store.updateChannel(colleague.id, channel.id, { name: 'Mine' }))).code).toBe(ErrorCode.FORBIDDEN);
      expect((await rejection(store.addRuleAs(colleague.id, { target: 'channel', categoryId: channel.id }))).code).toBe(
        ErrorCode.FORBIDDEN,
      );
      expect((await rejection(store.deleteChannel(colleague.id, channel.id))).code).toBe(ErrorCode.FORBIDDEN);
      expect((await rejection(store.setChannelMember(user.id, channel.id, user.id, 'member'))).code).toBe(ErrorCode.INVALID_INPUT);
      // a manager manages members and rules
      await store.setChannelMember(user.id, channel.id, colleague.id, 'manager');
      expect((await store.listChannelMembers(colleague.id, channel.id)).map((m) => [m.name, m.role])).toEqual([
        ['Ada', 'manager'],
        ['Bob', 'manager'],
      ]);
      const rule = await store.addRuleAs(colleague.id, { target: 'channel', categoryId: channel.id });
      expect(rule).toMatchObject({ target: 'channel', categoryId: channel.id });
      expect((await rejection(store.addRuleAs(stranger.id, { target: 'channel', categoryId: channel.id }))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(store.addRuleAs(user.id, { categoryId: 'lectures' }))).code).toBe(ErrorCode.FORBIDDEN);
      expect((await store.updateChannel(colleague.id, channel.id, { privacy: 'shared', description: 'all' })).privacy).toBe('shared');
      expect(await store.removeChannelMember(colleague.id, channel.id, colleague.id)).toBe(true);
      expect((await store.getChannel(colleague.id, channel.id)).myRole).toBe('viewer');
      expect((await rejection(store.removeChannelMember(admin.id, channel.id, user.id))).code).toBe(ErrorCode.INVALID_INPUT);
      expect((await store.listRulesAs(colleague.id)).map((r) => [r.id, r.canManage])).toEqual([[rule.id, false]]);
      expect((await store.listRulesAs(stranger.id)).map((r) => r.id)).toEqual([]);
    });

    it('entries join a channel, its rules fire once per entry and record each skip with its reason', async () => {
      const { store, account, user, colleague, stranger } = fx();
      const channel = await store.createChannel(user.id, { name: 'Lectures' });
      await store.setChannelMember(user.id, channel.id, colleague.id, 'member');
      const rule = await store.addRuleAs(user.id, { target: 'channel', categoryId: channel.id, turnaroundTime: 'two_hours' });
      const first = await fx().entry({ visibility: 'published' });
      const added = await store.addChannelEntry(user.id, channel.id, first.id);
      expect([added.added, added.entry.categoryIds]).toEqual([true, [channel.id]]);
      const orders = await store.listEntryOrders(first.id, user.id);
      expect(orders.map((o) => [o.status, o.turnaroundTime])).toEqual([['pending', 'two_hours']]);
      expect((await store.addChannelEntry(user.id, channel.id, first.id)).added).toBe(false);
      // someone else's entry, a channel hidden from the user, an entry of another account
      expect((await rejection(store.addChannelEntry(colleague.id, channel.id, first.id))).code).toBe(ErrorCode.NOT_FOUND);
      const foreign = await store.createEntry({ ownerId: stranger.id, title: 'Theirs' });
      expect((await rejection(store.addChannelEntry(stranger.id, channel.id, foreign.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(store.addChannelEntry(user.id, channel.id, foreign.id))).code).toBe(ErrorCode.NOT_FOUND);
      // an entry with an active OCR order: duplicate; REACH off; not enough credit
      const ordered = await fx().order();
      await store.addChannelEntry(user.id, channel.id, ordered.entryId);
      await store.setReach(account.id, { enabled: false });
      const off = await fx().entry();
      await store.addChannelEntry(user.id, channel.id, off.id);
      await store.setReach(account.id, { enabled: true, creditMinutes: 0 });
      const poor = await fx().entry({ durationMs: 90_000 });
      await store.addChannelEntry(user.id, channel.id, poor.id);
      const history = await store.listRuleHistory(user.id, rule.id);
      expect(history.map((r) => [r.entryId, r.outcome, r.reason])).toEqual([
        [poor.id, 'skipped', 'insufficient_credit'],
        [off.id, 'skipped', 'reach_disabled'],
        [ordered.entryId, 'skipped', 'duplicate'],
        [first.id, 'ordered', null],
      ]);
      expect(history.at(-1)?.orderId).toBe(orders[0]?.id);
      expect((await store.listRuleHistory(user.id, rule.id, 1)).map((r) => r.entryId)).toEqual([poor.id]);
      expect((await rejection(store.listRuleHistory(colleague.id, rule.id))).code).toBe(ErrorCode.FORBIDDEN);
      expect((await rejection(store.listRuleHistory(stranger.id, rule.id))).code).toBe(ErrorCode.NOT_FOUND);
      // the member sees the published entry only; the owner sees all four
      expect((await store.listChannelEntries(colleague.id, channel.id)).entries.map((e) => e.id)).toEqual([first.id]);
      const listed = await store.listChannelEntries(user.id, channel.id, { limit: 2 });
      expect([listed.total, listed.entries.map((e) => e.id)]).toEqual([4, [poor.id, off.id]]);
      // the colleague's own entry: added by them, removed by the channel's owner (a manager)
      const theirs = await store.createEntry({ ownerId: colleague.id, title: 'Bob video' });
      await store.addChannelEntry(colleague.id, channel.id, theirs.id);
      expect((await rejection(store.removeChannelEntry(colleague.id, channel.id, first.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await store.removeChannelEntry(user.id, channel.id, theirs.id)).categoryIds).toEqual([]);
      // deleting the channel: its rules go, its entries leave it
      expect((await rejection(store.deleteRuleAs(colleague.id, rule.id))).code).toBe(ErrorCode.FORBIDDEN);
      await store.deleteChannel(user.id, channel.id);
      expect((await rejection(store.getChannel(user.id, channel.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await store.getEntry(first.id))?.categoryIds).toEqual([]);
      expect(await store.listRules(account.id)).toEqual([]);
      expect(await store.deleteRuleAs(user.id, rule.id)).toBe(false);
    });

    it('a shared channel takes entries from every user of the account; channelRoles names the hidden ones', async () => {
      const { store, user, colleague, stranger } = fx();
      const shared = await store.createChannel(user.id, { name: 'Everyone', privacy: 'shared' });
      const hidden = await store.createChannel(user.id, { name: 'Secret' });
      const theirs = await store.createEntry({ ownerId: colleague.id, title: 'Bob video' });
      expect((await store.addChannelEntry(colleague.id, shared.id, theirs.id)).added).toBe(true);
      expect((await rejection(store.addChannelEntry(colleague.id, hidden.id, theirs.id))).code).toBe(ErrorCode.NOT_FOUND);
      const roles = await store.channelRoles(colleague.id, [shared.id, hidden.id, 'lectures']);
      expect([...roles.entries()].sort()).toEqual(
        [
          [shared.id, 'viewer'],
          [hidden.id, null],
        ].sort(),
      );
      expect([...(await store.channelRoles(stranger.id, [shared.id])).values()]).toEqual([null]);
      expect((await store.listChannels(colleague.id)).map((c) => c.name)).toEqual(['Everyone']);
      expect((await store.listChannels(user.id)).map((c) => c.name)).toEqual(['Everyone', 'Secret']);
    });

    it('an entry added to many channels at once, from two stores, is in every one of them', async () => {
      const { store, user } = fx();
      const second = await fx().openSecond();
      const channels = [];
      for (let i = 0; i < 8; i++) channels.push(await store.createChannel(user.id, { name: `Channel ${i}` }));
      const entry = await fx().entry();
      await Promise.all(channels.map((c, i) => (i % 2 === 0 ? store : second).addChannelEntry(user.id, c.id, entry.id)));
      expect([...((await store.getEntry(entry.id))?.categoryIds ?? [])].sort()).toEqual(channels.map((c) => c.id).sort());
    });
  });
}
