import { ErrorCode, Messages } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

export function cancelAndCreditTests(target: ConformanceTarget): void {
  describe('cancel and credit', () => {
    const fx = useFixture(target);
    const place = (durationMs: number | null = 60_000) => fx().order({ durationMs });
    const credit = async () => (await fx().store.getAccount(fx().account.id))?.reach.creditMinutes;

    it('cancels a pending order with its cascade and refund in one step; a second cancel is harmless', async () => {
      await fx().store.setReach(fx().account.id, { enabled: true, creditMinutes: 10 });
      const order = await place(61_000);
      expect(await credit()).toBe(8);
      const holds = await fx().store.listOrderActions(order.id);
      expect(holds.map((a) => [a.kind, a.status, a.amountMinutes])).toEqual([
        ['credit_hold', 'active', 2],
        ['notification', 'active', 0],
      ]);
      const aborted = await fx().store.cancelOrder(order.id, fx().user.id);
      expect(aborted.status).toBe('aborted');
      expect((await fx().store.listOrderActions(order.id)).map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
      expect(await credit()).toBe(10);
      const again = await fx().store.cancelOrder(order.id, fx().user.id);
      expect(again.status).toBe('aborted');
      expect(await credit()).toBe(10);
    });

    it('charges what the worker read when a header claimed less: the difference, or INSUFFICIENT_CREDIT changing nothing', async () => {
      await fx().store.setReach(fx().account.id, { enabled: true, creditMinutes: 12 });
      const order = await place(1_000); // the header says 1 s: 1 minute held
      expect(await credit()).toBe(11);
      const claim = await fx().store.claimNextOrder({ workerId: 'w1', leaseMs: 60_000 });
      const token = claim?.leaseToken ?? '';
      expect((await rejection(fx().store.chargeOrderDuration(order.id, 'forged', 600_000))).code).toBe(ErrorCode.LEASE_LOST);
      // the file holds 10 minutes: 9 more
      expect(await fx().store.chargeOrderDuration(order.id, token, 600_000)).toEqual({ chargedMinutes: 10, extraMinutes: 9 });
      expect(await credit()).toBe(2);
      expect((await fx().store.listOrderActions(order.id)).find((a) => a.kind === 'credit_hold')?.amountMinutes).toBe(10);
      expect((await fx().store.getEntry(order.entryId))?.durationMs).toBe(600_000);
      // charging the same again (a retried attempt) takes nothing more
      expect(await fx().store.chargeOrderDuration(order.id, token, 600_000)).toEqual({ chargedMinutes: 10, extraMinutes: 0 });
      expect(await credit()).toBe(2);
      // another lying file with 2 minutes of credit left: refused with the credit error, nothing charged
      const second = await place(1_000);
      const claim2 = await fx().store.claimNextOrder({ workerId: 'w1', leaseMs: 60_000 });
      expect(claim2?.order.id).toBe(second.id);
      const refused = await rejection(fx().store.chargeOrderDuration(second.id, claim2?.leaseToken ?? '', 600_000));
      expect(refused.code).toBe(ErrorCode.INSUFFICIENT_CREDIT);
      expect(refused.message).toContain('9 more than its header declared');
      expect(await credit()).toBe(1);
      expect((await fx().store.getEntry(second.entryId))?.durationMs).toBe(1_000);
    });

    it('refuses to cancel a processing order with the product message, changing nothing', async () => {
      const order = await place();
      const claim = await fx().store.claimNextOrder({ workerId: 'w1', leaseMs: 60_000 });
      expect(claim?.order.id).toBe(order.id);
      const error = await rejection(fx().store.cancelOrder(order.id, fx().user.id));
      expect(error.code).toBe(ErrorCode.ALREADY_IN_PROGRESS);
      expect(error.message).toBe(Messages.ALREADY_IN_PROGRESS);
      expect((await fx().store.getOrder(order.id, fx().user.id)).status).toBe('processing');
      expect((await fx().store.listOrderActions(order.id)).map((a) => a.status)).toEqual(['active', 'active']);
      await fx().store.completeOrder(order.id, claim?.leaseToken ?? '', { segmentCount: 3 });
      expect((await rejection(fx().store.cancelOrder(order.id, fx().user.id))).code).toBe(ErrorCode.INVALID_TRANSITION);
      expect((await fx().store.listOrderActions(order.id)).map((a) => a.status)).toEqual(['done', 'done']);
    });

    it('consumes credit by duration rounded up, refuses the whole bulk when it runs short', async () => {
      await fx().store.setReach(fx().account.id, { enabled: true, creditMinutes: 5 });
      const [a, b, c] = [
        await fx().entry({ durationMs: 120_000 }),
        await fx().entry({ durationMs: 180_001 }),
        await fx().entry({ durationMs: null }),
      ];
      const request = { entryIds: [a.id, b.id] };
      const short = await rejection(fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request }));
      expect(short.code).toBe(ErrorCode.INSUFFICIENT_CREDIT);
      expect(await credit()).toBe(5);
      expect(await fx().store.listEntryOrders(a.id, fx().user.id)).toEqual([]);
      await fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds: [b.id, c.id] } });
      expect(await credit()).toBe(1);
      expect(
        (await rejection(fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds: [a.id] } })))
          .code,
      ).toBe(ErrorCode.INSUFFICIENT_CREDIT);
    });

    it('deleting an entry cancels its pending orders and refunds them', async () => {
      await fx().store.setReach(fx().account.id, { enabled: true, creditMinutes: 3 });
      const order = await place(60_000);
      expect(await credit()).toBe(2);
      expect(await fx().store.deleteEntry(order.entryId)).toBe(true);
      expect(await fx().store.getEntry(order.entryId)).toBeNull();
      expect(await credit()).toBe(3);
      const { user: admin } = await fx().store.createUser({ accountId: fx().account.id, name: 'Root', role: 'admin' });
      expect((await fx().store.getOrder(order.id, admin.id)).status).toBe('aborted');
      expect(await fx().store.deleteEntry(order.entryId)).toBe(false);
    });

    it('counts orders by status', async () => {
      const [a, b] = [await place(), await place()];
      await place();
      await fx().store.cancelOrder(a.id, fx().user.id);
      const claim = await fx().store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      expect(claim?.order.id).toBe(b.id);
      expect(await fx().store.countOrdersByStatus()).toEqual({ pending: 1, processing: 1, ready: 0, error: 0, aborted: 1 });
    });
  });
}
