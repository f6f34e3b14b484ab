import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

/** An order in error gives its credit back; Retry orders again with the same options; the credit history shows both. */
export function retryRefundTests(target: ConformanceTarget): void {
  describe('error refunds and retry', () => {
    const fx = useFixture(target);
    const credit = async () => (await fx().store.getAccount(fx().account.id))?.reach.creditMinutes;
    const claimAndFail = async (retryable = false) => {
      const claim = await fx().store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      if (!claim) throw new Error('nothing to claim');
      return fx().store.failOrder(claim.order.id, claim.leaseToken, { code: 'OCR_FAILED', details: 'x', retryable, maxAttempts: 1 });
    };

    it('an order that ends in error refunds its credit; a ready one is charged', async () => {
      const { store, account, user } = fx();
      await store.setReach(account.id, { enabled: true, creditMinutes: 10 });
      const failed = await fx().order({ durationMs: 3 * 60_000 });
      expect(await credit()).toBe(7);
      expect((await claimAndFail()).status).toBe('error');
      expect(await credit()).toBe(10);
      expect((await store.listOrderActions(failed.id)).map((a) => [a.kind, a.status])).toEqual([
        ['credit_hold', 'cancelled'],
        ['notification', 'cancelled'],
      ]);
      const ready = await fx().order({ durationMs: 2 * 60_000 });
      const claim = await store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      await store.completeOrder(claim?.order.id ?? '', claim?.leaseToken ?? '', { segmentCount: 1 });
      expect(await credit()).toBe(8);
      const history = await store.listCreditHistory(account.id);
      expect(history.map((h) => [h.orderId, h.minutes, h.credit, h.orderStatus])).toEqual([
        [ready.id, 2, 'charged', 'ready'],
        [failed.id, 3, 'refunded', 'error'],
      ]);
      expect(history.every((h) => h.settledAt !== null && h.requesterId === user.id)).toBe(true);
    });

    it('a lease that runs out on the last attempt ends in error and refunds too', async () => {
      const { store, account } = fx();
      await store.setReach(account.id, { enabled: true, creditMinutes: 5 });
      await fx().order({ durationMs: 60_000 });
      await store.claimNextOrder({ workerId: 'w', leaseMs: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.reapExpiredLeases({ maxAttempts: 1, backoffMs: 0 })).toBe(1);
      expect(await credit()).toBe(5);
    });

    it('Retry places a new order with the same options; only for an order in error, only for those who may see it', async () => {
      const { store, user, colleague, stranger } = fx();
      const first = await fx().order({}, { turnaroundTime: 'two_hours', sourceLanguage: 'es', ocr: { languages: 'spa' } });
      expect((await rejection(store.retryOrder(first.id, user.id))).code).toBe(ErrorCode.INVALID_TRANSITION);
      await claimAndFail();
      for (const other of [colleague, stranger])
        expect((await rejection(store.retryOrder(first.id, other.id))).code).toBe(ErrorCode.NOT_FOUND);
      const again = await store.retryOrder(first.id, user.id);
      expect(again).toMatchObject({ entryId: first.entryId, status: 'pending', turnaroundTime: 'two_hours', sourceLanguage: 'es' });
      expect(again.ocr.languages).toEqual(first.ocr.languages);
      expect(again.id).not.toBe(first.id);
      expect((await store.getOrder(first.id, user.id)).status).toBe('error');
      expect((await rejection(store.retryOrder(first.id, user.id))).code).toBe(ErrorCode.DUPLICATE_ORDER);
      expect((await store.getEntry(first.entryId))?.ocrStatus).toBe('ordered');
    });
  });
}
