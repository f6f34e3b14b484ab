import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

export function accountEntryRuleTests(target: ConformanceTarget): void {
  describe('accounts, entries and rules', () => {
    const fx = useFixture(target);

    it('authenticates by token, stores only its SHA-256, and revokes it', async () => {
      const { store, token, user, db } = fx();
      expect((await store.authenticate(token))?.id).toBe(user.id);
      expect(await store.authenticate(`${token}x`)).toBeNull();
      const rows = await db.query('SELECT * FROM api_tokens');
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows.some((row) => /^[0-9a-f]{64}$/.test(String(row.token_sha256)))).toBe(true);
      expect(await store.revokeToken(token)).toBe(true);
      expect(await store.authenticate(token)).toBeNull();
      expect(await store.revokeToken(token)).toBe(false);
      expect((await rejection(store.createUser({ accountId: 'nope', name: 'x' }))).code).toBe(ErrorCode.NOT_FOUND);
    });

    it('accepts a chosen token for a new user or as another token of an existing one', async () => {
      const { store, user } = fx();
      const chosen = 'demo-token-0123456789';
      const created = await store.createUser({ accountId: user.accountId, name: 'scripted', token: chosen });
      expect(created.token).toBe(chosen);
      expect((await store.authenticate(chosen))?.id).toBe(created.user.id);
      const another = await store.addUserToken(user.id, 'another-token-0123456789');
      expect((await store.authenticate(another))?.id).toBe(user.id);
      expect((await rejection(store.addUserToken(user.id, 'short'))).code).toBe(ErrorCode.INVALID_INPUT);
      expect((await store.authenticate(await store.addUserToken(user.id)))?.id).toBe(user.id);
    });

    it("names users by id in one call: each known id once, unknown ids left out, any account's users", async () => {
      const { store, user, colleague, stranger } = fx();
      const names = await store.getUserNames([user.id, stranger.id, 'usr_missing', user.id, colleague.id]);
      expect([...names.entries()].sort()).toEqual(
        [
          [user.id, 'Ada'],
          [colleague.id, 'Bob'],
          [stranger.id, 'Eve'],
        ].sort(),
      );
      expect((await store.getUserNames([])).size).toBe(0);
      const many = Array.from({ length: 999 }, (_, i) => `usr_${i}`); // with user.id: the 1 000 allowed
      expect((await store.getUserNames([...many, user.id, user.id])).get(user.id)).toBe('Ada');
      expect((await rejection(store.getUserNames([...many, 'usr_one_more', user.id]))).code).toBe(ErrorCode.INVALID_INPUT);
    });

    it('keeps entries with media fields, lists them newest first with search and paging', async () => {
      const { store, user } = fx();
      const first = await fx().entry({ title: 'Quarterly Revenue', filePath: '/media/q.mp4', sizeBytes: 1234, tags: ['finance'] });
      await fx().entry({ title: 'Team offsite', description: 'revenue of 50% growth' });
      const third = await fx().entry({ title: 'Cats' });
      expect(await store.getEntry(first.id)).toMatchObject({
        filePath: '/media/q.mp4',
        sizeBytes: 1234,
        tags: ['finance'],
        visibility: 'private',
      });
      const all = await store.listEntries(user.id);
      expect(all.total).toBe(3);
      expect(all.entries[0]?.id).toBe(third.id);
      expect((await store.listEntries(user.id, { q: 'REVENUE' })).entries.map((e) => e.title)).toEqual([
        'Team offsite',
        'Quarterly Revenue',
      ]);
      expect((await store.listEntries(user.id, { q: '50%' })).total).toBe(1);
      expect((await store.listEntries(user.id, { q: 'FINANCE' })).entries.map((e) => e.id)).toEqual([first.id]);
      expect((await store.listEntries(user.id, { limit: 1, offset: 2 })).entries.map((e) => e.id)).toEqual([first.id]);
      const updated = await store.updateEntry(first.id, { title: 'Q3 revenue', visibility: 'published' });
      expect(updated).toMatchObject({ title: 'Q3 revenue', visibility: 'published', filePath: '/media/q.mp4' });
      expect((await rejection(store.updateEntry('missing', { title: 'x' }))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(store.createEntry({ ownerId: user.id, title: '' }))).code).toBe(ErrorCode.INVALID_INPUT);
    });

    it('a rule orders OCR when an entry joins its category, never twice, and records skips', async () => {
      const { store, account, user } = fx();
      const rule = await store.addRule({ accountId: account.id, categoryId: 'lectures', turnaroundTime: 'two_hours' });
      await store.addRule({ accountId: account.id, categoryId: 'slides' });
      expect((await store.listRules(account.id)).map((r) => r.categoryId)).toEqual(['lectures', 'slides']);
      const created = await fx().entry({ categoryIds: ['lectures', 'slides'] });
      const orders = await store.listEntryOrders(created.id, user.id);
      expect(orders.map((o) => [o.status, o.turnaroundTime])).toEqual([['pending', 'two_hours']]);
      const later = await fx().entry();
      await store.updateEntry(later.id, { categoryIds: ['lectures'] });
      await store.updateEntry(later.id, { categoryIds: ['lectures', 'other'] });
      expect(await store.listEntryOrders(later.id, user.id)).toHaveLength(1);
      const runs = await store.listRuleRuns(account.id);
      expect(runs.map((r) => [r.entryId, r.outcome, r.reason])).toEqual([
        [created.id, 'ordered', null],
        [created.id, 'skipped', 'duplicate'],
        [later.id, 'ordered', null],
      ]);
      expect(runs[0]?.orderId).toBe(orders[0]?.id);
      await store.setReach(account.id, { enabled: false });
      const off = await fx().entry({ categoryIds: ['lectures'] });
      expect(await store.listEntryOrders(off.id, user.id)).toEqual([]);
      expect((await store.listRuleRuns(account.id)).at(-1)).toMatchObject({
        entryId: off.id,
        ruleId: rule.id,
        outcome: 'skipped',
        reason: 'reach_disabled',
        orderId: null,
      });
      expect(await store.deleteRule(rule.id, account.id)).toBe(true);
      expect(await store.deleteRule(rule.id, account.id)).toBe(false);
      expect((await rejection(store.addRule({ accountId: account.id, categoryId: 'x', service: 'professional' }))).code).toBe(
        ErrorCode.SERVICE_NOT_SUPPORTED,
      );
    });

    it('a rule skips an entry whose account has no credit left, consuming nothing', async () => {
      const { store, account, user } = fx();
      await store.setReach(account.id, { enabled: true, creditMinutes: 1 });
      await store.addRule({ accountId: account.id, categoryId: 'lectures' });
      const long = await fx().entry({ durationMs: 90_000, categoryIds: ['lectures'] });
      expect(await store.listEntryOrders(long.id, user.id)).toEqual([]);
      expect((await store.listRuleRuns(account.id))[0]).toMatchObject({ outcome: 'skipped', reason: 'insufficient_credit' });
      expect((await store.getAccount(account.id))?.reach.creditMinutes).toBe(1);
    });
  });
}
