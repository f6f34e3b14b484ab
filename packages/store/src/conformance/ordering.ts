import { ErrorCode, Messages } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, useFixture } from './fixture.js';

export function orderingTests(target: ConformanceTarget): void {
  describe('ordering', () => {
    const fx = useFixture(target);
    const order = (entryIds: string[], extra: Record<string, unknown> = {}) =>
      fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds, ...extra } });

    it('creates one pending machine OCR order per entry and answers the product message', async () => {
      const [a, b] = [await fx().entry(), await fx().entry()];
      const result = await order([a.id, b.id, a.id], { turnaroundTime: 'immediate', sourceLanguage: 'fr', ocr: { languages: 'eng+spa' } });
      expect(result.message).toBe(Messages.ORDER_RECEIVED);
      expect(result.orders.map((o) => o.entryId)).toEqual([a.id, b.id]);
      const [first] = result.orders;
      expect(first).toMatchObject({
        status: 'pending',
        service: 'machine',
        feature: 'ocr',
        sourceLanguage: 'fr',
        turnaroundTime: 'immediate',
        requesterId: fx().user.id,
        accountId: fx().account.id,
        attempt: 0,
        progress: { step: 'queued', percent: 0 },
        errorCode: null,
        segmentCount: null,
      });
      expect(first?.ocr).toMatchObject({ languages: 'eng+spa', sampleFps: 2 });
      expect(await fx().store.getOrder(first?.id ?? '', fx().user.id)).toEqual(first);
    });

    it('refuses professional service and other features with SERVICE_NOT_SUPPORTED, creating nothing', async () => {
      const entry = await fx().entry();
      const professional = await rejection(order([entry.id], { service: 'professional' }));
      expect(professional.code).toBe(ErrorCode.SERVICE_NOT_SUPPORTED);
      expect(professional.message).toMatch(/professional/);
      const captions = await rejection(order([entry.id], { feature: 'captions' }));
      expect(captions.code).toBe(ErrorCode.SERVICE_NOT_SUPPORTED);
      expect(captions.message).toMatch(/captions/);
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toEqual([]);
    });

    it('refuses with the REACH message when REACH is off on the account', async () => {
      const entry = await fx().entry();
      await fx().store.setReach(fx().account.id, { enabled: false });
      const error = await rejection(order([entry.id]));
      expect(error.code).toBe(ErrorCode.REACH_DISABLED);
      expect(error.message).toBe(Messages.REACH_DISABLED);
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toEqual([]);
    });

    it("answers NOT_FOUND for a missing entry or someone else's, and keeps the bulk request atomic", async () => {
      const mine = await fx().entry();
      const theirs = await fx().store.createEntry({ ownerId: fx().colleague.id, title: 'Not yours' });
      expect((await rejection(order([mine.id, 'no_such_entry']))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(order([mine.id, theirs.id]))).code).toBe(ErrorCode.NOT_FOUND);
      expect(await fx().store.listEntryOrders(mine.id, fx().user.id)).toEqual([]);
      const wrongAccount = fx().store.createOrders({
        accountId: fx().account.id,
        requesterId: fx().stranger.id,
        request: { entryIds: [mine.id] },
      });
      expect((await rejection(wrongAccount)).code).toBe(ErrorCode.NOT_FOUND);
      expect(
        (await rejection(fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds: [] } })))
          .code,
      ).toBe(ErrorCode.INVALID_INPUT);
    });

    it('refuses a second active OCR order for an entry (DUPLICATE_ORDER), atomically, and allows one after', async () => {
      const [a, b] = [await fx().entry(), await fx().entry()];
      const {
        orders: [first],
      } = await order([a.id]);
      expect((await rejection(order([a.id]))).code).toBe(ErrorCode.DUPLICATE_ORDER);
      expect((await rejection(order([b.id, a.id]))).code).toBe(ErrorCode.DUPLICATE_ORDER);
      expect(await fx().store.listEntryOrders(b.id, fx().user.id)).toEqual([]);
      await fx().store.cancelOrder(first?.id ?? '', fx().user.id);
      const {
        orders: [again],
      } = await order([a.id]);
      expect(again?.status).toBe('pending');
    });

    it('lets exactly one of 20 concurrent orders for one entry through (the partial unique index holds)', async () => {
      const entry = await fx().entry();
      const second = await fx().openSecond();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? second : fx().store).createOrders({
            accountId: fx().account.id,
            requesterId: fx().user.id,
            request: { entryIds: [entry.id] },
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
      expect(codes).toEqual(Array(19).fill(ErrorCode.DUPLICATE_ORDER));
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toHaveLength(1);
    });

    it('returns the same orders for a retried idempotency key; 100 concurrent creates make one order', async () => {
      const entry = await fx().entry();
      const second = await fx().openSecond();
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? second : fx().store).createOrders({
            accountId: fx().account.id,
            requesterId: fx().user.id,
            request: { entryIds: [entry.id], idempotencyKey: 'key-1' },
          }),
        ),
      );
      const ids = new Set(results.flatMap((r) => r.orders.map((o) => o.id)));
      expect(ids.size).toBe(1);
      expect(results.every((r) => r.message === Messages.ORDER_RECEIVED)).toBe(true);
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toHaveLength(1);
      const retry = await order([entry.id], { idempotencyKey: 'key-1' });
      expect(retry.orders.map((o) => o.id)).toEqual([...ids]);
      expect((await rejection(order([entry.id], { idempotencyKey: 'key-2' }))).code).toBe(ErrorCode.DUPLICATE_ORDER);
    });

    it("lists an entry's orders newest first, [] when none; someone else's order or entry is NOT_FOUND", async () => {
      const entry = await fx().entry();
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toEqual([]);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const {
          orders: [o],
        } = await order([entry.id]);
        ids.push(o?.id ?? '');
        await fx().store.cancelOrder(o?.id ?? '', fx().user.id);
      }
      expect((await fx().store.listEntryOrders(entry.id, fx().user.id)).map((o) => o.id)).toEqual(ids.reverse());
      expect((await rejection(fx().store.listEntryOrders(entry.id, fx().colleague.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(fx().store.getOrder(ids[0] ?? '', fx().stranger.id))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(fx().store.cancelOrder(ids[0] ?? '', fx().colleague.id))).code).toBe(ErrorCode.NOT_FOUND);
      const { user: admin } = await fx().store.createUser({ accountId: fx().account.id, name: 'Root', role: 'admin' });
      expect((await fx().store.getOrder(ids[0] ?? '', admin.id)).id).toBe(ids[0]);
      expect(await fx().store.listEntryOrders(entry.id, admin.id)).toHaveLength(3);
    });
  });
}
