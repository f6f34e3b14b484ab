import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, sleep, useFixture } from './fixture.js';

/** The database runs on this machine: its clock and the test's agree within this much. */
const CLOCK_TOLERANCE_MS = 2_000;

export function workerTests(target: ConformanceTarget): void {
  describe('worker leases', () => {
    const fx = useFixture(target);
    const place = (turnaroundTime: 'best_effort' | 'immediate' | 'one_day' = 'best_effort') => fx().order({}, { turnaroundTime });
    const claim = (leaseMs = 60_000, workerId = 'w1') => fx().store.claimNextOrder({ workerId, leaseMs });
    const status = async (id: string) => (await fx().store.getOrder(id, fx().user.id)).status;

    it('claims by turnaround priority then age, with a new lease token and attempt each time', async () => {
      const slow = await place('one_day');
      const old = await place('best_effort');
      const young = await place('best_effort');
      const urgent = await place('immediate');
      const claims = [await claim(), await claim(), await claim(), await claim()];
      expect(claims.map((c) => c?.order.id)).toEqual([urgent.id, slow.id, old.id, young.id]);
      expect(claims.every((c) => c?.order.status === 'processing' && c.order.attempt === 1)).toBe(true);
      expect(new Set(claims.map((c) => c?.leaseToken)).size).toBe(4);
      expect(await claim()).toBeNull();
    });

    it('claims fairly across accounts: one with orders in processing yields to one without, within a turnaround', async () => {
      const { store, stranger } = fx();
      const big = [await place(), await place(), await place(), await place()];
      const first = await claim();
      expect(first?.order.id).toBe(big[0]?.id);
      // the other account orders after all of those: it is next, since the big one has an order in processing
      const entry = await store.createEntry({ ownerId: stranger.id, title: 'small account' });
      const {
        orders: [small],
      } = await store.createOrders({ accountId: stranger.accountId, requesterId: stranger.id, request: { entryIds: [entry.id] } });
      expect((await claim())?.order.id).toBe(small?.id);
      // both have one in processing now: back to age
      expect((await claim())?.order.id).toBe(big[1]?.id);
      // a small account's immediate order goes before every best-effort one of a large account
      const urgentEntry = await store.createEntry({ ownerId: stranger.id, title: 'urgent' });
      const {
        orders: [urgent],
      } = await store.createOrders({
        accountId: stranger.accountId,
        requesterId: stranger.id,
        request: { entryIds: [urgentEntry.id], turnaroundTime: 'immediate' },
      });
      expect((await claim())?.order.id).toBe(urgent?.id);
      expect((await claim())?.order.id).toBe(big[2]?.id);
    });

    it("500 best-effort orders of one account waiting: another account's order is the next one claimed", async () => {
      const { store, stranger, account, user } = fx();
      const entries = [];
      for (let i = 0; i < 500; i += 1) entries.push(await store.createEntry({ ownerId: user.id, title: `bulk ${i}` }));
      for (let i = 0; i < entries.length; i += 100) {
        const entryIds = entries.slice(i, i + 100).map((e) => e.id);
        await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds } });
      }
      const busy = await claim(60_000, 'w1'); // a worker is on the big account's first order
      expect(busy?.order.accountId).toBe(account.id);
      for (const turnaroundTime of ['best_effort', 'immediate'] as const) {
        const entry = await store.createEntry({ ownerId: stranger.id, title: `small ${turnaroundTime}` });
        const {
          orders: [small],
        } = await store.createOrders({
          accountId: stranger.accountId,
          requesterId: stranger.id,
          request: { entryIds: [entry.id], turnaroundTime },
        });
        const startedMs = performance.now();
        const next = await claim(60_000, 'w2'); // the next free worker takes it, not the big account's 2nd of 500
        console.info(
          `[fairness] ${turnaroundTime}: claimed ${next?.order.id === small?.id ? 'at once' : 'LATE'} in ${(performance.now() - startedMs).toFixed(1)} ms with 499 others waiting`,
        );
        expect(next?.order.id).toBe(small?.id);
        await store.completeOrder(next?.order.id ?? '', next?.leaseToken ?? '', { segmentCount: 0 });
      }
    });

    it('heartbeats, reports progress and completes under a held lease', async () => {
      const order = await place();
      const held = await claim(300);
      const token = held?.leaseToken ?? '';
      await sleep(150);
      await fx().store.heartbeat(order.id, token, 5_000);
      await fx().store.reportProgress(order.id, token, { step: 'ocr', percent: 40 });
      expect((await fx().store.getOrder(order.id, fx().user.id)).progress).toEqual({ step: 'ocr', percent: 40 });
      await sleep(250);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 3, backoffMs: 0 })).toBe(0);
      const ready = await fx().store.completeOrder(order.id, token, { segmentCount: 12 });
      expect(ready).toMatchObject({ status: 'ready', segmentCount: 12, progress: { step: 'done', percent: 100 } });
      expect((await rejection(fx().store.heartbeat(order.id, token, 1000))).code).toBe(ErrorCode.LEASE_LOST);
      expect((await rejection(fx().store.reportProgress(order.id, token, { step: 'ocr', percent: 200 }))).code).toBe(
        ErrorCode.INVALID_INPUT,
      );
    });

    it('a stale worker cannot heartbeat, progress, complete, fail or release, and changes nothing', async () => {
      const order = await place();
      const stale = await claim(50, 'stale');
      await sleep(80);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 3, backoffMs: 0 })).toBe(1);
      const fresh = await claim(60_000, 'fresh');
      expect(fresh?.order).toMatchObject({ id: order.id, attempt: 2 });
      const before = await fx().store.getOrder(order.id, fx().user.id);
      const token = stale?.leaseToken ?? '';
      const writes = [
        () => fx().store.heartbeat(order.id, token, 60_000),
        () => fx().store.reportProgress(order.id, token, { step: 'indexing', percent: 99 }),
        () => fx().store.completeOrder(order.id, token, { segmentCount: 1 }),
        () => fx().store.failOrder(order.id, token, { code: 'OCR_FAILED', details: 'x', retryable: false }),
        () => fx().store.releaseOrder(order.id, token),
        () => fx().store.heartbeat(order.id, 'forged-token', 60_000),
      ];
      for (const write of writes) expect((await rejection(write())).code).toBe(ErrorCode.LEASE_LOST);
      expect(await fx().store.getOrder(order.id, fx().user.id)).toEqual(before);
      expect((await fx().store.completeOrder(order.id, fresh?.leaseToken ?? '', { segmentCount: 2 })).segmentCount).toBe(2);
    });

    it('retries a retryable failure after its backoff and ends in error when attempts run out', async () => {
      const order = await place();
      const first = await claim();
      const retried = await fx().store.failOrder(order.id, first?.leaseToken ?? '', {
        code: 'MEILI_UNAVAILABLE',
        details: 'down',
        retryable: true,
        backoffMs: 300,
        maxAttempts: 2,
      });
      expect(retried).toMatchObject({ status: 'pending', errorCode: 'MEILI_UNAVAILABLE', attempt: 1 });
      expect(await claim()).toBeNull();
      await sleep(350);
      const second = await claim();
      expect(second?.order.attempt).toBe(2);
      const failed = await fx().store.failOrder(order.id, second?.leaseToken ?? '', {
        code: 'MEILI_UNAVAILABLE',
        details: 'still down',
        retryable: true,
        maxAttempts: 2,
      });
      expect(failed).toMatchObject({ status: 'error', errorCode: 'MEILI_UNAVAILABLE', errorDetails: 'still down' });
      const bad = await place();
      const third = await claim();
      const corrupt = await fx().store.failOrder(bad.id, third?.leaseToken ?? '', {
        code: 'CORRUPT_MEDIA',
        details: 'moov atom not found',
        retryable: false,
      });
      expect(corrupt).toMatchObject({ status: 'error', attempt: 1, errorCode: 'CORRUPT_MEDIA' });
    });

    it('reaps expired leases to pending with backoff, then to error when attempts are used up', async () => {
      const order = await place();
      await claim(40);
      await sleep(70);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 2, backoffMs: 250 })).toBe(1);
      expect(await fx().store.getOrder(order.id, fx().user.id)).toMatchObject({ status: 'pending', errorCode: ErrorCode.LEASE_LOST });
      expect(await claim()).toBeNull();
      await sleep(280);
      expect((await claim(40))?.order.attempt).toBe(2);
      await sleep(70);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 2, backoffMs: 250 })).toBe(1);
      const dead = await fx().store.getOrder(order.id, fx().user.id);
      expect(dead).toMatchObject({ status: 'error', errorCode: ErrorCode.LEASE_LOST });
      expect(dead.errorDetails).toMatch(/expired/);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 2, backoffMs: 250 })).toBe(0);
    });

    it("reaps with a wait per attempt (a schedule) and spreads each order's wait by jitter", async () => {
      const notBefore = async () =>
        new Map((await fx().db.query('SELECT id, not_before_ms FROM orders')).map((row) => [String(row.id), Number(row.not_before_ms)]));
      const again = await place();
      await claim(40);
      await sleep(70);
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 5, backoffMs: 0 })).toBe(1);
      expect((await claim(40))?.order).toMatchObject({ id: again.id, attempt: 2 });
      const once = await place();
      await claim(40);
      await sleep(70);
      const before = Date.now();
      // the first wait is long enough that `once` is not claimable again while the 12 orders below are claimed
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 5, backoffMs: [10_000, 70_000, 120_000] })).toBe(2);
      const after = Date.now();
      const waits = await notBefore();
      // one statement, one database time: the gap is the schedule's (±50 ms for a clock that moves within it)
      expect(Math.abs((waits.get(again.id) ?? 0) - (waits.get(once.id) ?? 0) - 60_000)).toBeLessThanOrEqual(50);
      expect(waits.get(once.id)).toBeGreaterThanOrEqual(before + 10_000 - CLOCK_TOLERANCE_MS);
      expect(waits.get(once.id)).toBeLessThanOrEqual(after + 10_000 + CLOCK_TOLERANCE_MS);

      const many = await Promise.all(Array.from({ length: 12 }, () => place()));
      for (let i = 0; i < many.length; i++) await claim(40);
      await sleep(70);
      const start = Date.now();
      expect(await fx().store.reapExpiredLeases({ maxAttempts: 5, backoffMs: [60_000], jitterRatio: 0.5 })).toBe(12);
      const end = Date.now();
      const jittered = await notBefore();
      const spread = many.map((o) => jittered.get(o.id) ?? 0);
      for (const at of spread) {
        expect(at).toBeGreaterThanOrEqual(start + 30_000 - CLOCK_TOLERANCE_MS);
        expect(at).toBeLessThanOrEqual(end + 60_000 + CLOCK_TOLERANCE_MS);
      }
      // 12 uniform draws over 30 s: all within one 5 s band has a chance of about 1 in 2 000 000 000
      expect(Math.max(...spread) - Math.min(...spread)).toBeGreaterThan(5_000);

      for (const bad of [{ backoffMs: [] }, { backoffMs: [-1] }, { backoffMs: 1.5 }, { backoffMs: 0, jitterRatio: 2 }]) {
        expect((await rejection(fx().store.reapExpiredLeases({ maxAttempts: 3, ...bad }))).code, JSON.stringify(bad)).toBe(
          ErrorCode.INVALID_INPUT,
        );
      }
    });

    it('release (graceful shutdown) queues the order again at once without counting the attempt', async () => {
      const order = await place();
      const held = await claim();
      const released = await fx().store.releaseOrder(order.id, held?.leaseToken ?? '');
      expect(released).toMatchObject({ status: 'pending', attempt: 0 });
      expect((await claim())?.order).toMatchObject({ id: order.id, attempt: 1 });
      expect(await status(order.id)).toBe('processing');
    });
  });
}
