import { ErrorCode, isOnscreenError } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations.js';
import type { Claim, OnscreenStore } from '../types.js';
import { type ConformanceTarget, useFixture } from './fixture.js';

export const RACES = 1000;

export function raceTests(target: ConformanceTarget): void {
  describe('races', () => {
    const fx = useFixture(target);

    it(`cancel vs claim on one order, ${RACES} times from two stores: exactly one wins every time`, async () => {
      const { store, user, account } = fx();
      const worker = await fx().openSecond();
      const outcomes = { cancelled: 0, claimed: 0 };
      const violations: string[] = [];
      for (let i = 0; i < RACES; i++) {
        const entry = await store.createEntry({ ownerId: user.id, title: `race ${i}` });
        const {
          orders: [order],
        } = await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [entry.id] } });
        const id = order?.id ?? '';
        const cancel = () =>
          store.cancelOrder(id, user.id).then(
            (o) => o.status,
            (e: unknown) => (isOnscreenError(e) ? e.code : String(e)),
          );
        // Every fourth claim starts a moment late: a claim is one statement and a cancel a short
        // transaction, so on a fast machine the claim could otherwise win every race and the cancel
        // side of the compare-and-set would go untested.
        const claimNow = () => worker.claimNextOrder({ workerId: 'racer', leaseMs: 600_000 });
        const claim = i % 4 === 3 ? () => new Promise<void>((resolve) => setTimeout(resolve, 2)).then(claimNow) : claimNow;
        // Alternate who starts first so both orders of arrival are exercised.
        const [cancelled, claimed] = i % 2 ? await Promise.all([cancel(), claim()]) : await swap(claim(), cancel());
        const final = (await store.getOrder(id, user.id)).status;
        const verdict = judge(cancelled, claimed, id, final);
        if (verdict === 'cancelled' || verdict === 'claimed') outcomes[verdict]++;
        else violations.push(`race ${i}: ${verdict}`);
      }
      console.info(`[store] ${store.backend} cancel-vs-claim: cancel won ${outcomes.cancelled}, claim won ${outcomes.claimed}`);
      expect(violations).toEqual([]);
      expect(outcomes.cancelled + outcomes.claimed).toBe(RACES);
      expect(outcomes.cancelled).toBeGreaterThan(0);
      expect(outcomes.claimed).toBeGreaterThan(0);
      expect(await store.countOrdersByStatus()).toMatchObject({ aborted: outcomes.cancelled, processing: outcomes.claimed, pending: 0 });
    });

    it('two stores opening one fresh database at once both migrate safely and work', async () => {
      const db = await target.createDatabase();
      const stores: OnscreenStore[] = await Promise.all([db.open(), db.open(), db.open()]);
      try {
        const versions = await db.query('SELECT version FROM schema_migrations ORDER BY version');
        expect(versions.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version));
        const account = await stores[1]?.createAccount({ name: 'Twin' });
        expect((await stores[2]?.getAccount(account?.id ?? ''))?.name).toBe('Twin');
      } finally {
        for (const s of stores) await s.close();
        await db.drop();
      }
    });
  });
}

async function swap<A, B>(first: Promise<A>, second: Promise<B>): Promise<[B, A]> {
  const [a, b] = await Promise.all([first, second]);
  return [b, a];
}

/** One race's verdict: which side won, or a description of what broke. */
function judge(cancelled: string, claimed: Claim | null, id: string, final: string): string {
  if (cancelled === 'aborted' && claimed === null && final === 'aborted') return 'cancelled';
  if (cancelled === ErrorCode.ALREADY_IN_PROGRESS && claimed?.order.id === id && final === 'processing') return 'claimed';
  return `cancel=${cancelled} claim=${claimed?.order.id ?? 'null'} final=${final}`;
}
