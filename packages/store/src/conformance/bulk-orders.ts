import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import type { BulkOrderResult } from '../types.js';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

/** Bulk orders answered entry by entry, with the portal's reasons, titles only where visible, and idempotency. */
export function bulkOrderTests(target: ConformanceTarget): void {
  describe('bulk orders, entry by entry', () => {
    const fx = useFixture(target);
    const outcomes = (results: BulkOrderResult[]) => results.map((r) => [r.title, r.outcome === 'ordered' ? 'ordered' : r.reason]);

    it('orders what it can and says why it refused the rest; titles only of entries the requester may see', async () => {
      const { store, user, colleague, stranger } = fx();
      const mine = await fx().entry({ title: 'Mine' });
      const busy = await fx().order({ title: 'Busy' });
      const theirs = await store.createEntry({ ownerId: colleague.id, title: 'Colleague private' });
      const shown = await store.createEntry({ ownerId: colleague.id, title: 'Colleague published', visibility: 'published' });
      const far = await store.createEntry({ ownerId: stranger.id, title: 'Stranger' });
      const request = { entryIds: [mine.id, busy.entryId, theirs.id, shown.id, far.id, 'ent_missing', mine.id] };
      const results = await store.createOrdersEach({ accountId: user.accountId, requesterId: user.id, request });
      expect(outcomes(results)).toEqual([
        ['Mine', 'ordered'],
        ['Busy', 'already_ordered'],
        [null, 'not_yours'],
        ['Colleague published', 'not_yours'],
        [null, 'not_yours'],
        [null, 'not_yours'],
      ]);
      expect(results.map((r) => r.entryId)).toEqual([mine.id, busy.entryId, theirs.id, shown.id, far.id, 'ent_missing']);
      expect((await store.listEntryOrders(mine.id, user.id)).length).toBe(1);
      expect(await store.listEntryOrders(theirs.id, colleague.id)).toEqual([]);
    });

    it('REACH off refuses each entry; the answer is not kept, so the same key orders once REACH is on', async () => {
      const { store, user, account } = fx();
      const a = await fx().entry({ title: 'A' });
      await store.setReach(account.id, { enabled: false });
      const input = { accountId: user.accountId, requesterId: user.id, request: { entryIds: [a.id], idempotencyKey: 'bulk-key-1' } };
      expect(outcomes(await store.createOrdersEach(input))).toEqual([['A', 'reach_disabled']]);
      await store.setReach(account.id, { enabled: true });
      expect(outcomes(await store.createOrdersEach(input))).toEqual([['A', 'ordered']]);
    });

    it('a key gives the first answer again (same orders, same refusals); another body or the other kind of order is IDEMPOTENCY_KEY_REUSED', async () => {
      const { store, user } = fx();
      const a = await fx().entry({ title: 'A' });
      const busy = await fx().order({ title: 'Busy' });
      const input = {
        accountId: user.accountId,
        requesterId: user.id,
        request: { entryIds: [a.id, busy.entryId], idempotencyKey: 'bulk-key-2' },
      };
      const first = await store.createOrdersEach(input);
      const again = await store.createOrdersEach({ ...input, request: { ...input.request, entryIds: [busy.entryId, a.id] } });
      expect(again).toEqual(first);
      expect((await store.listEntryOrders(a.id, user.id)).length).toBe(1);
      const other = { ...input, request: { ...input.request, turnaroundTime: 'two_hours' as const } };
      expect((await rejection(store.createOrdersEach(other))).code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      expect((await rejection(store.createOrders(input))).code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      const b = await fx().entry({ title: 'B' });
      const plain = { accountId: user.accountId, requesterId: user.id, request: { entryIds: [b.id], idempotencyKey: 'plain-key' } };
      await store.createOrders(plain);
      expect((await rejection(store.createOrdersEach(plain))).code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    });

    it('refuses an entry the credit cannot cover and orders the others', async () => {
      const { store, user, account } = fx();
      await store.setReach(account.id, { enabled: true, creditMinutes: 3 });
      const short = await fx().entry({ title: 'Short', durationMs: 60_000 });
      const long = await fx().entry({ title: 'Long', durationMs: 10 * 60_000 });
      const results = await store.createOrdersEach({
        accountId: user.accountId,
        requesterId: user.id,
        request: { entryIds: [long.id, short.id] },
      });
      expect(outcomes(results)).toEqual([
        ['Long', 'no_credit'],
        ['Short', 'ordered'],
      ]);
      expect((await store.getAccount(account.id))?.reach.creditMinutes).toBe(2);
    });
  });
}
