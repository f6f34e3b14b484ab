import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import type { OnscreenStore } from '../types.js';
import { type ConformanceTarget, rejection, sleep, useFixture } from './fixture.js';

const TTL_MS = 1_000;
/** The database runs on this machine: its clock and the test's agree within this much. */
const CLOCK_TOLERANCE_MS = 2_000;

export function idempotencyKeyTests(target: ConformanceTarget): void {
  describe('idempotency keys expire', () => {
    const fx = useFixture(target);
    const order = (store: OnscreenStore, entryIds: string[], idempotencyKey: string) =>
      store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds, idempotencyKey } });
    const keyRows = () =>
      fx().db.query('SELECT idempotency_key, order_ids_json, created_ms FROM idempotency_keys ORDER BY idempotency_key');

    it('the same key within the window gives the same orders; after it, a new order', async () => {
      const store = await fx().openSecond({ idempotencyKeyTtlMs: TTL_MS });
      const entry = await fx().entry();
      const firstAt = Date.now();
      const [first] = (await order(store, [entry.id], 'retry-me')).orders;
      expect((await order(store, [entry.id], 'retry-me')).orders.map((o) => o.id)).toEqual([first?.id]);
      await store.cancelOrder(first?.id ?? '', fx().user.id);
      // still within the window: the key answers with the (now aborted) order instead of ordering again
      const again = await order(store, [entry.id], 'retry-me');
      expect(again.orders.map((o) => [o.id, o.status])).toEqual([[first?.id, 'aborted']]);
      expect(Date.now() - firstAt).toBeLessThan(TTL_MS);

      await sleep(TTL_MS + 150);
      const [second] = (await order(store, [entry.id], 'retry-me')).orders;
      expect(second?.id).not.toBe(first?.id);
      expect(second?.status).toBe('pending');
      expect((await order(store, [entry.id], 'retry-me')).orders.map((o) => o.id)).toEqual([second?.id]);
      expect(await fx().store.listEntryOrders(entry.id, fx().user.id)).toHaveLength(2);
      const rows = await keyRows();
      expect(rows.map((row) => [row.idempotency_key, JSON.parse(String(row.order_ids_json))])).toEqual([['retry-me', [second?.id]]]);
    });

    it('keeps keys for 24 hours by default, judged in database time', async () => {
      const entry = await fx().entry();
      const before = Date.now();
      const [placed] = (await order(fx().store, [entry.id], 'day-key')).orders;
      const createdMs = Number((await keyRows())[0]?.created_ms);
      expect(createdMs).toBeGreaterThanOrEqual(before - CLOCK_TOLERANCE_MS);
      expect(createdMs).toBeLessThanOrEqual(Date.now() + CLOCK_TOLERANCE_MS);
      // a key 23 h 59 min old still answers; one a minute past 24 h does not
      await fx().db.query(`UPDATE idempotency_keys SET created_ms = created_ms - ${24 * 3_600_000 - 60_000}`);
      expect((await order(fx().store, [entry.id], 'day-key')).orders.map((o) => o.id)).toEqual([placed?.id]);
      await fx().db.query(`UPDATE idempotency_keys SET created_ms = created_ms - ${120_000}`);
      expect((await rejection(order(fx().store, [entry.id], 'day-key'))).code).toBe(ErrorCode.DUPLICATE_ORDER);
    });

    it('sweeps expired keys as new keys are written', async () => {
      const store = await fx().openSecond({ idempotencyKeyTtlMs: TTL_MS });
      for (const key of ['old-1', 'old-2', 'old-3']) await order(store, [(await fx().entry()).id], key);
      expect((await keyRows()).map((row) => row.idempotency_key)).toEqual(['old-1', 'old-2', 'old-3']);
      await sleep(TTL_MS + 150);
      // an order without a key writes none and sweeps nothing
      await store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { entryIds: [(await fx().entry()).id] } });
      expect(await keyRows()).toHaveLength(3);
      await order(store, [(await fx().entry()).id], 'new-1');
      expect((await keyRows()).map((row) => row.idempotency_key)).toEqual(['new-1']);
    });

    it("is the user's own: another user's key (same account or not) never answers with the first user's orders", async () => {
      const [alices, mine] = [await fx().entry(), await fx().entry()];
      const [first] = (await order(fx().store, [alices.id], 'shared-key')).orders;
      // a colleague (same account) and a stranger (another account) send the same key: each orders their own
      for (const other of [fx().colleague, fx().stranger]) {
        const own = await fx().store.createEntry({ ownerId: other.id, title: `${other.name}'s` });
        const answer = await fx().store.createOrders({
          accountId: other.accountId,
          requesterId: other.id,
          request: { entryIds: [own.id], idempotencyKey: 'shared-key' },
        });
        expect(answer.orders.map((o) => [o.entryId, o.requesterId])).toEqual([[own.id, other.id]]);
        expect(answer.orders.map((o) => o.id)).not.toContain(first?.id);
        // and the colleague asking for the first user's entry with that key gets no order of theirs either
        const theirs = await rejection(
          fx().store.createOrders({
            accountId: other.accountId,
            requesterId: other.id,
            request: { entryIds: [mine.id], idempotencyKey: 'shared-key' },
          }),
        );
        expect(theirs.code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      }
      // the first user's retry still answers their order
      expect((await order(fx().store, [alices.id], 'shared-key')).orders.map((o) => o.id)).toEqual([first?.id]);
      expect((await keyRows()).map((row) => row.idempotency_key)).toEqual(['shared-key', 'shared-key', 'shared-key']);
    });

    it('fingerprints the request: the same key with another body is IDEMPOTENCY_KEY_REUSED and creates nothing', async () => {
      const [a, b] = [await fx().entry(), await fx().entry()];
      const request = {
        entryIds: [a.id, b.id],
        turnaroundTime: 'immediate' as const,
        ocr: { languages: 'eng' },
        idempotencyKey: 'body-key',
      };
      const place = (changes: Record<string, unknown>) =>
        fx().store.createOrders({ accountId: fx().account.id, requesterId: fx().user.id, request: { ...request, ...changes } });
      const first = (await place({})).orders.map((o) => o.id);
      expect(first).toHaveLength(2);
      // the same request, spelled differently (entries in another order, defaults written out): the same orders
      const same = await place({
        entryIds: [b.id, a.id, a.id],
        service: 'machine',
        feature: 'ocr',
        ocr: { languages: 'eng', sampleFps: 2 },
      });
      expect(same.orders.map((o) => o.id).sort()).toEqual([...first].sort());
      for (const changes of [
        { entryIds: [a.id] },
        { turnaroundTime: 'one_day' },
        { ocr: { languages: 'spa' } },
        { sourceLanguage: 'de' },
      ]) {
        const refused = await rejection(place(changes));
        expect(refused.code, JSON.stringify(changes)).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        expect(refused.details).toMatchObject({ idempotencyKey: 'body-key' });
      }
      expect(await fx().store.listEntryOrders(a.id, fx().user.id)).toHaveLength(1);
      expect(await fx().store.listEntryOrders(b.id, fx().user.id)).toHaveLength(1);
    });

    it('refuses a TTL that is not a whole number of ms from 1 ms to 100 years', async () => {
      for (const idempotencyKeyTtlMs of [0, -1, 1.5, Number.NaN, 101 * 365 * 86_400_000]) {
        expect((await rejection(fx().openSecond({ idempotencyKeyTtlMs }))).code, String(idempotencyKeyTtlMs)).toBe(ErrorCode.INVALID_INPUT);
      }
    });
  });
}
