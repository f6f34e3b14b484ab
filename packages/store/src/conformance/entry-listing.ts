import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, sleep, useFixture } from './fixture.js';

/** My Media's list: sort, filters, "Search In", OCR status and labels kept with the entry, scopes. */
export function entryListingTests(target: ConformanceTarget): void {
  describe('entry listing', () => {
    const fx = useFixture(target);
    const titles = (page: { entries: { title: string }[] }) => page.entries.map((e) => e.title);

    it('sorts by creation, update, name, duration and views in both directions, pages without overlap', async () => {
      const { store, user } = fx();
      const b = await fx().entry({ title: 'banana', durationMs: 3_000 });
      const a = await fx().entry({ title: 'Apple', durationMs: null });
      const c = await fx().entry({ title: 'cherry', durationMs: 1_000 });
      await sleep(5); // update dates are ISO instants in ms
      await store.updateEntry(b.id, { description: 'touched last' });
      await store.countEntryView(c.id);
      await store.countEntryView(c.id);
      await store.countEntryView(a.id);
      const list = (sort: 'created' | 'updated' | 'name' | 'duration' | 'views', order: 'asc' | 'desc') =>
        store.listEntries(user.id, { sort, order }).then(titles);
      expect(await list('created', 'desc')).toEqual(['cherry', 'Apple', 'banana']);
      expect(await list('created', 'asc')).toEqual(['banana', 'Apple', 'cherry']);
      expect(await list('updated', 'desc')).toEqual(['banana', 'cherry', 'Apple']);
      expect(await list('name', 'asc')).toEqual(['Apple', 'banana', 'cherry']);
      expect(await list('name', 'desc')).toEqual(['cherry', 'banana', 'Apple']);
      // an unknown duration is shorter than any known one
      expect(await list('duration', 'asc')).toEqual(['Apple', 'cherry', 'banana']);
      expect(await list('duration', 'desc')).toEqual(['banana', 'cherry', 'Apple']);
      expect(await list('views', 'desc')).toEqual(['cherry', 'Apple', 'banana']);
      expect((await store.getEntry(c.id))?.viewCount).toBe(2);
      expect(await store.countEntryView('ent_missing')).toBe(false);
      const pages = [];
      for (let offset = 0; offset < 3; offset++)
        pages.push(...titles(await store.listEntries(user.id, { sort: 'name', limit: 1, offset })));
      expect(pages).toEqual(['cherry', 'banana', 'Apple']);
      expect((await store.listEntries(user.id, { limit: 1 })).total).toBe(3);
    });

    it('filters by publish status, media type, category (whole ids only) and OCR status', async () => {
      const { store, user } = fx();
      await fx().entry({ title: 'clip', visibility: 'published', mediaType: 'video', categoryIds: ['lectures'] });
      await fx().entry({ title: 'gif', mediaType: 'image', categoryIds: ['lectures-2'] });
      await fx().entry({ title: 'bare' });
      expect(titles(await store.listEntries(user.id, { visibility: 'published' }))).toEqual(['clip']);
      expect(titles(await store.listEntries(user.id, { visibility: 'private' }))).toEqual(['bare', 'gif']);
      expect(titles(await store.listEntries(user.id, { mediaType: 'image' }))).toEqual(['gif']);
      expect(titles(await store.listEntries(user.id, { categoryId: 'lectures' }))).toEqual(['clip']);
      expect(titles(await store.listEntries(user.id, { categoryId: 'lectures_2' }))).toEqual([]);
      expect((await store.listEntries(user.id, { ocrStatus: 'none' })).total).toBe(3);
      expect((await rejection(store.createEntry({ ownerId: user.id, title: 'x', mediaType: 'audio' as 'video' }))).code).toBe(
        ErrorCode.INVALID_INPUT,
      );
    });

    it('searches in all fields, one field, or the on-screen text matches the caller found; wildcards are literal', async () => {
      const { store, user } = fx();
      const slides = await fx().entry({ title: 'Slides', description: 'quarterly review', tags: ['finance'] });
      const talk = await fx().entry({ title: 'Quarterly talk' });
      const demo = await fx().entry({ title: 'Demo' });
      const search = (q: string, searchIn: 'all' | 'title' | 'description' | 'tags' | 'ocr', ocrMatchIds: string[] = []) =>
        store.listEntries(user.id, { q, searchIn, ocrMatchIds, sort: 'name', order: 'asc' }).then(titles);
      expect(await search('QUARTERLY', 'all')).toEqual(['Quarterly talk', 'Slides']);
      expect(await search('quarterly', 'title')).toEqual(['Quarterly talk']);
      expect(await search('quarterly', 'description')).toEqual(['Slides']);
      expect(await search('finance', 'tags')).toEqual(['Slides']);
      expect(await search('quarterly', 'all', [demo.id])).toEqual(['Demo', 'Quarterly talk', 'Slides']);
      expect(await search('quarterly', 'ocr', [demo.id, talk.id])).toEqual(['Demo', 'Quarterly talk']);
      expect(await search('quarterly', 'ocr')).toEqual([]);
      expect(await search('%', 'all')).toEqual([]);
      expect(await search("' OR 1=1 --", 'all')).toEqual([]);
      expect(slides.id).toBeTruthy();
      const tooMany = Array.from({ length: 10_001 }, (_, i) => `ent_${i}`);
      expect((await rejection(store.listEntries(user.id, { q: 'x', ocrMatchIds: tooMany }))).code).toBe(ErrorCode.INVALID_INPUT);
    });

    it("shows one owner's entries, or an account's to an admin scope, never another account's", async () => {
      const { store, user, colleague, stranger } = fx();
      await fx().entry({ title: 'mine' });
      await store.createEntry({ ownerId: colleague.id, title: 'colleague' });
      await store.createEntry({ ownerId: stranger.id, title: 'stranger' });
      expect(titles(await store.listEntries(user.id))).toEqual(['mine']);
      expect(titles(await store.listEntries({ accountId: user.accountId }, { sort: 'name', order: 'asc' }))).toEqual(['colleague', 'mine']);
      expect(titles(await store.listEntries({ accountId: user.accountId, ownerId: colleague.id }))).toEqual(['colleague']);
      expect(titles(await store.listEntries({ accountId: user.accountId, ownerId: stranger.id }))).toEqual([]);
      expect((await store.listUsers(user.accountId)).map((u) => u.name)).toEqual(['Ada', 'Bob']);
      expect((await store.listUsers(user.accountId, 'B')).map((u) => u.id)).toEqual([colleague.id]);
      expect(await store.listUsers(user.accountId, '%')).toEqual([]);
    });

    it('keeps the OCR status from the newest order that was not cancelled, and the labels of a ready one', async () => {
      const { store, user } = fx();
      const order = await fx().order();
      const status = async () => (await store.getEntry(order.entryId))?.ocrStatus;
      expect(await status()).toBe('ordered');
      let listed = (await store.listEntries(user.id, { ocrStatus: 'ordered' })).entries;
      expect(listed.map((e) => [e.id, e.latestOrder?.id, e.latestOrder?.status])).toEqual([[order.entryId, order.id, 'pending']]);
      await store.cancelOrder(order.id, user.id);
      expect(await status()).toBe('none');
      const again = await store.createOrders({ accountId: user.accountId, requesterId: user.id, request: { entryIds: [order.entryId] } });
      const claim = await store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      expect(claim?.order.id).toBe(again.orders[0]?.id);
      await store.completeOrder(claim?.order.id ?? '', claim?.leaseToken ?? '', {
        segmentCount: 4,
        labels: { top: ['Revenue', 'Q3'], count: 5 },
      });
      expect(await store.getEntry(order.entryId)).toMatchObject({ ocrStatus: 'ready', labels: { top: ['Revenue', 'Q3'], count: 5 } });
      listed = (await store.listEntries(user.id, { ocrStatus: 'ready' })).entries;
      expect(listed[0]?.latestOrder?.status).toBe('ready');
      // a failed order after it: the entry's status is error; its labels stay
      await store.createOrders({ accountId: user.accountId, requesterId: user.id, request: { entryIds: [order.entryId] } });
      const second = await store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
      await store.failOrder(second?.order.id ?? '', second?.leaseToken ?? '', { code: 'OCR_FAILED', details: 'x', retryable: false });
      expect(await store.getEntry(order.entryId)).toMatchObject({ ocrStatus: 'error', labels: { count: 5 } });
      expect((await store.listEntries(user.id, { ocrStatus: 'error' })).total).toBe(1);
      expect(await store.setEntryLabels(order.entryId, { top: [], count: 0 })).toBe(true);
      expect(await store.setEntryLabels('ent_missing', { top: [], count: 0 })).toBe(false);
    });
  });
}
