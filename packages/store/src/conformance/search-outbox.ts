import { ErrorCode, type ExtractedSegment } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, sleep, useFixture } from './fixture.js';

const segment = (startMs: number, text = `line ${startMs}`): ExtractedSegment => ({
  text,
  startMs,
  endMs: startMs + 1000,
  confidence: 0.9,
  bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 },
});

export function searchOutboxTests(target: ConformanceTarget): void {
  describe('search outbox', () => {
    const fx = useFixture(target);
    const claimAll = (owner = 'd1', leaseMs = 60_000) => fx().store.claimSearchChanges({ owner, leaseMs, limit: 100 });

    it('a change search shows marks the entry in its own transaction; other changes do not', async () => {
      const { store, colleague } = fx();
      const entry = await fx().entry();
      await store.updateEntry(entry.id, { description: 'not in the documents', tags: ['x'] });
      expect(await claimAll()).toEqual([]);
      await store.updateEntry(entry.id, { visibility: 'published' });
      await store.updateEntry(entry.id, { title: 'New title' });
      await store.updateEntry(entry.id, { ownerId: colleague.id });
      const [change, ...rest] = await claimAll();
      expect(rest).toEqual([]);
      expect(change).toMatchObject({ entryId: entry.id, reason: 'entry', version: 3, attempts: 0, filePath: null });
      expect((await store.getEntryProjection(entry.id)).entry).toMatchObject({ ownerId: colleague.id, title: 'New title' });
      expect(await store.completeSearchChange(entry.id, 'd1', 3)).toBe('done');
      expect(await store.searchOutboxStats()).toEqual({ pending: 0, failing: 0, oldestAgeMs: 0 });
    });

    it('an entry moves only to a user of its own account', async () => {
      const entry = await fx().entry();
      expect((await rejection(fx().store.updateEntry(entry.id, { ownerId: fx().stranger.id }))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await rejection(fx().store.updateEntry(entry.id, { ownerId: 'usr_nobody' }))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await fx().store.getEntry(entry.id))?.ownerId).toBe(fx().user.id);
      expect(await claimAll()).toEqual([]);
    });

    it('a change made while a dispatcher applies the row keeps the row: it is applied again', async () => {
      const { store } = fx();
      const entry = await fx().entry();
      await store.updateEntry(entry.id, { visibility: 'published' });
      const [first] = await claimAll();
      await store.updateEntry(entry.id, { visibility: 'private' });
      expect(await store.completeSearchChange(entry.id, 'd1', first?.version ?? 0)).toBe('changed');
      const [again] = await claimAll('d2');
      expect(again).toMatchObject({ entryId: entry.id, version: 2 });
      expect(await store.completeSearchChange(entry.id, 'd2', 2)).toBe('done');
    });

    it('a dispatcher whose lease expired cannot mark the row done: the entry is marked again', async () => {
      const { store } = fx();
      const entry = await fx().entry();
      await store.updateEntry(entry.id, { title: 'Once' });
      const [slow] = await store.claimSearchChanges({ owner: 'slow', leaseMs: 1_000, limit: 10 });
      expect(await claimAll('fast')).toEqual([]);
      await sleep(1_100);
      const [fast] = await claimAll('fast');
      expect(fast?.version).toBe(1);
      expect(await store.completeSearchChange(entry.id, 'fast', 1)).toBe('done');
      // the slow one's write may have landed after the fast one's: applied once more
      expect(await store.completeSearchChange(entry.id, 'slow', slow?.version ?? 0)).toBe('lost');
      expect(await claimAll('fast')).toMatchObject([{ entryId: entry.id, reason: 'lease-lost' }]);
    });

    it('a failed application waits its backoff, counts the attempt and keeps the error', async () => {
      const { store } = fx();
      const entry = await fx().entry();
      await store.updateEntry(entry.id, { title: 'Retry me' });
      await claimAll();
      expect(await store.failSearchChange(entry.id, 'd1', { error: 'Meilisearch is unreachable', backoffMs: 300 })).toBe(true);
      expect(await store.failSearchChange(entry.id, 'd1', { error: 'twice', backoffMs: 0 })).toBe(false);
      expect(await claimAll()).toEqual([]);
      expect(await store.searchOutboxStats()).toMatchObject({ pending: 1, failing: 1 });
      // the row of one entry can be claimed before it is due (a worker finishing an order does)
      const [early] = await store.claimSearchChanges({ owner: 'w', leaseMs: 10, limit: 1, entryId: entry.id });
      expect(early).toMatchObject({ attempts: 1, lastError: 'Meilisearch is unreachable' });
      await sleep(400);
      expect(await claimAll()).toMatchObject([{ entryId: entry.id, attempts: 1 }]);
    });

    it("an order's segments are recorded under its lease, with the mark, and replace the entry's earlier ones", async () => {
      const { store } = fx();
      const order = await fx().order();
      const claim = await store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      const token = claim?.leaseToken ?? '';
      expect((await rejection(store.commitOrderSegments(order.id, 'forged', { segments: [segment(0)], language: 'eng' }))).code).toBe(
        ErrorCode.LEASE_LOST,
      );
      const backwards = { ...segment(5000), endMs: 10 };
      expect((await rejection(store.commitOrderSegments(order.id, token, { segments: [backwards], language: 'eng' }))).code).toBe(
        ErrorCode.INVALID_INPUT,
      );
      expect(await claimAll()).toEqual([]);
      await store.commitOrderSegments(order.id, token, { segments: [segment(0), segment(1000)], language: 'eng' });
      const version = await store.commitOrderSegments(order.id, token, { segments: [segment(2000, 'only')], language: 'eng+spa' });
      expect(version).toBe(2);
      expect(await store.getEntryProjection(order.entryId)).toMatchObject({
        entry: { id: order.entryId },
        segments: { orderId: order.id, language: 'eng+spa', segments: [{ text: 'only', startMs: 2000 }] },
      });
      expect(await store.listSearchProjection('', 10)).toMatchObject([{ entry: { id: order.entryId }, segmentCount: 1 }]);
      expect(await claimAll()).toMatchObject([{ entryId: order.entryId, reason: 'segments', version: 2 }]);
    });

    it('deleting an entry drops its segments and marks it with its media file', async () => {
      const { store } = fx();
      const order = await fx().order({ filePath: '/data/media/x.mp4' });
      const claim = await store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      await store.commitOrderSegments(order.id, claim?.leaseToken ?? '', { segments: [segment(0)], language: 'eng' });
      expect(await store.deleteEntry(order.entryId)).toBe(true);
      expect(await store.getEntryProjection(order.entryId)).toEqual({ entry: null, segments: null });
      expect(await store.getSearchChange(order.entryId)).toMatchObject({ reason: 'delete', filePath: '/data/media/x.mp4' });
      expect(await claimAll()).toMatchObject([{ entryId: order.entryId, reason: 'delete', filePath: '/data/media/x.mp4' }]);
      expect(await store.deleteEntry(order.entryId)).toBe(false);
      // the lost order cannot bring the segments back
      expect(
        (await rejection(store.commitOrderSegments(order.id, claim?.leaseToken ?? '', { segments: [segment(0)], language: 'eng' }))).code,
      ).toBe(ErrorCode.NOT_FOUND);
      await store.markSearchChanges([order.entryId, 'ent_gone'], 'reconcile');
      expect((await store.searchOutboxStats()).pending).toBe(2);
    });

    it('tells who may see entries now, in one call, leaving unknown ids out', async () => {
      const { store, colleague } = fx();
      const shown = await fx().entry({ visibility: 'published', title: 'Shown' });
      const hidden = await fx().entry({ title: 'Hidden' });
      await store.updateEntry(hidden.id, { ownerId: colleague.id });
      const access = await store.getSearchAccess([shown.id, hidden.id, 'ent_unknown', shown.id]);
      expect(Object.fromEntries(access)).toEqual({
        [shown.id]: { ownerId: fx().user.id, visibility: 'published', title: 'Shown' },
        [hidden.id]: { ownerId: colleague.id, visibility: 'private', title: 'Hidden' },
      });
      expect((await store.getSearchAccess([])).size).toBe(0);
      expect((await rejection(store.getSearchAccess(Array.from({ length: 1001 }, (_, i) => `ent_${i}`)))).code).toBe(
        ErrorCode.INVALID_INPUT,
      );
    });

    it('two stores claiming at once never lease one row twice', async () => {
      const { store } = fx();
      const second = await fx().openSecond();
      const entries = await Promise.all(Array.from({ length: 60 }, () => fx().entry()));
      for (const entry of entries) await store.updateEntry(entry.id, { visibility: 'published' });
      const seen: string[] = [];
      const drain = async (s: typeof store, owner: string) => {
        for (;;) {
          const claimed = await s.claimSearchChanges({ owner, leaseMs: 60_000, limit: 7 });
          if (claimed.length === 0) return;
          for (const change of claimed) {
            seen.push(change.entryId);
            expect(await s.completeSearchChange(change.entryId, owner, change.version)).toBe('done');
          }
        }
      };
      await Promise.all([drain(store, 'a'), drain(second, 'b'), drain(store, 'c'), drain(second, 'd')]);
      expect(seen.length).toBe(60);
      expect(new Set(seen).size).toBe(60);
    });
  });
}
